/**
 * `authorize()`, `resourceParam()` and `authorized()` on Express 5 and Koa 3: the param
 * loader runs once, after the actor, for every check of the route; the actor is resolved
 * once per request; the accessor without an allow fails loudly.
 */
import { Oso } from "@oso-ts/core";
import request from "supertest";
import { beforeAll, describe, expect, test } from "vitest";
import type { AppSpec, Driver } from "./driver.js";
import { DRIVERS } from "./drivers.js";

class User {
  constructor(readonly name: string) {}
}
class Doc {
  constructor(
    readonly id: string,
    readonly owner: string,
  ) {}
}
const DOCS = new Map([["1", new Doc("1", "alice")]]);

let oso: Oso;
beforeAll(async () => {
  oso = new Oso();
  oso.registerClass(User);
  oso.registerClass(Doc);
  await oso.loadStr(
    `allow(user: User, action, doc: Doc) if doc.owner = user.name and action in ["read", "write"];`,
  );
});

/** An app whose actor is the `x-user` header's `User`, counting the resolver's calls. */
function app(driver: Driver, spec: (counts: { actor: number; load: number }) => Partial<AppSpec>) {
  const counts = { actor: 0, load: 0 };
  const { handler } = driver.app({
    middleware: {
      oso,
      actor: (r) => {
        counts.actor++;
        const name = r.header("x-user");
        return name ? new User(name) : null;
      },
    },
    osoErrorHandler: true,
    ...spec(counts),
  });
  return { app: handler, counts };
}

describe.each(DRIVERS)("authorize() on $name", (driver) => {
  const show = (r: { state: { actor?: unknown; resource?: unknown } }) => ({
    actor: (r.state.actor as User).name,
    doc: (r.state.resource as Doc).id,
  });

  test("resourceParam: loaded once, after the actor, shared by every check of the route", async () => {
    const { app: a, counts } = app(driver, (counts) => ({
      params: {
        docId: async (id) => {
          counts.load++;
          return DOCS.get(id);
        },
      },
      routes: [{ path: "/docs/:docId", checks: [{ action: "read" }, { action: "write" }], handler: show }],
    }));
    await request(a).get("/docs/1").set("x-user", "alice").expect(200, { actor: "alice", doc: "1" });
    expect(counts).toEqual({ actor: 1, load: 1 });
    await request(a).get("/docs/1").expect(401);
    expect(counts).toEqual({ actor: 2, load: 1 });
  });

  test("the actor is resolved once per request, for the route and the handler's own checks", async () => {
    const { app: a, counts } = app(driver, () => ({
      routes: [
        {
          path: "/docs/:id",
          checks: [{ action: "read", loader: (r) => DOCS.get(String(r.params.id)) }],
          handler: async (r) => {
            const { resource } = r.authorized() as { resource: Doc };
            await r.checks.authorize("write", resource);
            return { actions: [...(await r.checks.authorizedActions(resource))].sort() };
          },
        },
      ],
    }));
    await request(a)
      .get("/docs/1")
      .set("x-user", "alice")
      .expect(200, { actions: ["read", "write"] });
    expect(counts.actor).toBe(1);
  });

  test(`authorized(${driver.accessorArgument}) without an allow is a clear error, not a silent undefined`, async () => {
    const message = new RegExp(
      `authorized\\(${driver.accessorArgument}\\): no authorize\\(\\) middleware allowed this request`,
    );
    const fallback = (e: unknown) => ({ status: 500, body: { message: (e as Error).message } });
    const route = { path: "/nothing", handler: (r: { authorized(): unknown }) => r.authorized() };
    // with osoMiddleware and osoErrorHandler, and in an app without either
    const withOso = app(driver, () => ({ routes: [route], fallback })).app;
    const bare = driver.app({ routes: [route], fallback }).handler;
    for (const a of [withOso, bare]) {
      const res = await request(a).get("/nothing").expect(500);
      expect(res.body.message).toMatch(message);
    }
  });
});

/**
 * Data filtering in a request, on Express 5 and Koa 3: `authorizedQuery()` /
 * `authorizedResources()` of `req` / `ctx` for the request's actor, 401 without one, adapter
 * errors through the app's error path.
 */
import { type Adapter, arrayAdapter, Oso } from "@oso-ts/core";
import request from "supertest";
import { describe, expect, test } from "vitest";
import type { Driver } from "./driver.js";
import { DRIVERS } from "./drivers.js";

class User {
  constructor(readonly name: string) {}
}
class Doc {
  constructor(
    readonly id: number,
    readonly owner: string,
  ) {}
}
const DOCS = [new Doc(1, "alice"), new Doc(2, "bob"), new Doc(3, "alice")];

async function app(driver: Driver, adapter: Adapter = arrayAdapter({ Doc: DOCS })) {
  const oso = new Oso();
  oso.registerClass(User);
  oso.registerClass(Doc, { fields: { id: Number, owner: String } });
  await oso.loadStr(`allow(user: User, "read", doc: Doc) if doc.owner = user.name;`);
  oso.setDataFilteringAdapter(adapter);
  return driver.app({
    middleware: { oso, actor: (r) => (r.header("x-user") ? new User(r.header("x-user")!) : null) },
    routes: [
      {
        path: "/docs",
        handler: async (r) => (await r.checks.authorizedResources<Doc>("read", Doc)).map((d) => d.id),
      },
      {
        path: "/query",
        handler: async (r) => ({
          model: (await r.checks.authorizedQuery<{ model: string }>("read", "Doc")).model,
        }),
      },
    ],
    osoErrorHandler: true,
    fallback: (err) => ({ status: 500, body: { error: (err as Error).message } }),
  }).handler;
}

describe.each(DRIVERS)("authorizedResources() / authorizedQuery() on $name", (driver) => {
  test("the rows the request's actor may read; the adapter's query", async () => {
    const a = await app(driver);
    await request(a).get("/docs").set("x-user", "alice").expect(200, [1, 3]);
    await request(a).get("/docs").set("x-user", "carol").expect(200, []);
    await request(a).get("/query").set("x-user", "bob").expect(200, { model: "Doc" });
  });

  test("401 when there is no actor", async () => {
    const a = await app(driver);
    await request(a).get("/docs").expect(401);
    await request(a).get("/query").expect(401);
  });

  test("an adapter error goes to the app's error path, never an empty list", async () => {
    const a = await app(driver, {
      buildQuery: (f) => f,
      executeQuery: async () => {
        throw new Error("database down");
      },
    });
    const res = await request(a).get("/docs").set("x-user", "alice").expect(500);
    expect(res.body).toEqual({ error: "database down" });
  });
});

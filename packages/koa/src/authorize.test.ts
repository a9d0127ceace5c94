/**
 * `authorize()`, `resourceParam()` and `authorized()` on Koa 3 with `@koa/router`:
 * nested routers, state, lazy param loading, the actor resolved once per request.
 */
import Router from "@koa/router";
import { Oso } from "@oso-ts/core";
import Koa, { type Context } from "koa";
import request from "supertest";
import { beforeAll, describe, expect, test } from "vitest";
import { authorize, authorized, osoErrorHandler, osoMiddleware, resourceParam } from "./index.js";

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

function app(routes: (router: Router, counts: { actor: number; load: number }) => void) {
  const counts = { actor: 0, load: 0 };
  const a = new Koa();
  a.silent = true;
  a.use(osoErrorHandler());
  a.use(
    osoMiddleware({
      oso,
      actor: (ctx) => {
        counts.actor++;
        const name = ctx.get("x-user");
        return name ? new User(name) : null;
      },
    }),
  );
  const router = new Router();
  routes(router, counts);
  a.use(router.routes());
  return { app: a.callback(), counts };
}

const show = (ctx: Context) => {
  ctx.body = { actor: (ctx.state.actor as User).name, doc: (ctx.state.resource as Doc).id };
};

describe("authorize() on Koa", () => {
  test("on a nested router with a prefix", async () => {
    const { app: a } = app((router) => {
      const docs = new Router({ prefix: "/docs" });
      docs.get(
        "/:docId",
        authorize("read", (ctx) => DOCS.get(String(ctx.params.docId))),
        show,
      );
      router.use("/api", docs.routes());
    });
    await request(a).get("/api/docs/1").set("x-user", "alice").expect(200, { actor: "alice", doc: "1" });
    await request(a).get("/api/docs/1").set("x-user", "bob").expect(404);
    await request(a).get("/api/docs/2").set("x-user", "alice").expect(404);
    await request(a).get("/api/docs/1").expect(401);
  });

  test("resourceParam: loaded once, after the actor, shared by every check of the route", async () => {
    const { app: a, counts } = app((router, counts) => {
      router.param(
        "docId",
        resourceParam(async (id) => {
          counts.load++;
          return DOCS.get(id);
        }),
      );
      router.get("/docs/:docId", authorize("read"), authorize("write"), show);
    });
    await request(a).get("/docs/1").set("x-user", "alice").expect(200, { actor: "alice", doc: "1" });
    expect(counts).toEqual({ actor: 1, load: 1 });
    await request(a).get("/docs/1").expect(401);
    expect(counts).toEqual({ actor: 2, load: 1 });
  });

  test("the actor is resolved once per request, for the route and the handler's own checks", async () => {
    const { app: a, counts } = app((router) => {
      router.get(
        "/docs/:id",
        authorize("read", (ctx) => DOCS.get(String(ctx.params.id))),
        async (ctx) => {
          const { resource } = authorized<Doc>(ctx);
          await ctx.authorize("write", resource);
          ctx.body = { actions: [...(await ctx.authorizedActions(resource))].sort() };
        },
      );
    });
    await request(a)
      .get("/docs/1")
      .set("x-user", "alice")
      .expect(200, { actions: ["read", "write"] });
    expect(counts.actor).toBe(1);
  });

  test("authorized(ctx) without an allow is a clear error, not a silent undefined", async () => {
    const a = new Koa();
    a.silent = true;
    a.use(async (ctx, next) => {
      try {
        await next();
      } catch (e) {
        ctx.status = 500;
        ctx.body = { message: (e as Error).message };
      }
    });
    a.use((ctx) => {
      ctx.body = authorized(ctx);
    });
    const res = await request(a.callback()).get("/").expect(500);
    expect(res.body.message).toMatch(/authorized\(ctx\): no authorize\(\) middleware allowed this request/);
  });

  test("works as plain app middleware too (no router)", async () => {
    const a = new Koa();
    a.silent = true;
    a.use(osoMiddleware({ oso, actor: () => new User("alice") }));
    a.use(authorize("read", () => DOCS.get("1")));
    a.use(show);
    await request(a.callback()).get("/").expect(200, { actor: "alice", doc: "1" });
  });
});

/**
 * `authorize()` on Koa 3: what only Koa has, nested `@koa/router` routers with a prefix and
 * plain app middleware without a router. The param loader, the actor resolved once and the
 * accessor's error, the same on Express, are in the shared suite (test/adapters/route-checks.test.ts).
 */
import Router from "@koa/router";
import { Oso } from "@oso-ts/core";
import Koa, { type Context } from "koa";
import request from "supertest";
import { beforeAll, describe, test } from "vitest";
import { authorize, osoErrorHandler, osoMiddleware } from "./index.js";

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

function app(routes: (router: Router) => void) {
  const a = new Koa();
  a.silent = true;
  a.use(osoErrorHandler());
  a.use(
    osoMiddleware({
      oso,
      actor: (ctx) => {
        const name = ctx.get("x-user");
        return name ? new User(name) : null;
      },
    }),
  );
  const router = new Router();
  routes(router);
  a.use(router.routes());
  return { app: a.callback() };
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

  test("works as plain app middleware too (no router)", async () => {
    const a = new Koa();
    a.silent = true;
    a.use(osoMiddleware({ oso, actor: () => new User("alice") }));
    a.use(authorize("read", () => DOCS.get("1")));
    a.use(show);
    await request(a.callback()).get("/").expect(200, { actor: "alice", doc: "1" });
  });
});

/**
 * Data filtering in a request: `ctx.authorizedQuery()` / `ctx.authorizedResources()` for
 * the request's actor, 401 without one, adapter errors through the app's error path.
 */
import Router from "@koa/router";
import { arrayAdapter, Oso } from "@oso-ts/core";
import Koa from "koa";
import request from "supertest";
import { describe, expect, test } from "vitest";
import { osoErrorHandler, osoMiddleware } from "./index.js";

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

async function app(adapter = arrayAdapter({ Doc: DOCS })) {
  const oso = new Oso();
  oso.registerClass(User);
  oso.registerClass(Doc, { fields: { id: Number, owner: String } });
  await oso.loadStr(`allow(user: User, "read", doc: Doc) if doc.owner = user.name;`);
  oso.setDataFilteringAdapter(adapter);
  const a = new Koa();
  a.silent = true;
  a.use(async (ctx, next) => {
    try {
      await next();
    } catch (e) {
      if ((e as { status?: number }).status !== undefined) throw e;
      ctx.status = 500;
      ctx.body = { error: (e as Error).message };
    }
  });
  a.use(osoErrorHandler());
  a.use(osoMiddleware({ oso, actor: (ctx) => (ctx.get("x-user") ? new User(ctx.get("x-user")) : null) }));
  const router = new Router();
  router.get("/docs", async (ctx) => {
    const docs = await ctx.authorizedResources<Doc>("read", Doc);
    ctx.body = docs.map((d) => d.id);
  });
  router.get("/query", async (ctx) => {
    const filter = await ctx.authorizedQuery<{ model: string }>("read", "Doc");
    ctx.body = { model: filter.model };
  });
  a.use(router.routes());
  return a.callback();
}

describe("ctx.authorizedResources() / ctx.authorizedQuery() on Koa", () => {
  test("the rows the request's actor may read; the adapter's query", async () => {
    const a = await app();
    await request(a).get("/docs").set("x-user", "alice").expect(200, [1, 3]);
    await request(a).get("/docs").set("x-user", "carol").expect(200, []);
    await request(a).get("/query").set("x-user", "bob").expect(200, { model: "Doc" });
  });

  test("401 when there is no actor", async () => {
    const a = await app();
    await request(a).get("/docs").expect(401);
    await request(a).get("/query").expect(401);
  });

  test("an adapter error goes to the app's error path, never an empty list", async () => {
    const a = await app({
      buildQuery: (f) => f,
      executeQuery: async () => {
        throw new Error("database down");
      },
    });
    const res = await request(a).get("/docs").set("x-user", "alice").expect(500);
    expect(res.body).toEqual({ error: "database down" });
  });
});

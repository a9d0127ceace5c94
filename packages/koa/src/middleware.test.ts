/**
 * `osoMiddleware()` on Koa 3: the context the anonymous factory gets. What it installs per
 * request and per app, the same on Express, is in the shared suite (test/adapters/middleware.test.ts).
 */
import { Oso } from "@oso-ts/core";
import Koa from "koa";
import request from "supertest";
import { describe, test } from "vitest";
import { osoErrorHandler, osoMiddleware } from "./index.js";

describe("osoMiddleware() on Koa", () => {
  test("an anonymous factory gets the context", async () => {
    const oso = new Oso();
    await oso.loadStr(`allow(actor, "read", _page) if actor = "guest of /pages";`);
    const app = new Koa();
    app.use(osoErrorHandler());
    app.use(
      osoMiddleware({ oso, actor: (ctx) => ctx.state.user, anonymous: (ctx) => `guest of ${ctx.path}` }),
    );
    app.use(async (ctx) => {
      ctx.body = await ctx.authorize("read", { page: 1 });
    });
    await request(app.callback()).get("/pages").expect(200, { page: 1 });
    await request(app.callback()).get("/other").expect(404);
  });
});

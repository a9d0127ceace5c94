/**
 * `osoMiddleware()` on Koa 3: what it installs per request, and the anonymous actor.
 */
import { Oso } from "@oso-ts/core";
import Koa from "koa";
import request from "supertest";
import { describe, expect, test } from "vitest";
import { osoErrorHandler, osoMiddleware } from "./index.js";

describe("osoMiddleware() on Koa", () => {
  test("installs ctx.authorize and ctx.authorizedActions; resolves no actor until asked", async () => {
    let resolved = 0;
    const app = new Koa();
    app.use(
      osoMiddleware({
        oso: new Oso(),
        actor: () => {
          resolved++;
          return "alice";
        },
      }),
    );
    app.use((ctx) => {
      ctx.body = { authorize: typeof ctx.authorize, authorizedActions: typeof ctx.authorizedActions };
    });
    await request(app.callback())
      .get("/")
      .expect(200, { authorize: "function", authorizedActions: "function" });
    expect(resolved).toBe(0);
  });

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

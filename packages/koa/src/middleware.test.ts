/**
 * `osoMiddleware()` on Koa 3: what it installs per request and per app, and the anonymous actor.
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

  describe("the check methods live on each app's own app.context", () => {
    const METHODS = ["authorize", "authorizedActions", "authorizedQuery", "authorizedResources"];
    /** Koa's base context: the prototype of every app's `app.context`, shared by all apps. */
    const shared = Object.getPrototypeOf(new Koa().context) as object;
    const ownKeys = (o: object) => Reflect.ownKeys(o).map(String).sort();

    /** An app whose contexts are checked against `oso` for `actor`, answering `ctx.authorize("read", {page})`. */
    function appFor(oso: Oso, actor: string): Koa {
      const app = new Koa();
      app.use(osoErrorHandler());
      app.use(osoMiddleware({ oso, actor: () => actor }));
      app.use(async (ctx) => {
        ctx.body = await ctx.authorize("read", { page: Number(ctx.query.page) });
      });
      return app;
    }

    test("are defined on app.context by the app's first request through the middleware, never on Koa's shared prototype", async () => {
      const before = ownKeys(shared);
      const oso = new Oso();
      await oso.loadStr(`allow("alice", "read", _page);`);
      const app = appFor(oso, "alice");
      for (const name of METHODS) expect(name in app.context, name).toBe(false);
      await request(app.callback()).get("/?page=1").expect(200, { page: 1 });
      for (const name of METHODS) {
        expect(Object.hasOwn(app.context, name), name).toBe(true);
        expect(name in shared, name).toBe(false);
      }
      expect(ownKeys(shared)).toEqual(before);
    });

    test("two apps share neither the methods nor the decisions", async () => {
      const osoA = new Oso();
      await osoA.loadStr(`allow("alice", "read", _page);`);
      const osoB = new Oso();
      await osoB.loadStr(`allow("bob", "read", page) if page.page = 2;`);
      const a = appFor(osoA, "alice");
      const b = appFor(osoB, "bob");
      const plain = new Koa();
      plain.use((ctx) => {
        ctx.body = { authorize: typeof ctx.authorize };
      });
      await request(a.callback()).get("/?page=1").expect(200, { page: 1 });
      // b has not run yet: a's first request installed nothing on it
      for (const name of METHODS) expect(name in b.context, name).toBe(false);
      await request(b.callback()).get("/?page=1").expect(404);
      await request(b.callback()).get("/?page=2").expect(200, { page: 2 });
      await request(a.callback()).get("/?page=2").expect(200, { page: 2 });
      await request(plain.callback()).get("/").expect(200, { authorize: "undefined" });
    });

    test("one middleware mounted in two apps installs on each", async () => {
      const oso = new Oso();
      await oso.loadStr(`allow("alice", "read", _page);`);
      const middleware = osoMiddleware({ oso, actor: () => "alice" });
      const apps = [new Koa(), new Koa()];
      for (const app of apps) {
        app.use(middleware);
        app.use(async (ctx) => {
          ctx.body = await ctx.authorize("read", { page: 3 });
        });
      }
      for (const app of [...apps, ...apps]) await request(app.callback()).get("/").expect(200, { page: 3 });
      for (const app of apps) expect(Object.hasOwn(app.context, "authorize")).toBe(true);
    });
  });
});

/**
 * Inputs at the edges of the adapters' contract, on Express 5 and Koa 3: values thrown by
 * the application's functions that the frameworks would misread, parameters that share a
 * value, checks inside handlers on requests the middleware never saw, and the 401's
 * shared headers.
 */
import Router from "@koa/router";
import { Oso } from "@oso-ts/core";
import * as E from "@oso-ts/express";
import * as K from "@oso-ts/koa";
import express from "express";
import Koa from "koa";
import request from "supertest";
import { beforeAll, describe, expect, test } from "vitest";

class User {
  constructor(readonly name: string) {}
}
class Org {
  constructor(readonly id: string) {}
}
class Repo {
  constructor(readonly id: string) {}
}

let oso: Oso;
beforeAll(async () => {
  oso = new Oso();
  for (const c of [User, Org, Repo]) oso.registerClass(c);
  await oso.loadStr(`allow(_u: User, "read", _o: Org);
allow(_u: User, "read", r: Repo) if r.id != "private";`);
});

const MISREAD = [
  ["undefined", undefined],
  ["null", null],
  ["0", 0],
  ['"route"', "route"],
  ['"router"', "router"],
] as const;

describe("a value the framework would misread, thrown by the application", () => {
  for (const [label, thrown] of MISREAD) {
    for (const mode of ["sync", "async"] as const) {
      const fail =
        mode === "sync"
          ? () => {
              throw thrown;
            }
          : async () => {
              throw thrown;
            };

      test(`Express, a ${mode} loader throwing ${label}: 500, the handler never runs`, async () => {
        const ran: string[] = [];
        const app = express();
        app.use(E.osoMiddleware({ oso, actor: () => new User("bob") }));
        app.get("/repos/:id", E.authorize("read", fail), (_req, res) => {
          ran.push("handler");
          res.json({});
        });
        app.get("/repos/:id", (_req, res) => {
          ran.push("next route");
          res.json({});
        });
        app.use(
          (_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
            res.status(500).json({ failed: true });
          },
        );
        const res = await request(app).get("/repos/x").timeout(2000);
        expect(res.status).toBe(500);
        expect(ran).toEqual([]);
      });

      test(`Koa, a ${mode} actor resolver throwing ${label}: 500, no hang, the handler never runs`, async () => {
        const ran: string[] = [];
        const app = new Koa();
        app.silent = true;
        app.use(K.osoMiddleware({ oso, actor: fail }));
        app.use(K.authorize("read", () => new Repo("1")));
        app.use((ctx) => {
          ran.push("handler");
          ctx.body = {};
        });
        const res = await request(app.callback()).get("/").timeout(2000);
        expect(res.status).toBe(500);
        expect(ran).toEqual([]);
      });
    }
  }
});

describe("parameters that share a value (Koa names no parameter)", () => {
  function app() {
    const koa = new Koa();
    koa.silent = true;
    koa.use(async (ctx, next) => {
      try {
        await next();
      } catch (err) {
        ctx.status = (err as { status?: number }).status ?? 500;
        ctx.body = { code: (err as { code?: string }).code };
      }
    });
    koa.use(K.osoMiddleware({ oso, actor: () => new User("bob") }));
    const router = new Router();
    // a loader for the org only: the route's innermost parameter (the repo) has none
    router.param(
      "org",
      K.resourceParam((id) => new Org(id)),
    );
    router.get("/orgs/:org/repos/:repo", K.authorize("read"), (ctx) => {
      ctx.body = { checked: K.authorized(ctx).resource?.constructor.name };
    });
    koa.use(router.routes());
    return koa.callback();
  }

  test("the org's resource is never checked in place of the repo's, whatever the values", async () => {
    for (const path of ["/orgs/acme/repos/private", "/orgs/private/repos/private"]) {
      const res = await request(app()).get(path);
      expect(res.status, path).toBe(500);
      expect(res.body, path).toEqual({ code: "invalid_state" });
    }
  });
});

describe("checks inside handlers on a request the middleware did not see", () => {
  // Express's methods live on each app's own `app.request`, installed the first time a request
  // of the app passes through osoMiddleware (a plain middleware never sees its app before
  // that): until then the app has no `req.authorize`; after, a request it skipped gets the message.
  function expressWithEarlyRoute(): express.Express {
    const app = express();
    app.get("/early", async (req, res) => {
      res.json(await req.authorize("read", new Repo("1")));
    });
    app.use(E.osoMiddleware({ oso, actor: () => new User("alice") }));
    app.get("/", (req, res) => {
      res.json({ authorize: typeof req.authorize });
    });
    app.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(500).json({ message: err.message });
    });
    return app;
  }

  test("Express: once the middleware has run in the app, a request it did not see gets the message", async () => {
    const app = expressWithEarlyRoute();
    await request(app).get("/").expect(200, { authorize: "function" });
    const res = await request(app).get("/early");
    expect(res.status).toBe(500);
    expect(res.body.message).toMatch(/osoMiddleware/);
  });

  test("Express: before the middleware first runs in the app, the app has no req.authorize", async () => {
    const app = expressWithEarlyRoute();
    const first = await request(app).get("/early");
    expect(first.status).toBe(500);
    expect(first.body.message).toMatch(/req\.authorize is not a function/);
    await request(app).get("/").expect(200, { authorize: "function" });
    expect((await request(app).get("/early")).body.message).toMatch(/osoMiddleware/);
  });

  test("Express: an app without osoMiddleware gets no methods from another app's", async () => {
    const other = express();
    other.use(E.osoMiddleware({ oso, actor: () => null }));
    other.get("/", (req, res) => {
      res.json({ authorize: typeof req.authorize });
    });
    await request(other).get("/").expect(200, { authorize: "function" });
    const app = express();
    app.get("/", (req, res) => {
      res.json({ authorize: typeof req.authorize, authorizedActions: typeof req.authorizedActions });
    });
    await request(app).get("/").expect(200, { authorize: "undefined", authorizedActions: "undefined" });
  });

  // Koa's methods live on each app's own `app.context`, installed the first time a request of
  // the app passes through osoMiddleware (the middleware never sees the app before that):
  // until then the app has no `ctx.authorize`; after, a context it skipped gets the message.
  function koaWithEarlyRoute(): Koa {
    const app = new Koa();
    app.silent = true;
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (err) {
        ctx.status = 500;
        ctx.body = { message: (err as Error).message };
      }
    });
    app.use(async (ctx, next) => {
      if (ctx.path === "/early") ctx.body = await ctx.authorize("read", new Repo("1"));
      else await next();
    });
    app.use(K.osoMiddleware({ oso, actor: () => new User("alice") }));
    app.use((ctx) => {
      ctx.body = { authorize: typeof ctx.authorize };
    });
    return app;
  }

  test("Koa: once the middleware has run in the app, a context it did not see gets the message", async () => {
    const app = koaWithEarlyRoute();
    await request(app.callback()).get("/").expect(200, { authorize: "function" });
    const res = await request(app.callback()).get("/early");
    expect(res.status).toBe(500);
    expect(res.body.message).toMatch(/osoMiddleware/);
  });

  test("Koa: before the middleware first runs in the app, the app has no ctx.authorize", async () => {
    const app = koaWithEarlyRoute();
    const first = await request(app.callback()).get("/early");
    expect(first.status).toBe(500);
    expect(first.body.message).toMatch(/ctx\.authorize is not a function/);
    await request(app.callback()).get("/").expect(200, { authorize: "function" });
    expect((await request(app.callback()).get("/early")).body.message).toMatch(/osoMiddleware/);
  });

  test("Koa: an app without osoMiddleware gets no methods from another app's", async () => {
    const other = new Koa();
    other.use(K.osoMiddleware({ oso, actor: () => null }));
    other.use((ctx) => {
      ctx.body = { authorize: typeof ctx.authorize };
    });
    await request(other.callback()).get("/").expect(200, { authorize: "function" });
    const app = new Koa();
    app.use((ctx) => {
      ctx.body = { authorize: typeof ctx.authorize, authorizedActions: typeof ctx.authorizedActions };
    });
    await request(app.callback())
      .get("/")
      .expect(200, { authorize: "undefined", authorizedActions: "undefined" });
  });
});

describe("the 401's headers", () => {
  test("an error handler cannot change the next request's 401", async () => {
    const app = express();
    app.use(E.osoMiddleware({ oso, actor: () => null, unauthenticated: { wwwAuthenticate: "Bearer" } }));
    app.get(
      "/",
      E.authorize("read", () => new Repo("1")),
    );
    app.use(
      (
        err: { status: number; headers: Record<string, string> },
        req: express.Request,
        res: express.Response,
        _next: express.NextFunction,
      ) => {
        try {
          if (req.query.tag) err.headers["X-Tag"] = String(req.query.tag);
        } catch {
          // frozen: the attempt fails
        }
        res.status(err.status).set(err.headers).end();
      },
    );
    await request(app).get("/?tag=alice-session").expect(401);
    const res = await request(app).get("/").expect(401);
    expect(res.headers["x-tag"]).toBeUndefined();
    expect(res.headers["www-authenticate"]).toBe("Bearer");
  });
});

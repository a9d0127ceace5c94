/**
 * `osoMiddleware()` on Express 5: what it installs per request and per app, and the anonymous actor.
 */
import { Oso } from "@oso-ts/core";
import express from "express";
import request from "supertest";
import { describe, expect, test } from "vitest";
import { osoErrorHandler, osoMiddleware } from "./index.js";

describe("osoMiddleware() on Express", () => {
  test("installs req.authorize and req.authorizedActions; resolves no actor until asked", async () => {
    let resolved = 0;
    const app = express();
    app.use(
      osoMiddleware({
        oso: new Oso(),
        actor: () => {
          resolved++;
          return "alice";
        },
      }),
    );
    app.get("/", (req, res) => {
      res.json({ authorize: typeof req.authorize, authorizedActions: typeof req.authorizedActions });
    });
    await request(app).get("/").expect(200, { authorize: "function", authorizedActions: "function" });
    expect(resolved).toBe(0);
  });

  test("an anonymous factory gets the request", async () => {
    const oso = new Oso();
    await oso.loadStr(`allow(actor, "read", _page) if actor = "guest from 127.0.0.1";`);
    const app = express();
    app.use(
      osoMiddleware({
        oso,
        actor: () => undefined,
        anonymous: (req) => `guest from ${req.ip?.replace("::ffff:", "")}`,
      }),
    );
    app.get("/", async (req, res) => {
      res.json(await req.authorize("read", { page: 1 }));
    });
    app.use(osoErrorHandler());
    await request(app).get("/").expect(200, { page: 1 });
  });

  describe("the check methods live on each app's own app.request", () => {
    const METHODS = ["authorize", "authorizedActions", "authorizedQuery", "authorizedResources"];
    const ownKeys = (o: object) => Reflect.ownKeys(o).map(String).sort();

    /** An app whose requests are checked against `oso` for `actor`, answering `req.authorize("read", {page})`. */
    function appFor(oso: Oso, actor: string): express.Express {
      const app = express();
      app.use(osoMiddleware({ oso, actor: () => actor }));
      app.get("/", async (req, res) => {
        res.json(await req.authorize("read", { page: Number(req.query.page) }));
      });
      app.use(osoErrorHandler());
      return app;
    }

    test("are defined on app.request by the app's first request through the middleware, never on express.request", async () => {
      // express.request: the prototype of every app's `app.request`, shared by all apps
      const before = ownKeys(express.request);
      const oso = new Oso();
      await oso.loadStr(`allow("alice", "read", _page);`);
      const app = appFor(oso, "alice");
      for (const name of METHODS) expect(name in app.request, name).toBe(false);
      await request(app).get("/?page=1").expect(200, { page: 1 });
      for (const name of METHODS) {
        expect(Object.hasOwn(app.request, name), name).toBe(true);
        expect(name in express.request, name).toBe(false);
      }
      expect(ownKeys(express.request)).toEqual(before);
    });

    test("two apps share neither the methods nor the decisions", async () => {
      const osoA = new Oso();
      await osoA.loadStr(`allow("alice", "read", _page);`);
      const osoB = new Oso();
      await osoB.loadStr(`allow("bob", "read", page) if page.page = 2;`);
      const a = appFor(osoA, "alice");
      const b = appFor(osoB, "bob");
      const plain = express();
      plain.get("/", (req, res) => {
        res.json({ authorize: typeof req.authorize });
      });
      await request(a).get("/?page=1").expect(200, { page: 1 });
      // b has not run yet: a's first request installed nothing on it
      for (const name of METHODS) expect(name in b.request, name).toBe(false);
      await request(b).get("/?page=1").expect(404);
      await request(b).get("/?page=2").expect(200, { page: 2 });
      await request(a).get("/?page=2").expect(200, { page: 2 });
      await request(plain).get("/").expect(200, { authorize: "undefined" });
    });

    test("one middleware mounted in two apps installs on each", async () => {
      const oso = new Oso();
      await oso.loadStr(`allow("alice", "read", _page);`);
      const middleware = osoMiddleware({ oso, actor: () => "alice" });
      const apps = [express(), express()];
      for (const app of apps) {
        app.use(middleware);
        app.get("/", async (req, res) => {
          res.json(await req.authorize("read", { page: 3 }));
        });
      }
      for (const app of [...apps, ...apps]) await request(app).get("/").expect(200, { page: 3 });
      for (const app of apps) expect(Object.hasOwn(app.request, "authorize")).toBe(true);
    });

    test("in a sub-app with its own osoMiddleware: installed on the sub-app, not on its parent", async () => {
      const oso = new Oso();
      await oso.loadStr(`allow("alice", "read", _page);`);
      const parent = express();
      const sub = express();
      sub.use(osoMiddleware({ oso, actor: () => "alice" }));
      sub.get("/", async (req, res) => {
        res.json(await req.authorize("read", { page: 4 }));
      });
      parent.use("/sub", sub);
      parent.get("/", (req, res) => {
        res.json({ authorize: typeof req.authorize });
      });
      await request(parent).get("/sub").expect(200, { page: 4 });
      expect(Object.hasOwn(sub.request, "authorize")).toBe(true);
      expect("authorize" in parent.request).toBe(false);
      await request(parent).get("/").expect(200, { authorize: "undefined" });
    });
  });
});

describe("osoMiddleware() per request, once the app has the check methods", () => {
  /**
   * A request of `app` as Express hands it over (its prototype is `app.request`), wrapped so
   * that every property read on it, and on its response, is logged.
   */
  function watchedRequest(app: express.Express, reads: string[]) {
    const res = new Proxy(
      { locals: Object.create(null) },
      {
        get: (target, key, receiver) => {
          reads.push(`res.${String(key)}`);
          return Reflect.get(target, key, receiver);
        },
      },
    );
    const target = Object.create(app.request) as object;
    Object.assign(target, { headers: {}, res });
    const req = new Proxy(target, {
      get: (t, key, receiver) => {
        reads.push(`req.${String(key)}`);
        return Reflect.get(t, key, receiver);
      },
    });
    return { req: req as express.Request, res: res as unknown as express.Response };
  }

  // Express gives every request and response object a hidden class of its own, so each
  // property read on them costs about a microsecond: the middleware reads `res.locals` only
  test("reads no property of the request, and only `locals` of the response", () => {
    const app = express();
    const middleware = osoMiddleware({ oso: new Oso(), actor: () => "alice" });
    const first = watchedRequest(app, []);
    middleware(first.req, first.res, () => {});
    expect(typeof (first.req as { authorize?: unknown }).authorize).toBe("function");

    const reads: string[] = [];
    const { req, res } = watchedRequest(app, reads);
    let nexted = false;
    middleware(req, res, () => {
      nexted = true;
    });
    expect(nexted).toBe(true);
    expect(reads).toEqual(["res.locals"]);
  });

  test("a request of another app still gets that app's check methods", () => {
    const middleware = osoMiddleware({ oso: new Oso(), actor: () => "alice" });
    const [one, two] = [express(), express()];
    for (const app of [one, two, one]) {
      const { req, res } = watchedRequest(app, []);
      middleware(req, res, () => {});
    }
    expect(Object.hasOwn(one.request, "authorize")).toBe(true);
    expect(Object.hasOwn(two.request, "authorize")).toBe(true);
  });
});

/**
 * `osoMiddleware()` on Express 5: what only Express has, the request the anonymous factory
 * gets and sub-apps. What it installs per request and per app, the same on Koa, is in the
 * shared suite (test/adapters/middleware.test.ts).
 */
import { Oso } from "@oso-ts/core";
import express from "express";
import request from "supertest";
import { describe, expect, test } from "vitest";
import { osoErrorHandler, osoMiddleware } from "./index.js";

describe("osoMiddleware() on Express", () => {
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

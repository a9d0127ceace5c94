/**
 * A decision that can be made synchronously stays synchronous through the middleware: no
 * Promise, no tick between the check and the handler. These tests fail if `osoMiddleware()`
 * or `authorize()` started waiting (an `async` function, an `await`) on that path, and, counted
 * with `async_hooks`, if that path created any Promise at all.
 */
import { createHook } from "node:async_hooks";
import { Oso } from "@oso-ts/core";
import express, { type Request, type RequestHandler, type Response } from "express";
import request from "supertest";
import { beforeAll, describe, expect, test } from "vitest";
import { authorize, osoErrorHandler, osoMiddleware } from "./index.js";

let oso: Oso;
beforeAll(async () => {
  oso = new Oso();
  await oso.loadStr(`allow("alice", "read", _page);`);
});

/** `authorize("read", load)` as a plain Express handler, for the wrappers below. */
const readCheck = (load: () => unknown) => authorize("read", load) as unknown as RequestHandler;

/** An app whose `GET /` runs `osoMiddleware` and `check`, each wrapped to log when its call returns. */
function appWith(check: RequestHandler, order: string[]) {
  const app = express();
  const middleware = osoMiddleware({ oso, actor: (req) => req.get("x-user") });
  app.use((req, res, next) => {
    middleware(req, res, next);
    order.push("osoMiddleware returned");
  });
  app.get(
    "/",
    (req, res, next) => {
      const returned = check(req, res, next);
      order.push(returned instanceof Promise ? "authorize returned a Promise" : "authorize returned");
      return returned;
    },
    (_req, res) => {
      order.push("handler");
      res.json(res.locals.resource);
    },
  );
  app.use(osoErrorHandler());
  return app;
}

describe("a synchronous decision stays synchronous", () => {
  test("the handler runs inside authorize()'s call, itself inside osoMiddleware's", async () => {
    const order: string[] = [];
    await request(
      appWith(
        readCheck(() => ({ page: 1 })),
        order,
      ),
    )
      .get("/")
      .set("x-user", "alice")
      .expect(200, { page: 1 });
    expect(order).toEqual(["handler", "authorize returned", "osoMiddleware returned"]);
  });

  test("a synchronous denial is thrown by authorize() itself, and answered", async () => {
    const order: string[] = [];
    const app = appWith((req, res, next) => {
      try {
        return readCheck(() => ({ page: 1 }))(req, res, next);
      } catch (e) {
        order.push("authorize threw");
        throw e;
      }
    }, order);
    await request(app).get("/").set("x-user", "bob").expect(404);
    expect(order).toEqual(["authorize threw", "osoMiddleware returned"]);
  });

  test("contrast: with an async loader, authorize() returns a Promise and the handler runs later", async () => {
    const order: string[] = [];
    await request(
      appWith(
        readCheck(async () => ({ page: 1 })),
        order,
      ),
    )
      .get("/")
      .set("x-user", "alice")
      .expect(200, { page: 1 });
    expect(order).toEqual(["authorize returned a Promise", "osoMiddleware returned", "handler"]);
  });
});

/** How many Promises `f` creates while it runs (async_hooks sees every Promise created). */
function promisesCreatedBy(f: () => void): number {
  let created = 0;
  const hook = createHook({
    init(_id, type) {
      if (type === "PROMISE") created++;
    },
  });
  hook.enable();
  try {
    f();
  } finally {
    hook.disable();
  }
  return created;
}

describe("a synchronous decision creates no Promise at all", () => {
  /** `osoMiddleware` then `authorize("read", load)` then a handler, called directly as Express would, on a request of `app`. */
  function runChain(load: () => unknown, user: string) {
    const app = express();
    const middleware = osoMiddleware({ oso, actor: (req) => req.headers["x-user"] });
    const check = readCheck(load);
    const req = Object.create(app.request) as Request;
    const res = { locals: Object.create(null) } as Response;
    Object.assign(req, { headers: { "x-user": user }, params: {}, res });
    const seen: unknown[] = [];
    const next = (err?: unknown) => seen.push(err === undefined ? res.locals.resource : err);
    return { run: () => middleware(req, res, () => void check(req, res, next)), seen };
  }

  test("an allowed request: the handler runs, and no Promise is made on the way", () => {
    const { run, seen } = runChain(() => ({ page: 1 }), "alice");
    run(); // the first request installs the check methods on the app
    seen.length = 0;
    expect(promisesCreatedBy(run)).toBe(0);
    expect(seen).toEqual([{ page: 1 }]);
  });

  test("a denied request: the denial is thrown synchronously, and no Promise is made", () => {
    const { run } = runChain(() => ({ page: 1 }), "bob");
    let thrown: unknown;
    expect(
      promisesCreatedBy(() => {
        try {
          run();
        } catch (e) {
          thrown = e;
        }
      }),
    ).toBe(0);
    expect(thrown).toMatchObject({ status: 404 });
  });

  test("contrast: an async loader makes Promises, so the count sees them", () => {
    const { run } = runChain(async () => ({ page: 1 }), "alice");
    run();
    expect(promisesCreatedBy(run)).toBeGreaterThan(0);
  });
});

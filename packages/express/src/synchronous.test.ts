/**
 * A decision that can be made synchronously stays synchronous through the middleware: no
 * Promise, no tick between the check and the handler. These tests fail if `osoMiddleware()`
 * or `authorize()` started waiting (an `async` function, an `await`) on that path. That no
 * Promise at all is created on it is counted in test/adapters/no-promise.test.ts.
 */
import { Oso } from "@oso-ts/core";
import express, { type RequestHandler } from "express";
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

/**
 * A decision that can be made synchronously stays synchronous through the middleware: the
 * next middleware runs inside the check's call, and the check returns `next()`'s own Promise
 * (no Promise of its own, no extra `await`). These tests fail if `osoMiddleware()` or
 * `authorize()` started waiting (an `async` function, an `await`) on that path. That no
 * Promise at all is created on it is counted in test/adapters/no-promise.test.ts.
 */
import { Oso } from "@oso-ts/core";
import Koa, { type Middleware, type Next } from "koa";
import request from "supertest";
import { beforeAll, describe, expect, test } from "vitest";
import { authorize, osoErrorHandler, osoMiddleware } from "./index.js";
import type { Context } from "./types.js";

let oso: Oso;
beforeAll(async () => {
  oso = new Oso();
  await oso.loadStr(`allow("alice", "read", _page);`);
});

/**
 * Run `middleware`, logging to `order` when its call returns, and whether it returned the
 * very Promise `next()` did.
 */
function watched(name: string, middleware: Middleware, order: string[]): Middleware {
  return (ctx, next) => {
    let fromNext: unknown;
    const returned = middleware(ctx, (() => {
      fromNext = next();
      return fromNext;
    }) as Next);
    order.push(`${name} returned ${returned === fromNext ? "next()'s Promise" : "its own"}`);
    return returned;
  };
}

/** `authorize("read", load)` as a plain Koa middleware, for the wrappers below. */
const readCheck = (load: () => unknown) => authorize("read", load) as unknown as Middleware;

function appWith(check: Middleware, order: string[]) {
  const app = new Koa();
  app.use(osoErrorHandler());
  const middleware = osoMiddleware({ oso, actor: (ctx) => ctx.get("x-user") || undefined });
  app.use(watched("osoMiddleware", middleware, order));
  app.use(watched("authorize", check, order));
  app.use((ctx: Context) => {
    order.push("handler");
    ctx.body = ctx.state.resource;
  });
  return app.callback();
}

describe("a synchronous decision stays synchronous", () => {
  test("the handler runs inside authorize()'s call, which returns next()'s own Promise", async () => {
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
    expect(order).toEqual([
      "handler",
      "authorize returned next()'s Promise",
      "osoMiddleware returned next()'s Promise",
    ]);
  });

  test("a synchronous denial is thrown by authorize() itself, and answered", async () => {
    const order: string[] = [];
    const check = readCheck(() => ({ page: 1 }));
    const throwing: Middleware = (ctx, next) => {
      try {
        return check(ctx, next);
      } catch (e) {
        order.push("authorize threw");
        throw e;
      }
    };
    await request(appWith(throwing, order)).get("/").set("x-user", "bob").expect(404);
    expect(order).toEqual(["authorize threw", "osoMiddleware returned next()'s Promise"]);
  });

  test("contrast: with an async loader, authorize() returns its own Promise and the handler runs later", async () => {
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
    expect(order).toEqual([
      "authorize returned its own",
      "osoMiddleware returned next()'s Promise",
      "handler",
    ]);
  });
});

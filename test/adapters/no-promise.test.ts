/**
 * A decision that can be made synchronously creates no Promise at all on its way through
 * `osoMiddleware()` and `authorize()` (counted with `async_hooks`, which sees every Promise
 * created): on Express and on Koa, each chain called directly as its framework would call
 * it, for an allowed and a denied request; and an async loader, by contrast, is counted.
 * The frameworks' other synchronous-path tests are in each package's `synchronous.test.ts`.
 */
import { createHook } from "node:async_hooks";
import { Oso } from "@oso-ts/core";
import * as expressAdapter from "@oso-ts/express";
import * as koaAdapter from "@oso-ts/koa";
import express, { type Request, type RequestHandler, type Response } from "express";
import Koa, { type Next } from "koa";
import { beforeAll, describe, expect, test } from "vitest";

let oso: Oso;
beforeAll(async () => {
  oso = new Oso();
  await oso.loadStr(`allow("alice", "read", _page);`);
});

/** How many Promises `f` creates while it runs. */
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

/** A chain `osoMiddleware` → `authorize("read", load)` → handler: run it, what the handler saw, what the chain returned. */
interface Chain {
  run(): void;
  readonly seen: unknown[];
  /** Checks on what the chain returned (Koa: `next()`'s own Promise). */
  checkReturned(): void;
}

/** Called as Express calls them, on a request of a real app. */
function expressChain(load: () => unknown, user: string): Chain {
  const app = express();
  const middleware = expressAdapter.osoMiddleware({ oso, actor: (req) => req.headers["x-user"] });
  const check = expressAdapter.authorize("read", load) as unknown as RequestHandler;
  const req = Object.create(app.request) as Request;
  const res = { locals: Object.create(null) } as Response;
  Object.assign(req, { headers: { "x-user": user }, params: {}, res });
  const seen: unknown[] = [];
  const next = (err?: unknown) => seen.push(err === undefined ? res.locals.resource : err);
  return {
    run: () => middleware(req, res, () => void check(req, res, next)),
    seen,
    checkReturned: () => {},
  };
}

/** Called as Koa's compose calls them, on a context of a real app; the handler answers a Promise made beforehand. */
function koaChain(load: () => unknown, user: string): Chain {
  const app = new Koa();
  const middleware = koaAdapter.osoMiddleware({ oso, actor: (ctx) => ctx.state.user });
  const check = koaAdapter.authorize("read", load);
  // a context of the app, as Koa makes one per request (typed by each call that takes it)
  const ctx = Object.create(app.context);
  Object.assign(ctx, { app, state: { user }, params: {} });
  const done = Promise.resolve();
  const seen: unknown[] = [];
  const handler = () => {
    seen.push(ctx.state.resource);
    return done;
  };
  let returned: unknown;
  return {
    run: () => {
      returned = middleware(ctx, () => check(ctx, handler as Next) as Promise<void>);
    },
    seen,
    checkReturned: () => expect(returned).toBe(done),
  };
}

describe.each([
  ["Express", expressChain],
  ["Koa", koaChain],
] as const)("%s: a synchronous decision creates no Promise at all", (_name, chainOf) => {
  test("an allowed request: the handler runs, and no Promise is made on the way", () => {
    const chain = chainOf(() => ({ page: 1 }), "alice");
    chain.run(); // the first request installs the check methods on the app
    chain.seen.length = 0;
    expect(promisesCreatedBy(chain.run)).toBe(0);
    expect(chain.seen).toEqual([{ page: 1 }]);
    chain.checkReturned();
  });

  test("a denied request: the denial is thrown synchronously, and no Promise is made", () => {
    const { run } = chainOf(() => ({ page: 1 }), "bob");
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
    const { run } = chainOf(async () => ({ page: 1 }), "alice");
    run();
    expect(promisesCreatedBy(run)).toBeGreaterThan(0);
  });
});

/**
 * `timeoutMs` on Koa 3: a Promise of the application that never settles ends the request
 * with a 503 through the error path, never a 2xx and never a hang; the handler never runs.
 */
import Router from "@koa/router";
import { Oso } from "@oso-ts/core";
import Koa, { type Context } from "koa";
import request from "supertest";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import {
  authorize,
  type OsoMiddlewareOptions,
  osoErrorHandler,
  osoMiddleware,
  resourceParam,
} from "./index.js";

const never = <T>(): Promise<T> => new Promise<T>(() => {});
const later = <T>(ms: number, value: T): Promise<T> => new Promise((r) => setTimeout(() => r(value), ms));

class Gate {
  async open(): Promise<boolean> {
    return never();
  }
}

let oso: Oso;
beforeAll(async () => {
  oso = new Oso({ timeoutMs: 0 }); // only the middleware's bound applies
  oso.registerClass(Gate);
  await oso.loadStr(`
    allow(_actor, "read", _page: String);
    allow(_actor, "read", gate: Gate) if gate.open();`);
});

function app(
  options: Partial<OsoMiddlewareOptions>,
  routes: (router: Router, ran: string[]) => void,
  errorHandler = true,
) {
  const ran: string[] = [];
  const a = new Koa();
  a.silent = true;
  if (errorHandler) a.use(osoErrorHandler());
  a.use(osoMiddleware({ oso, actor: () => "alice", timeoutMs: 50, ...options }));
  const router = new Router();
  routes(router, ran);
  a.use(router.routes());
  return { app: a.callback(), ran };
}

const handler = (ran: string[]) => (ctx: Context) => {
  ran.push("handler");
  ctx.body = { ok: true };
};

describe("timeoutMs on Koa: every waiting point", () => {
  test.each<[string, Partial<OsoMiddlewareOptions>, (r: Router, ran: string[]) => void]>([
    [
      "the actor resolver",
      { actor: never },
      (r, ran) =>
        r.get(
          "/p",
          authorize("read", () => "page"),
          handler(ran),
        ),
    ],
    [
      "the anonymous factory",
      { actor: () => null, anonymous: never },
      (r, ran) =>
        r.get(
          "/p",
          authorize("read", () => "page"),
          handler(ran),
        ),
    ],
    ["the loader", {}, (r, ran) => r.get("/p", authorize("read", never), handler(ran))],
    [
      "the resourceParam() loader",
      {},
      (r, ran) => {
        r.param("id", resourceParam(never));
        r.get("/p/:id", authorize("read"), handler(ran));
      },
    ],
    [
      "the action function",
      {},
      (r, ran) =>
        r.get(
          "/p",
          authorize(never, () => "page"),
          handler(ran),
        ),
    ],
    [
      "the decision",
      {},
      (r, ran) =>
        r.get(
          "/p",
          authorize("read", () => new Gate()),
          handler(ran),
        ),
    ],
    [
      "ctx.authorize() in the handler",
      { actor: never },
      (r, ran) =>
        r.get("/p", async (ctx) => {
          await ctx.authorize("read", "page");
          handler(ran)(ctx);
        }),
    ],
    [
      "ctx.authorizedActions() in the handler",
      {},
      (r, ran) =>
        r.get("/p", async (ctx) => {
          await ctx.authorizedActions(new Gate());
          handler(ran)(ctx);
        }),
    ],
  ])("%s never settles: 503, the handler never runs", async (what, options, routes) => {
    const { app: a, ran } = app(options, routes);
    const started = performance.now();
    const res = await request(a)
      .get(what.includes("resourceParam") ? "/p/1" : "/p")
      .expect(503);
    expect(res.body).toEqual({
      error: { status: 503, code: "request_timeout", message: "Service Unavailable" },
    });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(ran).toEqual([]);
  });

  test("without osoErrorHandler, Koa's own handling answers 503 too", async () => {
    const { app: a, ran } = app(
      { actor: never },
      (r, ran) =>
        r.get(
          "/p",
          authorize("read", () => "page"),
          handler(ran),
        ),
      false,
    );
    await request(a).get("/p").expect(503);
    expect(ran).toEqual([]);
  });

  test("the default is the Oso instance's timeoutMs", async () => {
    const short = new Oso({ timeoutMs: 60 });
    await short.loadStr(`allow(_actor, "read", _page);`);
    const a = new Koa();
    a.silent = true;
    a.use(osoErrorHandler());
    a.use(osoMiddleware({ oso: short, actor: never }));
    const router = new Router();
    router.get(
      "/p",
      authorize("read", () => "page"),
      (ctx) => {
        ctx.body = {};
      },
    );
    a.use(router.routes());
    await request(a.callback()).get("/p").expect(503);
  });
});

describe("after the deadline", () => {
  const unhandled: unknown[] = [];
  const record = (e: unknown) => unhandled.push(e);
  afterEach(() => {
    process.off("unhandledRejection", record);
  });

  test("a loader settling late neither answers again nor leaves an unhandled rejection", async () => {
    process.on("unhandledRejection", record);
    const { app: a, ran } = app({}, (r, ran) => {
      r.get(
        "/resolves",
        authorize("read", () => later(100, "page")),
        handler(ran),
      );
      r.get(
        "/rejects",
        authorize("read", () => later(100, 0).then(() => Promise.reject(new Error("late")))),
        handler(ran),
      );
    });
    await request(a).get("/resolves").expect(503);
    await request(a).get("/rejects").expect(503);
    await later(150, undefined);
    expect(ran).toEqual([]);
    expect(unhandled).toEqual([]);
  });

  test("a fast request is answered normally and leaves no timer behind", async () => {
    const { app: a } = app({ actor: () => later(5, "alice"), timeoutMs: 60_000 }, (r, ran) =>
      r.get(
        "/p",
        authorize("read", () => later(5, "page")),
        handler(ran),
      ),
    );
    const before = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    await request(a).get("/p").expect(200, { ok: true });
    // a 60 s timer left running would show here
    const after = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    expect(after).toBeLessThanOrEqual(before);
  });
});

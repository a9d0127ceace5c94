/**
 * The adapters' own time per request, in a loop: `osoMiddleware`, then
 * `authorize("read", loadPage)` over the benchmark's stub decision, then a handler reading
 * the resource, against the same route's work done by hand (find the user, load the
 * page). The request objects are made as the framework makes them, because that decides
 * what a property read costs: Express sets each request's and response's prototype and
 * then adds properties, which leaves every object with a hidden class of its own (each
 * read on it misses V8's inline caches); Koa's `createContext` makes contexts that share
 * theirs. Only the calls are timed (`hrtime` around them), not making the objects.
 * @module
 */
import { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import * as osoExpress from "@oso-ts/express";
import * as osoKoa from "@oso-ts/koa";
import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";
import Koa, { type Context, type Next } from "koa";
import { type Framework, STUB } from "./apps.js";
import { findPage, READABLE_PAGE, USERS } from "./policy.js";

const HEADERS = { "x-user": "alice" };
const userOf = (header: unknown) => (typeof header === "string" ? USERS.get(header) : undefined);

function nodePair(): [IncomingMessage, ServerResponse] {
  const req = new IncomingMessage({} as Socket);
  req.headers = HEADERS;
  return [req, new ServerResponse(req)];
}

/** A request and response as Express 5's `app.handle` and router leave them for a route. */
function expressPair(app: { request: object; response: object }): [Request, Response] {
  const [req, res] = nodePair();
  Object.assign(req, { res });
  Object.assign(res, { req });
  Object.setPrototypeOf(req, app.request);
  Object.setPrototypeOf(res, app.response);
  Object.assign(res, { locals: Object.create(null) });
  Object.assign(req, { next: null, baseUrl: "", originalUrl: `/page/${READABLE_PAGE}` });
  Object.assign(req, { params: { id: String(READABLE_PAGE) } });
  return [req as unknown as Request, res as unknown as Response];
}

let sink = 0;
const hrtime = process.hrtime.bigint;

/** ns per request of `call` over `n` fresh objects from `make`, timing the calls only. */
function timeCalls<T>(make: () => T, call: (objects: T) => void, n: number): number {
  let ns = 0n;
  for (let i = 0; i < n; i++) {
    const objects = make();
    const start = hrtime();
    call(objects);
    ns += hrtime() - start;
  }
  return Number(ns) / n;
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/**
 * The adapter's extra ns per request over the hand-done route work: medians of `rounds`
 * interleaved rounds of `n`. One framework per process: Express's request objects, each
 * with a hidden class of its own, leave the inline caches of Node's HTTP code megamorphic
 * for Koa's requests too.
 */
export function adapterLoop(framework: Framework, rounds: number, n: number): number {
  const app = express() as unknown as { request: object; response: object };
  const middleware = osoExpress.osoMiddleware({ oso: STUB, actor: (req) => userOf(req.headers["x-user"]) });
  const check = osoExpress.authorize("read", (req: Request) =>
    findPage(req.params.id as string),
  ) as unknown as RequestHandler;
  const koa = new Koa();
  const koaMiddleware = osoKoa.osoMiddleware({ oso: STUB, actor: (ctx) => userOf(ctx.headers["x-user"]) });
  const koaCheck = osoKoa.authorize("read", (ctx: Context) => findPage(ctx.params.id));
  const done = Promise.resolve();
  const koaContext = () => {
    const ctx = koa.createContext(...nodePair()) as Context;
    ctx.params = { id: String(READABLE_PAGE) };
    return ctx;
  };
  const subjects: Record<string, () => number> = {
    express: () =>
      timeCalls(
        () => expressPair(app),
        ([req, res]) =>
          middleware(req, res, (() =>
            check(req, res, (() => {
              sink += (res.locals.resource as { id: number }).id;
            }) as NextFunction)) as NextFunction),
        n,
      ),
    expressByHand: () =>
      timeCalls(
        () => expressPair(app),
        ([req]) => {
          const page = findPage(req.params.id as string);
          if (userOf(req.headers["x-user"]) && page) sink += page.id;
        },
        n,
      ),
    koa: () =>
      timeCalls(
        koaContext,
        (ctx) =>
          koaMiddleware(ctx, (() =>
            koaCheck(
              ctx as never,
              (() => {
                sink += (ctx.state.resource as { id: number }).id;
                return done;
              }) as Next,
            )) as Next),
        n,
      ),
    koaByHand: () =>
      timeCalls(
        koaContext,
        (ctx) => {
          const page = findPage(ctx.params.id);
          if (userOf(ctx.headers["x-user"]) && page) sink += page.id;
        },
        n,
      ),
  };
  const names = framework === "express" ? ["express", "expressByHand"] : ["koa", "koaByHand"];
  const samples = new Map<string, number[]>(names.map((k) => [k, []]));
  for (const k of names) subjects[k]!(); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const k = names[(i + round) % names.length]!;
      samples.get(k)!.push(subjects[k]!());
    }
  }
  const m = (k: string) => median(samples.get(k)!);
  if (sink === 0) throw new Error("http benchmark, adapter loop: no request was allowed");
  return framework === "express" ? m("express") - m("expressByHand") : m("koa") - m("koaByHand");
}

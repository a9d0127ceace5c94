/**
 * The Koa 3 driver: builds the app of an {@link AppSpec} with `@koa/router` (order: see driver.ts).
 * @module
 */
import Router from "@koa/router";
import type { AuthorizerOptions } from "@oso-ts/core/http";
import { authorize, authorized, osoErrorHandler, osoMiddleware, resourceParam } from "@oso-ts/koa";
import Koa, { type Context, type Middleware } from "koa";
import {
  type AppSpec,
  type BuiltMiddleware,
  type CheckSpec,
  type Driver,
  frameworkOptions,
  isBuilt,
  type RequestView,
} from "./driver.js";

/** The view of `ctx`: everything is on it. */
function view(ctx: Context): RequestView {
  return {
    header: (name) => ctx.get(name) || undefined,
    path: ctx.path,
    params: (ctx as { params?: Record<string, string> }).params ?? {},
    query: ctx.query,
    checks: ctx,
    state: ctx.state,
    authorized: () => authorized(ctx),
    response: ctx.res,
  };
}

const neutral = (options: AuthorizerOptions<RequestView>) => frameworkOptions<Context>(options, view);

function check(c: CheckSpec): Middleware {
  const { action, loader, options } = c;
  const act = typeof action === "string" ? action : (ctx: Context) => action(view(ctx));
  // the two overloads of authorize(): with a loader, or with options only
  const middleware = loader
    ? authorize(act, (ctx, actor) => loader(view(ctx), actor), options)
    : authorize(act, options);
  return middleware as unknown as Middleware;
}

function app(spec: AppSpec) {
  const a = new Koa();
  a.silent = true; // Koa's default handler: no stack traces on the console
  const { observe, fallback } = spec;
  if (fallback) {
    a.use(async (ctx, next) => {
      try {
        await next();
      } catch (err) {
        const answer = fallback(err);
        if (!answer) throw err;
        // a response already started: Koa's own response handling ends it (a rethrow would not)
        if (ctx.headerSent) return;
        ctx.status = answer.status;
        ctx.body = answer.body;
      }
    });
  }
  if (spec.osoErrorHandler) {
    a.use(osoErrorHandler(spec.osoErrorHandler === true ? undefined : spec.osoErrorHandler));
  }
  if (observe) {
    a.use(async (_ctx, next) => {
      try {
        await next();
      } catch (err) {
        observe(err);
        throw err;
      }
    });
  }
  if (spec.middleware) {
    a.use(
      isBuilt(spec.middleware)
        ? (spec.middleware.built as Middleware)
        : osoMiddleware(neutral(spec.middleware)),
    );
  }
  const router = new Router();
  for (const [name, load] of Object.entries(spec.params ?? {})) router.param(name, resourceParam(load));
  for (const route of spec.routes ?? []) {
    router[route.method ?? "get"](route.path, ...(route.checks ?? []).map(check), async (ctx: Context) => {
      ctx.body = await route.handler(view(ctx));
    });
  }
  a.use(router.routes());
  return { handler: a.callback(), methodHolder: a.context };
}

export const koaDriver: Driver = {
  name: "koa",
  request: "ctx",
  accessorArgument: "ctx",
  sharedPrototype: Object.getPrototypeOf(new Koa().context) as object,
  app,
  middleware: (options): BuiltMiddleware => ({ built: osoMiddleware(neutral(options)) }),
};

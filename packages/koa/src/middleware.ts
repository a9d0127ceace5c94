/**
 * `osoMiddleware()`: mounted once, before the router; gives each request its
 * authorization scope, `ctx.authorize()` and `ctx.authorizedActions()`.
 * @module
 */
import { installCheckMethods, RequestAuthorizer } from "@oso-ts/core/http";
import type { Middleware, Next } from "koa";
import type { Context, OsoMiddlewareOptions } from "./types.js";

/**
 * The middleware that wires oso-ts into a Koa app. It checks its options at once (a
 * missing `oso` or a non-function `actor` throws here, at start-up) and does no work per
 * request until a route asks: the actor is resolved on the first check, once. It gives
 * contexts `ctx.authorize()`, `ctx.authorizedActions()`, `ctx.authorizedQuery()` and
 * `ctx.authorizedResources()`, defined once per app on its own `app.context` (Koa's
 * documented extension point), the first time a request of that app passes through it:
 * not per request, and never on Koa's prototype that every app shares. On a context of
 * that app it did not see they reject with a message that says so; an app in which it
 * has not run yet has no such methods.
 *
 * @example
 * ```ts
 * app.use(osoMiddleware({
 *   oso,
 *   actor: (ctx) => ctx.state.user,                            // sync or async; null/undefined -> 401
 *   unauthenticated: { wwwAuthenticate: 'Bearer realm="app"' }, // header of the 401
 *   // anonymous: guestUser,                                   // decide for a guest instead of 401
 * }));
 * ```
 * @throws {OperationalError} `invalid_argument` for bad options.
 */
export function osoMiddleware(options: OsoMiddlewareOptions): Middleware {
  const authorizer = new RequestAuthorizer<Context>(
    options,
    (ctx) => (ctx as { params?: Record<string, unknown> }).params,
  );
  // The app whose context last got the methods: after an app's first request, one identity
  // comparison per request. A middleware shared by several apps installs on each in turn
  // (installCheckMethods does nothing on a prototype that has them already).
  let installedFor: unknown;
  return function osoMiddleware(ctx: Context, next: Next): Promise<unknown> {
    if (ctx.app !== installedFor) installedFor = installOnApp(ctx);
    authorizer.attach(ctx, ctx.state);
    return next();
  };
}

/**
 * Define the check methods on `ctx.app.context`, the app's own prototype of its contexts
 * (Koa makes every `ctx` with `Object.create(app.context)`, so the contexts already made see
 * them too). Returns the app, or `undefined` for a context without one, which is left as it is.
 */
function installOnApp(ctx: Context): unknown {
  const appContext: unknown = ctx.app?.context;
  if (typeof appContext !== "object" || appContext === null) return undefined;
  installCheckMethods(appContext, stateOf, "ctx");
  return ctx.app;
}

/** Where a request's scope lives: `ctx.state`. */
function stateOf(ctx: object): object {
  return (ctx as Context).state;
}

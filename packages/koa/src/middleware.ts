/// <reference path="./koa-context.d.ts" />
/**
 * `osoMiddleware()`: mounted once, before the router; gives each request its
 * authorization scope, `ctx.authorize()` and `ctx.authorizedActions()`.
 * @module
 */
import { installCheckMethods, RequestAuthorizer } from "@oso-ts/core/http";
import type { Middleware, Next } from "koa";
// the prototype of every app's `app.context` (Koa's documented extension point)
import baseContext from "koa/lib/context.js";
import type { Context, OsoMiddlewareOptions } from "./types.js";

/**
 * The middleware that wires oso-ts into a Koa app. It checks its options at once (a
 * missing `oso` or a non-function `actor` throws here, at start-up) and does no work per
 * request until a route asks: the actor is resolved on the first check, once. It gives
 * contexts `ctx.authorize()` and `ctx.authorizedActions()`, defined once, when the
 * middleware is built, on the prototype of every app's `app.context`, not per request; on
 * a context it did not see they reject with a message that says so.
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
  installCheckMethods(baseContext, stateOf, "ctx");
  return function osoMiddleware(ctx: Context, next: Next): Promise<unknown> {
    authorizer.attach(ctx, ctx.state);
    return next();
  };
}

/** Where a request's scope lives: `ctx.state`. */
function stateOf(ctx: object): object {
  return (ctx as Context).state;
}

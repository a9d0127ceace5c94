/**
 * `authorize(action, loader?)` for routes, `resourceParam(load)` for `router.param`, and
 * `authorized(ctx)` to read the result without global types.
 * @module
 */
import {
  type ActionSpec,
  type Authorized,
  authorizedOf,
  type ParamLoader,
  paramResource,
  RouteAuthorization,
} from "@oso-ts/core";
import type { Next } from "koa";
import type { AuthorizeMiddleware, AuthorizeOptions, Context, Loader } from "./types.js";

/**
 * Authorize a route before its handler runs: resolve the actor (401 if none), load the
 * resource (404 if none), then decide: 404 when the actor may not even read it, 403 when
 * it may read but not perform `action`. On an allow, `ctx.state.actor` and
 * `ctx.state.resource` are set and the next middleware runs; on a denial the error is
 * thrown and the handler never runs. The loader is not called when there is no actor.
 *
 * Forms:
 * - `authorize(action, loader, options?)`: the loader gets `ctx`, returns the resource or a Promise.
 * - `authorize(action)`: the resource of the route's {@link resourceParam} loader.
 * - `authorize(action, { resource })`: a fixed resource, for routes that act on none
 *   (`"create"` on a collection); answers 403 by default.
 *
 * `action` is a string or a function of `ctx` (sync or async). Options: `checkRead: false`
 * answers 403 for every denial.
 *
 * @example
 * ```ts
 * router.get("/page/:pagenum", authorize("read", loadPage), (ctx) => {
 *   ctx.body = ctx.state.resource; // typed Page
 * });
 * router.post("/pages", authorize("create", { resource: Page }), createPage);
 * router.put("/page/:pagenum", authorize("write", loadPage, { checkRead: false }), savePage);
 * ```
 * @throws {OperationalError} `invalid_argument` at start-up for a bad action, loader or option.
 */
export function authorize<R>(
  action: ActionSpec<Context>,
  loader: Loader<R>,
  options?: Omit<AuthorizeOptions, "resource">,
): AuthorizeMiddleware<R>;
export function authorize<R = unknown>(
  action: ActionSpec<Context>,
  options?: AuthorizeOptions<R>,
): AuthorizeMiddleware<R>;
export function authorize<R>(
  action: ActionSpec<Context>,
  loaderOrOptions?: Loader<R> | AuthorizeOptions<R>,
  options?: AuthorizeOptions,
): AuthorizeMiddleware<R> {
  const route = new RouteAuthorization<Context, R>("authorize()", action, loaderOrOptions, options);
  return function authorize(ctx, next): Promise<void> {
    return route.handle(ctx.state, next);
  };
}

/**
 * Load a resource from a route parameter, for `@koa/router`'s `router.param`: then
 * `authorize(action)` needs no loader on any route with that parameter. Loading is lazy:
 * it happens in `authorize()`, after the actor is found (never without one), once per
 * request.
 *
 * @example
 * ```ts
 * router.param("pagenum", resourceParam((id) => pages.find(Number(id))));
 * router.get("/page/:pagenum", authorize("read"), showPage);
 * router.put("/page/:pagenum", authorize("write"), savePage);
 * ```
 * @throws {OperationalError} `invalid_argument` at start-up when `load` is not a function.
 */
export function resourceParam<R>(
  load: ParamLoader<Context, R>,
): (value: string, ctx: Context, next: Next) => Promise<unknown> {
  const remember = paramResource<Context, R>("resourceParam()", load);
  return function resourceParam(value, ctx, next) {
    remember(ctx.state, ctx, value, paramNamed(ctx, value));
    return next();
  };
}

/**
 * The actor and resource an allowed {@link authorize} left in `ctx.state`, typed without
 * global declarations.
 *
 * @example
 * ```ts
 * router.get("/page/:pagenum", authorize("read", loadPage), (ctx) => {
 *   const { actor, resource: page } = authorized<Page>(ctx);
 * });
 * ```
 * @throws {OperationalError} `invalid_state` when no `authorize()` allowed this request.
 */
export function authorized<R = unknown>(ctx: { state: object }): Authorized<R> {
  return authorizedOf<R>(ctx.state, "authorized(ctx)");
}

/**
 * The parameter `value` belongs to: @koa/router does not tell a param handler its name, so
 * it is the one parameter holding that value (undefined when several do).
 */
function paramNamed(ctx: Context, value: string): string | undefined {
  const params = (ctx as { params?: Record<string, unknown> }).params ?? {};
  const names = Object.keys(params).filter((k) => params[k] === value);
  return names.length === 1 ? names[0] : undefined;
}

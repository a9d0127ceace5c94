/**
 * `authorize(action, loader?)` for routes, `resourceParam(load)` for `router.param`, and
 * `authorized(res)` to read the result without global types.
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
import type { NextFunction, Request, Response } from "express";
import type { AuthorizeHandler, AuthorizeOptions, Loader } from "./types.js";

/**
 * Authorize a route before its handler runs: resolve the actor (401 if none), load the
 * resource (404 if none), then decide: 404 when the actor may not even read it, 403 when
 * it may read but not perform `action`. On an allow, `res.locals.actor` and
 * `res.locals.resource` are set and the next handler runs; on a denial the error goes to
 * `next(err)` and the handler never runs. The loader is not called when there is no actor.
 *
 * Forms:
 * - `authorize(action, loader, options?)`: the loader gets `req`, returns the resource or a Promise.
 * - `authorize(action)`: the resource of the route's {@link resourceParam} loader.
 * - `authorize(action, { resource })`: a fixed resource, for routes that act on none
 *   (`"create"` on a collection); answers 403 by default.
 *
 * `action` is a string or a function of `req` (sync or async). Options: `checkRead: false`
 * answers 403 for every denial.
 *
 * @example
 * ```ts
 * app.get("/page/:pagenum", authorize("read", loadPage), (req, res) => {
 *   res.json(res.locals.resource); // typed Page
 * });
 * app.post("/pages", authorize("create", { resource: Page }), createPage);
 * app.put("/page/:pagenum", authorize("write", loadPage, { checkRead: false }), savePage);
 * ```
 * @throws {OperationalError} `invalid_argument` at start-up for a bad action, loader or option.
 */
export function authorize<R>(
  action: ActionSpec<Request>,
  loader: Loader<R>,
  options?: Omit<AuthorizeOptions, "resource">,
): AuthorizeHandler<R>;
export function authorize<R = unknown>(
  action: ActionSpec<Request>,
  options?: AuthorizeOptions<R>,
): AuthorizeHandler<R>;
export function authorize<R>(
  action: ActionSpec<Request>,
  loaderOrOptions?: Loader<R> | AuthorizeOptions<R>,
  options?: AuthorizeOptions,
): AuthorizeHandler<R> {
  const route = new RouteAuthorization<Request, R>("authorize()", action, loaderOrOptions, options);
  return function authorize(_req, res, next): void | Promise<void> {
    return route.handle(res.locals, next);
  };
}

/**
 * Load a resource from a route parameter, for `router.param`: then `authorize(action)`
 * needs no loader on any route with that parameter. Loading is lazy: it happens in
 * `authorize()`, after the actor is found (never without one), once per request.
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
  load: ParamLoader<Request, R>,
): (req: Request, res: Response, next: NextFunction, value: string, name: string) => void {
  const remember = paramResource<Request, R>("resourceParam()", load);
  return function resourceParam(req, res, next, value, name) {
    remember(res.locals, req, value, name);
    next();
  };
}

/**
 * The actor and resource an allowed {@link authorize} left for this response, typed
 * without global declarations.
 *
 * @example
 * ```ts
 * app.get("/page/:pagenum", authorize("read", loadPage), (req, res) => {
 *   const { actor, resource: page } = authorized<Page>(res);
 * });
 * ```
 * @throws {OperationalError} `invalid_state` when no `authorize()` allowed this request.
 */
export function authorized<R = unknown>(res: Pick<Response, "locals">): Authorized<R> {
  return authorizedOf<R>(res.locals, "authorized(res)");
}

/**
 * `@oso-ts/koa`: Koa 3 middleware for oso-ts. Mount {@link osoMiddleware} once, declare
 * per route what it does with {@link authorize}, and the app answers 401/403/404 before
 * the handler runs. Denials are http-errors-compatible errors, thrown; Koa's own error
 * handling answers with their status, or {@link osoErrorHandler} renders them.
 *
 * @example
 * ```ts
 * import Router from "@koa/router";
 * import { authorize, osoErrorHandler, osoMiddleware } from "@oso-ts/koa";
 *
 * app.use(osoErrorHandler());
 * app.use(osoMiddleware({ oso, actor: (ctx) => ctx.state.user }));
 * router.get("/page/:pagenum", authorize("read", loadPage), (ctx) => {
 *   ctx.body = ctx.state.resource;
 * });
 * app.use(router.routes());
 * ```
 * @module
 */
export {
  AuthorizationError,
  type AuthorizationTypes,
  type Authorized,
  ForbiddenError,
  isAuthorizationError,
  NotFoundError,
  RequestTimeoutError,
  UnauthorizedError,
} from "@oso-ts/core";
export type { RenderOptions } from "@oso-ts/core/http";
export { authorize, authorized, resourceParam } from "./authorize.js";
export { osoErrorHandler } from "./error-handler.js";
export { osoMiddleware } from "./middleware.js";
export type {
  Authorize,
  AuthorizedState,
  AuthorizeMiddleware,
  AuthorizeOptions,
  Loader,
  OsoMiddlewareOptions,
} from "./types.js";

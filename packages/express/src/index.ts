/**
 * `@oso-ts/express`: Express 5 middleware for oso-ts. Mount {@link osoMiddleware} once,
 * declare per route what it does with {@link authorize}, and the app answers 401/403/404
 * before the handler runs. Denials are http-errors-compatible errors passed to `next(err)`;
 * {@link osoErrorHandler} renders them, or the app's own error handler does.
 *
 * @example
 * ```ts
 * import { authorize, osoErrorHandler, osoMiddleware } from "@oso-ts/express";
 *
 * app.use(osoMiddleware({ oso, actor: (req) => req.user }));
 * app.get("/page/:pagenum", authorize("read", loadPage), (req, res) => {
 *   res.json(res.locals.resource);
 * });
 * app.use(osoErrorHandler());
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
  AuthorizedLocals,
  AuthorizeHandler,
  AuthorizeOptions,
  Loader,
  OsoMiddlewareOptions,
} from "./types.js";

/**
 * `osoMiddleware()`: mounted once, before the routes; gives each request its
 * authorization scope, `req.authorize()` and `req.authorizedActions()`.
 * @module
 */
import { installCheckMethods, RequestAuthorizer } from "@oso-ts/core/http";
import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";
import type { OsoMiddlewareOptions } from "./types.js";

/**
 * The middleware that wires oso-ts into an Express app. It checks its options at once
 * (a missing `oso` or a non-function `actor` throws here, at start-up) and does no work
 * per request until a route asks: the actor is resolved on the first check, once. It
 * gives requests `req.authorize()` and `req.authorizedActions()`, defined once, when the
 * middleware is built, on `express.request` (every app's `app.request` inherits from it),
 * not per request; on a request it did not see they reject with a message that says so.
 *
 * @example
 * ```ts
 * app.use(osoMiddleware({
 *   oso,
 *   actor: (req) => req.user,                                  // sync or async; null/undefined -> 401
 *   unauthenticated: { wwwAuthenticate: 'Bearer realm="app"' }, // header of the 401
 *   // anonymous: guestUser,                                   // decide for a guest instead of 401
 * }));
 * ```
 * @throws {OperationalError} `invalid_argument` for bad options.
 */
export function osoMiddleware(options: OsoMiddlewareOptions): RequestHandler {
  const authorizer = new RequestAuthorizer<Request>(options, (req) => req.params);
  installCheckMethods(express.request, localsOf, "req");
  return function osoMiddleware(req: Request, res: Response, next: NextFunction): void {
    authorizer.attach(req, res.locals);
    next();
  };
}

/** Where a request's scope lives: `res.locals` (Express links `req.res` on every request). */
function localsOf(req: object): object {
  return (req as Request).res?.locals ?? {};
}

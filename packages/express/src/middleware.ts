/**
 * `osoMiddleware()`: mounted once, before the routes; gives each request its
 * authorization scope, `req.authorize()` and `req.authorizedActions()`.
 * @module
 */
import { installCheckMethods, RequestAuthorizer } from "@oso-ts/core/http";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { OsoMiddlewareOptions } from "./types.js";

/**
 * The middleware that wires oso-ts into an Express app. It checks its options at once
 * (a missing `oso` or a non-function `actor` throws here, at start-up) and does no work
 * per request until a route asks: the actor is resolved on the first check, once. It
 * gives requests `req.authorize()`, `req.authorizedActions()`, `req.authorizedQuery()` and
 * `req.authorizedResources()`, defined once per app on its own `app.request` (the prototype
 * Express gives the app's requests), the first time a request of that app passes through
 * it: not per request, and never on `express.request`, which every app shares. Sub-apps
 * mounted under the app inherit them (Express links a sub-app's `request` to its parent's).
 * On a request of that app it did not see they reject with a message that says so; an app
 * in which it has not run yet has no such methods.
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
  // The request prototype (the app's `app.request`, which Express gives its requests before
  // any middleware runs) the methods were last installed for: after an app's first request,
  // one identity comparison per request. A plain Express middleware never learns its app
  // before a request reaches it. A middleware shared by several apps installs on each in
  // turn (installCheckMethods does nothing on a prototype that has them already).
  //
  // Object.getPrototypeOf, not `req.app`: Express's Object.setPrototypeOf leaves every request
  // (and response) object with a hidden class of its own, so each property read on `req` or
  // `res` misses V8's inline caches and costs about a microsecond, where reading the prototype
  // costs nanoseconds. `res.locals`, read once here, is the only property of either this
  // middleware reads per request.
  let installedFor: object | null | undefined;
  return function osoMiddleware(req: Request, res: Response, next: NextFunction): void {
    const prototype = Object.getPrototypeOf(req) as object | null;
    if (prototype !== installedFor) {
      installOnApp(req);
      installedFor = prototype;
    }
    authorizer.attach(req, res.locals);
    next();
  };
}

/**
 * Define the check methods on `req.app.request`, the app's own prototype of its requests
 * (Express sets every request's prototype to it in `app.handle`, before any middleware runs,
 * so the request at hand sees them too). A request without an app is left as it is.
 */
function installOnApp(req: Request): void {
  // `Express`, not `Application` (the type of `req.app`), declares `request`
  const appRequest = (req as { app?: { request?: unknown } }).app?.request;
  if (typeof appRequest !== "object" || appRequest === null) return;
  installCheckMethods(appRequest, localsOf, "req");
}

/** Where a request's scope lives: `res.locals` (Express links `req.res` on every request). */
function localsOf(req: object): object {
  return (req as Request).res?.locals ?? {};
}

/**
 * `osoErrorHandler()`: the default rendering of denials, as Express error middleware.
 * @module
 */
import {
  checkRenderOptions,
  denialFormat,
  isAuthorizationError,
  type RenderOptions,
  renderAuthorizationError,
} from "@oso-ts/core";
import type { ErrorRequestHandler, NextFunction, Request, Response } from "express";

const STALE_HEADERS = [
  "Content-Disposition",
  "Content-Encoding",
  "Content-Language",
  "Content-Range",
  "ETag",
  "Last-Modified",
  "Cache-Control",
  "Expires",
];

/**
 * Error middleware that answers oso-ts denials (401/403/404) with their status and headers
 * (`WWW-Authenticate` on a 401) and a body in JSON, HTML or plain text, chosen by `Accept`.
 * Every other error, and any error once the response has started, goes on to the next
 * error handler untouched. Mount it after the routes. Without it, Express's default
 * handler still answers with the denial's status and headers.
 *
 * @example
 * ```ts
 * app.use(osoErrorHandler());
 * app.use(osoErrorHandler({ message: (error) => error.message })); // show the error's message
 * ```
 * @throws {OperationalError} `invalid_argument` at start-up for bad options.
 */
export function osoErrorHandler(options?: RenderOptions): ErrorRequestHandler {
  const render = checkRenderOptions(options);
  return function osoErrorHandler(err: unknown, req: Request, res: Response, next: NextFunction): void {
    if (!isAuthorizationError(err) || res.headersSent) {
      next(err);
      return;
    }
    const denial = renderAuthorizationError(err, denialFormat(req.accepts(["json", "html", "text"])), render);
    // nothing the handler set for a successful answer (attachments, caching, validators)
    // survives into the denial
    for (const name of STALE_HEADERS) res.removeHeader(name);
    res.vary("Accept");
    res.status(denial.status).set(denial.headers).type(denial.contentType).send(denial.body);
  };
}

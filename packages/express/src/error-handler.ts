/**
 * `osoErrorHandler()`: the default rendering of denials, as Express error middleware.
 * @module
 */
import {
  checkRenderOptions,
  denialFormat,
  type RenderOptions,
  renderAuthorizationError,
  renderableError,
} from "@oso-ts/core/http";
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
 * Error middleware that answers oso-ts denials (401/403/404, including one a host method
 * threw during a decision) and the authorization timeout (503) with their status and headers
 * (`WWW-Authenticate` on a 401) and a body in JSON, HTML or plain text, chosen by `Accept`.
 * Every other error, and any error once the response has started, goes on to the next
 * error handler untouched (Express answers with the error's `status`, such as the status
 * a host method's error carried into the decision's error). Mount it after the routes. Without it, Express's default
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
    const error = renderableError(err);
    if (error === undefined || res.headersSent) {
      next(err);
      return;
    }
    const denial = renderAuthorizationError(
      error,
      denialFormat(req.accepts(["json", "html", "text"])),
      render,
    );
    // nothing the handler set for a successful answer (attachments, caching, validators)
    // survives into the denial
    for (const name of STALE_HEADERS) res.removeHeader(name);
    res.vary("Accept");
    res.status(denial.status).set(denial.headers).type(denial.contentType).send(denial.body);
  };
}

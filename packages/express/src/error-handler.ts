/**
 * `osoErrorHandler()`: the default rendering of denials, as Express error middleware.
 * @module
 */
import {
  checkRenderOptions,
  isAuthorizationError,
  type RenderOptions,
  renderAuthorizationError,
} from "@oso-ts/core";
import type { ErrorRequestHandler, NextFunction, Request, Response } from "express";

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
    const accepted = req.accepts(["json", "html"]);
    const format = accepted === "json" || accepted === "html" ? accepted : "text";
    const denial = renderAuthorizationError(err, format, render);
    res.status(denial.status).set(denial.headers).type(denial.contentType).send(denial.body);
  };
}

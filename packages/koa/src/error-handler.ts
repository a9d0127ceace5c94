/**
 * `osoErrorHandler()`: the default rendering of denials, as the first Koa middleware.
 * @module
 */
import {
  checkRenderOptions,
  denialFormat,
  type RenderOptions,
  renderAuthorizationError,
  renderableError,
} from "@oso-ts/core/http";
import type { Middleware } from "koa";

/**
 * Middleware, mounted first, that answers oso-ts denials (401/403/404, including one a host
 * method threw during a decision) and the authorization timeout (503) with their status
 * and headers (`WWW-Authenticate` on a 401) and a body in JSON, HTML or plain text, chosen
 * by `Accept`. Every other error, and any error once the response has started, is
 * rethrown untouched to the next error handler (or Koa's, which answers with the error's
 * `status`, such as the status a host method's error carried into the decision's error).
 * It renders denials; it never turns another error into one. Without it, Koa's default error handling still answers
 * with the denial's status and headers.
 *
 * @example
 * ```ts
 * app.use(osoErrorHandler());
 * app.use(osoMiddleware({ oso, actor: (ctx) => ctx.state.user }));
 * app.use(router.routes());
 * ```
 * @throws {OperationalError} `invalid_argument` at start-up for bad options.
 */
export function osoErrorHandler(options?: RenderOptions): Middleware {
  const render = checkRenderOptions(options);
  return async function osoErrorHandler(ctx, next): Promise<void> {
    try {
      await next();
    } catch (err) {
      const error = renderableError(err);
      if (error === undefined || ctx.headerSent) throw err;
      const denial = renderAuthorizationError(
        error,
        denialFormat(ctx.accepts("json", "html", "text")),
        render,
      );
      // as Koa's own error handling does: nothing the handler set (caching, attachments)
      // survives into the denial
      for (const name of ctx.res.getHeaderNames()) ctx.res.removeHeader(name);
      ctx.status = denial.status;
      ctx.set(denial.headers);
      ctx.vary("Accept");
      ctx.type = denial.contentType;
      ctx.body = denial.body;
    }
  };
}

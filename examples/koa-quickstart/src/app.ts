/**
 * Oso's 5-minute quickstart (a Flask app) on Koa 3 with `@koa/router`:
 * `GET /page/:pagenum` shows a page to whoever may read it, `PUT /page/:pagenum` to
 * whoever may write it; everyone else gets the quickstart's "Sorry" page. Other methods get
 * 405 with `Allow`.
 * @module
 */
import Router from "@koa/router";
import type { Oso } from "@oso-ts/core";
import {
  createOso,
  denialHtml,
  METHOD_NOT_ALLOWED_HTML,
  PAGE_METHODS,
  Page,
  pageHtml,
  User,
  WWW_AUTHENTICATE,
  writtenHtml,
} from "@oso-ts/example-quickstart-common";
import { authorize, authorized, isAuthorizationError, osoMiddleware } from "@oso-ts/koa";
import Koa, { type Context, type Next } from "koa";

/** Options of {@link createApp}. */
export interface AppOptions {
  /** The Oso instance to decide with (default: {@link createOso}'s). */
  oso?: Oso;
}

/**
 * The quickstart app. Requests say who they are with `X-User: alice` (or bob, carol);
 * without it, or with a name nobody has, the answer is 401.
 *
 * @example
 * ```ts
 * const app = await createApp();
 * app.listen(3002);
 * ```
 */
export async function createApp(options: AppOptions = {}): Promise<Koa> {
  const oso = options.oso ?? (await createOso());
  const app = new Koa();
  app.use(renderDenial);
  app.use(
    osoMiddleware({
      oso,
      actor: (ctx) => User.getCurrentUser(ctx.get("X-User") || undefined),
      unauthenticated: { wwwAuthenticate: WWW_AUTHENTICATE },
    }),
  );

  const router = new Router();
  const loadPage = (ctx: Context) => Page.getPage(ctx.params.pagenum);
  // checkRead: false, because the quickstart answers "Sorry" (403) to every denial, even
  // for a page the user may not read (Oso's authorize() would answer 404 to hide it)
  router.get("/page/:pagenum", authorize("read", loadPage, { checkRead: false }), (ctx) => {
    ctx.body = pageHtml(authorized<Page>(ctx).resource);
  });
  router.put("/page/:pagenum", authorize("write", loadPage, { checkRead: false }), (ctx) => {
    ctx.body = writtenHtml(authorized<Page>(ctx).resource);
  });
  // any other method: 405, with the methods the route takes, in the same words as on Express
  // (@koa/router's allowedMethods() would answer it in plain text)
  router.all("/page/:pagenum", (ctx) => {
    ctx.status = 405;
    ctx.set("Allow", PAGE_METHODS);
    ctx.type = "html";
    ctx.body = METHOD_NOT_ALLOWED_HTML;
  });
  app.use(router.routes());
  return app;
}

/** The app's own error middleware, mounted first: denials are thrown, and get a page here. */
async function renderDenial(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } catch (err) {
    if (!isAuthorizationError(err)) throw err;
    ctx.status = err.status;
    ctx.set(err.headers ?? {});
    ctx.type = "html";
    ctx.body = denialHtml(err.status);
  }
}

/**
 * Oso's 5-minute quickstart (a Flask app) on Express 5: `GET /page/:pagenum` shows a page
 * to whoever may read it, `PUT /page/:pagenum` to whoever may write it; everyone else
 * gets the quickstart's "Sorry" page. Other methods get 405 with `Allow`.
 * @module
 */
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
import { authorize, authorized, isAuthorizationError, osoMiddleware } from "@oso-ts/express";
import express, { type Express, type NextFunction, type Request, type Response } from "express";

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
 * app.listen(3001);
 * ```
 */
export async function createApp(options: AppOptions = {}): Promise<Express> {
  const oso = options.oso ?? (await createOso());
  const app = express();
  app.use(
    osoMiddleware({
      oso,
      actor: (req) => User.getCurrentUser(req.get("X-User")),
      unauthenticated: { wwwAuthenticate: WWW_AUTHENTICATE },
    }),
  );

  const loadPage = (req: Request) => Page.getPage(req.params.pagenum);
  // checkRead: false, because the quickstart answers "Sorry" (403) to every denial, even
  // for a page the user may not read (Oso's authorize() would answer 404 to hide it)
  app
    .route("/page/:pagenum")
    .get(authorize("read", loadPage, { checkRead: false }), (_req, res) => {
      res.send(pageHtml(authorized<Page>(res).resource));
    })
    .put(authorize("write", loadPage, { checkRead: false }), (_req, res) => {
      res.send(writtenHtml(authorized<Page>(res).resource));
    })
    // any other method: 405, with the methods the route takes (Express itself would answer 404)
    .all((_req, res) => {
      res.status(405).set("Allow", PAGE_METHODS).send(METHOD_NOT_ALLOWED_HTML);
    });

  app.use(renderDenial);
  return app;
}

/** The app's own error handler: denials arrive here through `next(err)` and get a page. */
function renderDenial(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (!isAuthorizationError(err)) {
    next(err);
    return;
  }
  res
    .status(err.status)
    .set(err.headers ?? {})
    .send(denialHtml(err.status));
}

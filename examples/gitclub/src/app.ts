/**
 * GitClub: organizations, repositories and issues behind a bearer token, on Express 5,
 * with every route authorized by oso-ts against `authorization.polar`.
 * @module
 */
import "./actor.js";
import type { Oso } from "@oso-ts/core";
import { osoErrorHandler, osoMiddleware } from "@oso-ts/express";
import express, { type Express } from "express";
import type { Database } from "./db/schema.js";
import { Store } from "./db/store.js";
import { actorFrom, WWW_AUTHENTICATE } from "./http/auth.js";
import { jsonErrorHandler, notFound } from "./http/errors.js";
import { methodNotAllowed } from "./http/method-not-allowed.js";
import { createOso, gitclubAdapter } from "./oso.js";
import { issueRoutes } from "./routes/issues.js";
import { orgRoutes } from "./routes/orgs.js";
import { resourceParams } from "./routes/params.js";
import { repoRoutes } from "./routes/repos.js";

/** Options of {@link createApp}. */
export interface AppOptions {
  /** The database (see `openDatabase`; tests use `":memory:"`). */
  db: Database;
  /**
   * The Oso instance to decide with (default: {@link createOso}'s, with {@link gitclubAdapter}
   * on `db`). One given must have a data filtering adapter on the same database.
   */
  oso?: Oso;
}

/** What the API says at `/`, to anyone: where to start. */
const INDEX = {
  name: "GitClub",
  authentication: "Authorization: Bearer <token>",
  routes: [
    "GET /orgs",
    "GET|PATCH|DELETE /orgs/:org",
    "GET /orgs/:org/members",
    "GET|POST /orgs/:org/repos",
    "GET /repos",
    "GET|PATCH|DELETE /orgs/:org/repos/:repo",
    "GET|POST /orgs/:org/repos/:repo/issues",
    "GET|PATCH|DELETE /orgs/:org/repos/:repo/issues/:issue",
    "POST /orgs/:org/repos/:repo/issues/:issue/close",
  ],
  html: "GET an org, a repo or an issue with Accept: text/html for its page",
  lists: "?limit= (1-100, default 50) and ?offset= on every list",
};

/**
 * The GitClub app on `db`. Answers 401 (with `WWW-Authenticate: Bearer`) without a valid
 * token, 404 for what does not exist or the user may not read, 403 for what they may read
 * but not change; denials are rendered by `osoErrorHandler` (JSON, or HTML for browsers).
 *
 * @example
 * ```ts
 * const { db } = await openDatabase(":memory:");
 * const app = await createApp({ db });
 * app.listen(3000);
 * ```
 */
export async function createApp(options: AppOptions): Promise<Express> {
  const store = new Store(options.db);
  const oso = options.oso ?? (await createOso(gitclubAdapter(options.db)));
  const app = express();
  app.set("json spaces", 2); // the API is read with curl
  app.use(express.json());
  app.use(
    osoMiddleware({ oso, actor: actorFrom(store), unauthenticated: { wwwAuthenticate: WWW_AUTHENTICATE } }),
  );

  app.get("/", (_req, res) => {
    res.json(INDEX);
  });
  const router = express.Router();
  resourceParams(router, store);
  orgRoutes(router, { store, oso });
  repoRoutes(router, { store, oso });
  issueRoutes(router, { store, oso });
  app.use(router);

  app.use(methodNotAllowed(router));
  app.use(notFound);
  app.use(osoErrorHandler());
  app.use(jsonErrorHandler);
  return app;
}

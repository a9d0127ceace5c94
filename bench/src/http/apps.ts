/**
 * The servers of the HTTP benchmark: `GET /page/:id` on Express 5 and Koa 3, with no
 * authorization, with oso-ts's `authorize("read", loadPage)` (and, to tell the adapter's
 * cost from the decision's, the same adapter over a stub that allows everything at once),
 * and with a hand-written `await oso.isAllowed(...)` on oso@0.27.3 for reference. Every
 * variant finds the user (401 without one: authentication is not what is measured), loads
 * the page and answers it as JSON, so they differ only by the authorization.
 * @module
 */
import type { RequestListener } from "node:http";
import Router from "@koa/router";
import { Oso } from "@oso-ts/core";
import type { OsoAuthorizer } from "@oso-ts/core/http";
import * as osoExpress from "@oso-ts/express";
import * as osoKoa from "@oso-ts/koa";
import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";
import Koa, { type Context } from "koa";
import { Oso as LegacyOso } from "oso";
import { findPage, Page, POLICY, USERS, User } from "./policy.js";

/** The variants, in the order each round runs them. */
export const VARIANTS = ["noauth", "layers only", "adapter, stub", "oso-ts", "oso 0.27.3"] as const;
export type Variant = (typeof VARIANTS)[number];
export const FRAMEWORKS = ["express", "koa"] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/** oso-ts with the benchmark's policy. */
export async function osoTs(): Promise<Oso> {
  const oso = new Oso();
  for (const cls of [User, Page]) oso.registerClass(cls);
  await oso.loadStr(POLICY);
  return oso;
}

async function legacy(): Promise<LegacyOso> {
  const oso = new LegacyOso();
  for (const cls of [User, Page]) oso.registerClass(cls);
  await oso.loadStr(POLICY);
  return oso;
}

/**
 * Allows everything without deciding, synchronously as oso-ts decides this policy: what the
 * adapter costs by itself. (Without `authorizeMaybeSync` every request would take the
 * adapter's waiting path, with a timer for the check's budget, which the real one never does.)
 */
export const STUB: OsoAuthorizer = {
  authorize: () => Promise.resolve(),
  authorizeMaybeSync: () => undefined,
  authorizedActions: () => Promise.resolve(new Set()),
};

const userOf = (header: string | string[] | undefined) =>
  typeof header === "string" ? USERS.get(header) : undefined;

async function expressApp(variant: Variant, decider?: OsoAuthorizer): Promise<RequestListener> {
  const app = express();
  app.set("etag", false);
  const send = (res: Response, page: Page) => {
    res.json({ id: page.id, title: page.title });
  };
  if (variant === "noauth" || variant === "layers only") {
    const layers = variant === "layers only";
    if (layers) app.use((_req, _res, next) => next());
    const handlers: RequestHandler[] = layers ? [(_req, _res, next) => next()] : [];
    app.get("/page/:id", ...handlers, (req, res) => {
      const page = findPage(req.params.id as string);
      if (!userOf(req.headers["x-user"])) res.sendStatus(401);
      else if (!page) res.sendStatus(404);
      else send(res, page);
    });
  } else if (variant === "oso-ts" || variant === "adapter, stub") {
    const oso = variant === "oso-ts" ? (decider ?? (await osoTs())) : STUB;
    app.use(osoExpress.osoMiddleware({ oso, actor: (req) => userOf(req.headers["x-user"]) }));
    const loadPage = (req: Request) => findPage(req.params.id as string);
    app.get("/page/:id", osoExpress.authorize("read", loadPage), (_req, res) =>
      send(res, res.locals.resource),
    );
  } else {
    const oso = await legacy();
    app.get("/page/:id", async (req, res) => {
      const user = userOf(req.headers["x-user"]);
      if (!user) return void res.sendStatus(401);
      const page = findPage(req.params.id);
      if (!page || !(await oso.isAllowed(user, "read", page))) return void res.sendStatus(404);
      send(res, page);
    });
  }
  app.use((err: { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    res.sendStatus(err.status ?? 500);
  });
  return app;
}

async function koaApp(variant: Variant, decider?: OsoAuthorizer): Promise<RequestListener> {
  const app = new Koa();
  app.silent = true;
  const router = new Router();
  const send = (ctx: Context, page: Page) => {
    ctx.body = { id: page.id, title: page.title };
  };
  if (variant === "noauth" || variant === "layers only") {
    const layers = variant === "layers only";
    if (layers) app.use((_ctx, next) => next());
    const handler = (ctx: Context) => {
      const page = findPage(ctx.params.id);
      if (!userOf(ctx.headers["x-user"])) ctx.status = 401;
      else if (page) send(ctx, page);
      else ctx.status = 404;
    };
    if (layers) router.get("/page/:id", (_ctx, next) => next(), handler);
    else router.get("/page/:id", handler);
  } else if (variant === "oso-ts" || variant === "adapter, stub") {
    const oso = variant === "oso-ts" ? (decider ?? (await osoTs())) : STUB;
    app.use(osoKoa.osoMiddleware({ oso, actor: (ctx) => userOf(ctx.headers["x-user"]) }));
    const loadPage = (ctx: Context) => findPage(ctx.params.id);
    router.get("/page/:id", osoKoa.authorize("read", loadPage), (ctx) => send(ctx, ctx.state.resource));
  } else {
    const oso = await legacy();
    router.get("/page/:id", async (ctx) => {
      const user = userOf(ctx.headers["x-user"]);
      const page = findPage(ctx.params.id);
      if (!user) ctx.status = 401;
      else if (!page || !(await oso.isAllowed(user, "read", page))) ctx.status = 404;
      else send(ctx, page);
    });
  }
  app.use(router.routes());
  return app.callback();
}

/**
 * The request listener of one variant; `decider`, when given, replaces the oso-ts variant's
 * own Oso instance (to time its decisions inside the server).
 */
export function buildApp(
  framework: Framework,
  variant: Variant,
  decider?: OsoAuthorizer,
): Promise<RequestListener> {
  return framework === "express" ? expressApp(variant, decider) : koaApp(variant, decider);
}

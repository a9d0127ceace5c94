/**
 * The Koa 3 app of the adapter tables (routes: see harness.ts), with `@koa/router`.
 * @module
 */
import Router from "@koa/router";
import type { Oso } from "@oso-ts/core";
import {
  authorize,
  authorized,
  ForbiddenError,
  osoErrorHandler,
  osoMiddleware,
  resourceParam,
} from "@oso-ts/koa";
import Koa, { type Context } from "koa";
import { findPage, Guest, newProbe, PAGE_STORE, PAGES, type Page, userFromHeader } from "./fixtures.js";
import { type AppConfig, appErrorBody, type Harness, headersOf, statusOf, type TestApp } from "./harness.js";

function build(oso: Oso, config: AppConfig = {}): TestApp {
  const probe = newProbe();
  const app = new Koa();
  app.silent = true; // Koa's default handler: no stack traces on the console
  if (config.errors === undefined || config.errors === "app") {
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (err) {
        probe.seen.push(err);
        ctx.status = statusOf(err);
        ctx.set(headersOf(err));
        ctx.body = appErrorBody(err);
      }
    });
  }
  if (config.errors === "oso") app.use(osoErrorHandler());
  if (!config.withoutOsoMiddleware) {
    app.use(
      osoMiddleware({
        oso,
        actor: (ctx) => userFromHeader(ctx.headers["x-user"]),
        ...(config.anonymous ? { anonymous: new Guest() } : {}),
        ...(config.wwwAuthenticate ? { unauthenticated: { wwwAuthenticate: config.wwwAuthenticate } } : {}),
      }),
    );
  }
  const loadPage = (ctx: Context) => findPage(probe, String(ctx.params.id));
  const reply = (route: string) => (ctx: Context) => {
    probe.handlerRuns++;
    const resource = ctx.state.resource as Page | undefined;
    ctx.status = ctx.method === "POST" ? 201 : 200;
    ctx.body = {
      id: resource && "id" in resource ? resource.id : null,
      actor: (ctx.state.actor as { name?: string } | undefined)?.name ?? "guest",
      route,
    };
  };

  const router = new Router();
  router.param(
    "pid",
    resourceParam((pid) => findPage(probe, pid)),
  );
  router.get("/pages/:id", authorize("read", loadPage), reply("read"));
  router.put("/pages/:id", authorize("write", loadPage), reply("write"));
  router.put("/strict/pages/:id", authorize("write", loadPage, { checkRead: false }), reply("strictWrite"));
  router.post("/pages", authorize("create", { resource: PAGES }), reply("create"));
  router.get(
    "/act/pages/:id",
    authorize(async (ctx) => ctx.query.do as string, loadPage),
    reply("dynamicAction"),
  );
  router.get(
    "/sync/pages/:id",
    authorize("read", (ctx) => {
      probe.loaderCalls++;
      return PAGE_STORE.get(Number(ctx.params.id));
    }),
    reply("syncLoader"),
  );
  router.get("/param/pages/:pid", authorize("read"), reply("paramRead"));
  router.put("/param/pages/:pid", authorize("write"), reply("paramWrite"));
  router.get("/inside/pages/:id", async (ctx) => {
    const page = await ctx.authorize("read", await findPage(probe, ctx.params.id));
    const actions = await ctx.authorizedActions(page);
    probe.handlerRuns++;
    ctx.body = { id: page.id, actions: [...actions].sort(), route: "inside" };
  });
  router.get("/accessor/pages/:id", authorize<Page>("read", loadPage), (ctx) => {
    probe.handlerRuns++;
    const { actor, resource } = authorized<Page>(ctx);
    ctx.body = { id: resource.id, actor: (actor as { name: string }).name, route: "accessor" };
  });
  router.get("/explode/pages/:id", authorize("explode", loadPage), reply("policyError"));
  router.get("/throw/pages/:id", authorize("read", loadPage), async () => {
    probe.handlerRuns++;
    await Promise.resolve();
    throw new Error("handler failed");
  });
  router.get("/throw403/pages/:id", authorize("read", loadPage), () => {
    probe.handlerRuns++;
    throw new ForbiddenError();
  });
  router.get(
    "/bad-action/pages/:id",
    authorize(() => {
      throw new Error("action function exploded");
    }, loadPage),
    reply("actionError"),
  );
  router.get("/nothing", authorize("read"), reply("noResource"));
  router.get("/public", reply("public"));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return { handler: app.callback(), probe };
}

export const koaHarness: Harness = { name: "koa", build };

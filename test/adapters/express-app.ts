/**
 * The Express 5 app of the adapter tables (routes: see harness.ts).
 * @module
 */
import type { Oso } from "@oso-ts/core";
import {
  authorize,
  authorized,
  ForbiddenError,
  osoErrorHandler,
  osoMiddleware,
  resourceParam,
} from "@oso-ts/express";
import express, { type NextFunction, type Request, type Response } from "express";
import { findPage, Guest, newProbe, PAGE_STORE, PAGES, type Page, userFromHeader } from "./fixtures.js";
import { type AppConfig, appErrorBody, type Harness, headersOf, statusOf, type TestApp } from "./harness.js";

function build(oso: Oso, config: AppConfig = {}): TestApp {
  const probe = newProbe();
  const app = express();
  app.set("env", "test"); // finalhandler: no stack traces on the console
  if (!config.withoutOsoMiddleware) {
    app.use(
      osoMiddleware({
        oso,
        actor: (req) => userFromHeader(req.headers["x-user"]),
        ...(config.anonymous ? { anonymous: new Guest() } : {}),
        ...(config.wwwAuthenticate ? { unauthenticated: { wwwAuthenticate: config.wwwAuthenticate } } : {}),
      }),
    );
  }
  const loadPage = (req: Request) => findPage(probe, String(req.params.id));
  const reply = (route: string) => (req: Request, res: Response) => {
    probe.handlerRuns++;
    const resource = res.locals.resource as Page | undefined;
    res.status(req.method === "POST" ? 201 : 200).json({
      id: resource && "id" in resource ? resource.id : null,
      actor: (res.locals.actor as { name?: string } | undefined)?.name ?? "guest",
      route,
    });
  };

  const router = express.Router();
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
    authorize(async (req) => req.query.do as string, loadPage),
    reply("dynamicAction"),
  );
  router.get(
    "/sync/pages/:id",
    authorize("read", (req) => {
      probe.loaderCalls++;
      return PAGE_STORE.get(Number(req.params.id));
    }),
    reply("syncLoader"),
  );
  router.get("/param/pages/:pid", authorize("read"), reply("paramRead"));
  router.put("/param/pages/:pid", authorize("write"), reply("paramWrite"));
  router.get("/inside/pages/:id", async (req, res) => {
    const page = await req.authorize("read", await findPage(probe, req.params.id));
    const actions = await req.authorizedActions(page);
    probe.handlerRuns++;
    res.json({ id: page.id, actions: [...actions].sort(), route: "inside" });
  });
  router.get("/accessor/pages/:id", authorize<Page>("read", loadPage), (_req, res) => {
    probe.handlerRuns++;
    const { actor, resource } = authorized<Page>(res);
    res.json({ id: resource.id, actor: (actor as { name: string }).name, route: "accessor" });
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
  app.use(router);

  if (config.errors === "oso") app.use(osoErrorHandler());
  if (config.errors === undefined || config.errors === "app") {
    app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
      probe.seen.push(err);
      res.status(statusOf(err)).set(headersOf(err)).json(appErrorBody(err));
    });
  }
  return { handler: app, probe };
}

export const expressHarness: Harness = { name: "express", build };

/**
 * The Express 5 driver: builds the app of an {@link AppSpec} (order: see driver.ts).
 * @module
 */
import type { AuthorizerOptions } from "@oso-ts/core/http";
import { authorize, authorized, osoErrorHandler, osoMiddleware, resourceParam } from "@oso-ts/express";
import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";
import {
  type AppSpec,
  type BuiltMiddleware,
  type CheckSpec,
  type Driver,
  frameworkOptions,
  isBuilt,
  type RequestView,
} from "./driver.js";

function noResponse(what: string): never {
  throw new Error(`${what}: an Express action function or loader gets no response`);
}

/** The view of `req` (and `res` where the function gets one). */
function view(req: Request, res?: Response): RequestView {
  return {
    header: (name) => req.get(name) || undefined,
    path: req.path,
    params: req.params as Record<string, string>,
    query: req.query,
    checks: req,
    get state() {
      return res ? res.locals : noResponse("state");
    },
    authorized: () => (res ? authorized(res) : noResponse("authorized()")),
    get response() {
      return res ?? noResponse("response");
    },
  };
}

const neutral = (options: AuthorizerOptions<RequestView>) =>
  frameworkOptions<Request>(options, (req) => view(req));

function check(c: CheckSpec): RequestHandler {
  const { action, loader, options } = c;
  const act = typeof action === "string" ? action : (req: Request) => action(view(req));
  // the two overloads of authorize(): with a loader, or with options only
  const handler = loader
    ? authorize(act, (req, actor) => loader(view(req), actor), options)
    : authorize(act, options);
  return handler as unknown as RequestHandler;
}

function app(spec: AppSpec) {
  const a = express();
  a.set("env", "test"); // finalhandler: no stack traces on the console
  if (spec.middleware) {
    a.use(
      isBuilt(spec.middleware)
        ? (spec.middleware.built as RequestHandler)
        : osoMiddleware(neutral(spec.middleware)),
    );
  }
  const router = express.Router();
  for (const [name, load] of Object.entries(spec.params ?? {})) router.param(name, resourceParam(load));
  for (const route of spec.routes ?? []) {
    router[route.method ?? "get"](route.path, ...(route.checks ?? []).map(check), async (req, res) => {
      res.json(await route.handler(view(req, res)));
    });
  }
  a.use(router);
  const { observe, fallback } = spec;
  if (observe) {
    a.use((err: unknown, _req: Request, _res: Response, next: NextFunction) => {
      observe(err);
      next(err);
    });
  }
  if (spec.osoErrorHandler) {
    a.use(osoErrorHandler(spec.osoErrorHandler === true ? undefined : spec.osoErrorHandler));
  }
  if (fallback) {
    a.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
      const answer = fallback(err);
      if (!answer || res.headersSent) return next(err);
      res.status(answer.status).json(answer.body);
    });
  }
  return { handler: a, methodHolder: a.request };
}

export const expressDriver: Driver = {
  name: "express",
  request: "req",
  accessorArgument: "res",
  sharedPrototype: express.request,
  app,
  middleware: (options): BuiltMiddleware => ({ built: osoMiddleware(neutral(options)) }),
};

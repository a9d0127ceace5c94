/**
 * One interface over the two frameworks, so every table runs against both: a builder
 * makes an app with the same routes, and the tests drive it with supertest.
 *
 * The routes of every app (one router: `express.Router()` / `@koa/router`):
 *
 * | route | middleware |
 * | --- | --- |
 * | `GET /pages/:id` | `authorize("read", loadPage)` |
 * | `PUT /pages/:id` | `authorize("write", loadPage)` (the policy awaits `page.editors()`) |
 * | `PUT /strict/pages/:id` | `authorize("write", loadPage, { checkRead: false })` |
 * | `POST /pages` | `authorize("create", { resource: PAGES })` |
 * | `GET /act/pages/:id?do=...` | `authorize(async (req) => req.query.do, loadPage)` |
 * | `GET /sync/pages/:id` | `authorize("read", syncLoader)` |
 * | `GET/PUT /param/pages/:pid` | `authorize("read")` / `authorize("write")`, `router.param("pid", resourceParam(...))` |
 * | `GET /inside/pages/:id` | `req.authorize` / `ctx.authorize` and `authorizedActions` in the handler |
 * | `GET /accessor/pages/:id` | `authorize("read", loadPage)`, then `authorized(res)` / `authorized(ctx)` |
 * | `GET /explode/pages/:id` | `authorize("explode", loadPage)`: the policy's host method throws |
 * | `GET /throw/pages/:id` | allowed, then the handler throws a plain error |
 * | `GET /throw403/pages/:id` | allowed, then the handler throws a `ForbiddenError` itself |
 * | `GET /bad-action/pages/:id` | `authorize(() => { throw ... }, loadPage)` |
 * | `GET /nothing` | `authorize("read")` with no loader, resource or param loader |
 * | `GET /public` | no authorization |
 *
 * Successful handlers answer `{ id, actor, route }` (and `actions` on `/inside`).
 * @module
 */
import type { RequestListener } from "node:http";
import type { Oso } from "@oso-ts/core";
import type { Probe } from "./fixtures.js";

/** How to build the app under test. */
export interface AppConfig {
  /** Decide for a `Guest` instead of answering 401. */
  anonymous?: boolean;
  /** The `WWW-Authenticate` header of the 401. */
  wwwAuthenticate?: string;
  /** Who renders errors: the app's own handler (default), `osoErrorHandler()`, or the framework's default. */
  errors?: "app" | "oso" | "none";
  /** Leave `osoMiddleware()` out (a misconfiguration). */
  withoutOsoMiddleware?: boolean;
}

/** An app under test. */
export interface TestApp {
  /** What supertest drives: the Express app or Koa's `callback()`. */
  readonly handler: RequestListener;
  readonly probe: Probe;
}

/** One framework. */
export interface Harness {
  readonly name: "express" | "koa";
  build(oso: Oso, config?: AppConfig): TestApp;
}

/** The body the app's own error handler answers with. */
export interface AppErrorBody {
  handledBy: "app";
  status: number;
  code: string | undefined;
  message: string;
}

/** The status the app's own error handler answers with: the error's, else 500. */
export function statusOf(err: unknown): number {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === "number" && status >= 400 && status < 600 ? status : 500;
}

/** The app's own error handler's body: the message only when the error says it is safe. */
export function appErrorBody(err: unknown): AppErrorBody {
  const e = err as { code?: unknown; message?: unknown; expose?: unknown } | null;
  return {
    handledBy: "app",
    status: statusOf(err),
    code: typeof e?.code === "string" ? e.code : undefined,
    message: e?.expose === true && typeof e.message === "string" ? e.message : "internal error",
  };
}

/** The headers of an error (`WWW-Authenticate` on a 401), if any. */
export function headersOf(err: unknown): Record<string, string> {
  const headers = (err as { headers?: unknown } | null)?.headers;
  return typeof headers === "object" && headers !== null ? (headers as Record<string, string>) : {};
}

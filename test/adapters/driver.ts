/**
 * A second interface over the two frameworks, for tests that need their own small app
 * (their own policy, routes, error path) rather than the fixed routes of harness.ts: the
 * test describes the app once, framework-neutrally, as an {@link AppSpec}, and each
 * framework's driver (express-driver.ts, koa-driver.ts) builds the real app from it. So one
 * test body runs against Express and Koa alike, and a behaviour of one adapter that the
 * other lacks shows up as a failing row instead of a test nobody wrote.
 *
 * The drivers build the app the way each framework's users would, with equivalent order:
 *
 * | Express (in order of `app.use`) | Koa (outermost first) |
 * | --- | --- |
 * | `osoMiddleware(spec.middleware)` | `spec.fallback`: try/catch around everything |
 * | a `Router` with `spec.params` and `spec.routes` | `osoErrorHandler(spec.osoErrorHandler)` |
 * | `spec.observe`: error middleware calling `next(err)` | `spec.observe`: try/catch that rethrows |
 * | `osoErrorHandler(spec.osoErrorHandler)` | `osoMiddleware(spec.middleware)` |
 * | `spec.fallback`: the last error middleware | a `@koa/router` with `spec.params` and `spec.routes` |
 *
 * With no fallback and no osoErrorHandler the framework's own error handling answers
 * (Express's finalhandler in the "test" env, a silent Koa app).
 * @module
 */
import type { RequestListener, ServerResponse } from "node:http";
import type { Authorized } from "@oso-ts/core";
import type {
  AuthorizerOptions,
  Awaitable,
  CheckMethods,
  RenderOptions,
  RouteOptions,
} from "@oso-ts/core/http";

/** What the app's functions see of a request: Express's `req`/`res` or Koa's `ctx`, behind one face. */
export interface RequestView {
  /** A request header; `undefined` when absent or empty. */
  header(name: string): string | undefined;
  readonly path: string;
  readonly params: Record<string, string>;
  readonly query: Record<string, unknown>;
  /** Where the check methods live: `req` or `ctx`, as the handler would call them. */
  readonly checks: CheckMethods;
  /** `res.locals` / `ctx.state`. Throws in an action function, which gets no response on Express. */
  readonly state: { actor?: unknown; resource?: unknown };
  /** `authorized(res)` / `authorized(ctx)`. */
  authorized(): Authorized<unknown>;
  /** Node's response, to start a response by hand. Throws where there is no response (as `state`). */
  readonly response: ServerResponse;
}

/** One `authorize(action, loader?, options?)` of a route. */
export interface CheckSpec {
  action: string | ((r: RequestView) => Awaitable<string>);
  loader?: (r: RequestView, actor: unknown) => unknown;
  options?: RouteOptions;
}

/** One route: its checks, then the handler, whose result is the 200's JSON body. */
export interface RouteSpec {
  method?: "get" | "put" | "post";
  path: string;
  checks?: readonly CheckSpec[];
  handler: (r: RequestView) => unknown;
}

/** A middleware one driver built with {@link Driver.middleware}, to mount in several apps. */
export interface BuiltMiddleware {
  readonly built: unknown;
}

/** The app a test needs. */
export interface AppSpec {
  /** `osoMiddleware()`'s options (or one built middleware); none: the app has no osoMiddleware. */
  middleware?: AuthorizerOptions<RequestView> | BuiltMiddleware;
  /** `router.param(name, resourceParam(load))`. */
  params?: Readonly<Record<string, (value: string) => unknown>>;
  routes?: readonly RouteSpec[];
  /** The application's logging: sees each error on its way to the renderer, and passes it on. */
  observe?: (err: unknown) => void;
  /** Mount `osoErrorHandler()`; an object: with these options. */
  osoErrorHandler?: boolean | RenderOptions;
  /**
   * The application's last error handler, after osoErrorHandler: the answer (JSON), or
   * `undefined` to pass the error on to the framework. Never answers once the response started.
   */
  fallback?: (err: unknown) => { status: number; body: unknown } | undefined;
}

/** An app a driver built. */
export interface BuiltApp {
  /** What supertest drives (or `http.createServer` serves). */
  readonly handler: RequestListener;
  /** The app's own object the check methods are installed on: `app.request` / `app.context`. */
  readonly methodHolder: object;
}

/** One framework. */
export interface Driver {
  readonly name: "express" | "koa";
  /** The object the check methods are called on, in messages: `"req"` / `"ctx"`. */
  readonly request: "req" | "ctx";
  /** The argument of `authorized(...)`, in messages: `"res"` / `"ctx"`. */
  readonly accessorArgument: "res" | "ctx";
  /** The prototype every app's method holder inherits from: `express.request` / Koa's base context. */
  readonly sharedPrototype: object;
  /** Build the app; throws what `osoMiddleware()` and the others throw at start-up. */
  app(spec: AppSpec): BuiltApp;
  /** `osoMiddleware(options)` once, for {@link AppSpec.middleware} of several apps. */
  middleware(options: AuthorizerOptions<RequestView>): BuiltMiddleware;
}

/** Whether `m` is a middleware a driver built, rather than options. */
export function isBuilt(m: AppSpec["middleware"]): m is BuiltMiddleware {
  return typeof m === "object" && m !== null && "built" in m;
}

/** Map neutral middleware options to a framework's, given how to view its request. */
export function frameworkOptions<Req>(
  options: AuthorizerOptions<RequestView>,
  view: (req: Req) => RequestView,
): AuthorizerOptions<Req> {
  const { actor, anonymous, ...rest } = options;
  return {
    ...rest,
    // passed through unchanged when not a function, so start-up checks see the mistake
    actor: typeof actor === "function" ? (req) => actor(view(req)) : actor,
    ...(anonymous === undefined
      ? {}
      : {
          anonymous:
            typeof anonymous === "function"
              ? (req: Req) => (anonymous as (r: RequestView) => unknown)(view(req))
              : anonymous,
        }),
  } as AuthorizerOptions<Req>;
}

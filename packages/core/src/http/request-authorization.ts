/**
 * The framework-neutral decision flow of the HTTP adapters. Per request: resolve the actor
 * (401 when there is none and no anonymous actor), load the resource (never when there is
 * no actor; 404 when there is none), decide with `oso.authorize` (404 when the actor may not
 * even read it, else 403), and hand back `{ actor, resource }`.
 *
 * Nothing here catches: errors of the resolver, the loader, the action function or the
 * policy travel unchanged to the framework's error path, and nothing after the decision
 * (the handler) runs inside this flow, so its errors cannot be relabelled.
 *
 * Every wait is bounded: each check (a route's, or one a handler makes) has `timeoutMs` to
 * finish, counted from its start, and a Promise of the application still pending then
 * fails the check with a {@link RequestTimeoutError}. A Promise that settles later changes
 * nothing: the check has already failed, and its rejection is handled.
 * @module
 */
import { NotFoundError, polarError, RequestTimeoutError, UnauthorizedError } from "../errors.js";
import type { AuthorizeOptions, WildcardOptions } from "../oso.js";
import { withExplanation } from "./explain-denial.js";
import { MESSAGES } from "./messages.js";
import { checkAuthorizerOptions, checkRouteSpec, type RouteSpec } from "./options.js";
import type {
  ActorResolver,
  AnonymousActor,
  Authorized,
  AuthorizerOptions,
  Awaitable,
  CheckOptions,
  OsoAuthorizer,
  ParamLoader,
  RegisteredActor,
} from "./types.js";

/** An actor found for a request: never `null` or `undefined` (that is a 401). */
type Actor = NonNullable<RegisteredActor>;

// Symbol.for, so that duplicate copies of the package still find each other's state.
const SCOPE = Symbol.for("@oso-ts/core/request-scope");
const AUTHORIZED = Symbol.for("@oso-ts/core/authorized");

/**
 * What `osoMiddleware()` builds once from its options (checked here, at start-up): the
 * `Oso` instance and how to find the actor of a request.
 *
 * @example
 * ```ts
 * const authorizer = new RequestAuthorizer<Request>({ oso, actor: (req) => req.user });
 * // per request, in the adapter's middleware:
 * const scope = authorizer.attach(req, res.locals);
 * ```
 */
export class RequestAuthorizer<Req> {
  /** The Oso instance that decides. */
  readonly oso: OsoAuthorizer;
  private readonly resolve: ActorResolver<Req>;
  private readonly anonymous: AnonymousActor<Req> | undefined;
  private readonly headers: Record<string, string> | undefined;
  /** How long one check may wait, in milliseconds; 0 for no limit. */
  readonly timeoutMs: number;
  /** Attach explanations to denials (the `explain` option). */
  readonly explain: boolean;

  /**
   * @param options the application's options (checked here, at start-up)
   * @param routeParams how the adapter reads the matched route's parameters (Express
   *   `req.params`, Koa `ctx.params`), so that `authorize(action)` checks the resource of the
   *   route's innermost parameter
   * @throws {OperationalError} `invalid_argument` for a missing `oso`, a non-function `actor`, ...
   */
  constructor(
    options: AuthorizerOptions<Req>,
    readonly routeParams: (req: Req) => Readonly<Record<string, unknown>> | undefined = () => undefined,
  ) {
    const checked = checkAuthorizerOptions<Req>(options);
    this.oso = checked.oso;
    this.resolve = checked.actor;
    this.anonymous = checked.anonymous ?? undefined;
    const header = checked.unauthenticated?.wwwAuthenticate;
    // shared by every 401 of this middleware: frozen, so no handler can change the next one's
    this.headers = header === undefined ? undefined : Object.freeze({ "WWW-Authenticate": header });
    this.explain = checked.explain === true;
    this.timeoutMs = finiteOrNone(checked.timeoutMs ?? this.oso.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  }

  /** The clock of one check, started now. */
  startCheck(): Budget {
    return new Budget(this.timeoutMs);
  }

  /** The clock of a check that started at `started` (`Date.now()`), made when a wait begins. */
  budgetFrom(started: number): Budget {
    return new Budget(this.timeoutMs, started);
  }

  /**
   * Start authorizing one request: a fresh {@link RequestScope} for `req`, kept on
   * `carrier` (a plain per-request object such as `res.locals` or `ctx.state`) where the
   * route checks find it. Nothing is added to `req` itself: new properties on Node's
   * request objects cost every request several microseconds.
   */
  attach(req: Req, carrier: object): RequestScope<Req> {
    const scope = new RequestScope(this, req);
    const c = carrier as Record<symbol, unknown>;
    // a second osoMiddleware on the same request (a sub-app's own) keeps what a route
    // check already allowed, as when the result lived on the carrier itself
    const previous = c[SCOPE] as RequestScope<unknown> | undefined;
    if (previous !== undefined) scope.authorized = previous.authorized;
    c[SCOPE] = scope;
    return scope;
  }

  /**
   * The actor of `req`, or the anonymous actor: synchronously when the resolver answers
   * synchronously, else a Promise. @throws {UnauthorizedError} when there is neither.
   */
  findActor(req: Req): Actor | Promise<Actor> {
    return andThen(this.resolve(req), (actor) => {
      if (actor !== null && actor !== undefined) return actor;
      if (this.anonymous === undefined) throw new UnauthorizedError(undefined, this.headers);
      const anonymous = typeof this.anonymous === "function" ? this.anonymous(req) : this.anonymous;
      // no bound of its own: the actor's Promise, this included, is waited for under the
      // budget of each check that asks for it
      return andThen(anonymous, (a) => {
        if (a === null || a === undefined) throw new UnauthorizedError(undefined, this.headers);
        return a;
      });
    });
  }
}

/** A `resourceParam()` loader that ran for this request. */
interface ParamEntry {
  readonly name: string | undefined;
  readonly value: unknown;
  readonly load: () => Awaitable<unknown>;
  loaded: Promise<unknown> | undefined;
}

/**
 * The authorization state of one request: the actor (resolved once, on first use), the
 * resource of a `router.param` loader, and the checks a handler may make itself.
 */
export class RequestScope<Req> {
  private actorPromise: Promise<Actor> | undefined;
  private actorValue: Actor | undefined;
  /** Resources of route parameters, in the order their `resourceParam()` loaders ran (made on first use). */
  private params: ParamEntry[] | undefined;
  /** The resolver found nobody: remembered too, so it is asked once per request. */
  private nobody: unknown;
  /**
   * The latest allowed route check's result, for `authorized(res)`. Kept here, a field of a
   * fixed-shape object, rather than as one more property of the carrier: adding a property to
   * `res.locals` (a dictionary object in Express) or `ctx.state` was a fifth of the adapter's
   * own time per request.
   */
  authorized: Authorized<unknown> | undefined;

  constructor(
    /** Where the decisions come from. */
    readonly authorizer: RequestAuthorizer<Req>,
    /** The request (Express `req`, Koa `ctx`). */
    readonly request: Req,
  ) {}

  /** The actor of this request, resolved once. @throws {UnauthorizedError} when there is none. */
  actor(budget: Budget = this.authorizer.startCheck()): Promise<Actor> {
    return Promise.resolve().then(() => budget.wait(this.actorNow(), "the actor resolver"));
  }

  /**
   * The actor, synchronously when it is known or the resolver answers synchronously (else a
   * Promise); remembered, so the resolver runs once per request.
   */
  actorNow(): Actor | Promise<Actor> {
    if (this.actorValue !== undefined) return this.actorValue;
    if (this.actorPromise !== undefined) return this.actorPromise;
    if (this.nobody !== undefined) throw this.nobody;
    let found: Actor | Promise<Actor>;
    try {
      found = this.authorizer.findActor(this.request);
    } catch (e) {
      if (e instanceof UnauthorizedError) this.nobody = e;
      throw e;
    }
    if (found instanceof Promise) {
      this.actorPromise = found;
      return found;
    }
    this.actorValue = found;
    return found;
  }

  /**
   * Remember how to load the resource of route parameter `name` (undefined when the
   * framework does not say which parameter it is); route checks without a loader use it.
   */
  useParamLoader(name: string | undefined, value: unknown, load: () => Awaitable<unknown>): void {
    const entry = { name, value, load, loaded: undefined };
    if (this.params === undefined) this.params = [entry];
    else this.params.push(entry);
  }

  /**
   * The resource of the route's innermost parameter (the last of `routeParams`), loaded once;
   * `undefined` when no loader ran for that parameter. Never the resource of another
   * parameter: checking an outer resource (the org) in place of the inner one (the repo)
   * would decide about the wrong object.
   */
  paramResource(routeParams: Readonly<Record<string, unknown>> | undefined): Promise<unknown> | undefined {
    const params = this.params;
    if (params === undefined) return undefined;
    const keys = routeParams === undefined ? [] : Object.keys(routeParams);
    const innermost = keys[keys.length - 1];
    let entry: ParamEntry | undefined;
    for (let i = params.length - 1; i >= 0 && entry === undefined; i--) {
      const e = params[i]!;
      if (innermost === undefined) entry = e;
      else if (e.name === innermost) entry = e;
      // the framework did not name it: loaders run outermost first, so the latest one
      // with the innermost parameter's value is the innermost parameter's
      else if (e.name === undefined && routeParams![innermost] === e.value) {
        // unnamed and several parameters hold that value (`/orgs/x/repos/x`): it is the
        // innermost one's only if each of them had its loader run, else fail closed
        const holders = keys.filter((k) => routeParams![k] === e.value).length;
        const loaders = params.filter((p) => p.name === undefined && p.value === e.value).length;
        if (loaders < holders) return undefined;
        entry = e;
      }
    }
    if (entry === undefined) return undefined;
    const { load } = entry;
    entry.loaded ??= Promise.resolve().then(load);
    return entry.loaded;
  }

  /**
   * A check inside a handler, with the route checks' semantics: 401 without an actor, 404
   * for a `null`/`undefined` resource or when the actor may not even read it, else 403.
   * Resolves to the resource, so `const page = await req.authorize("read", await find(id))`.
   */
  async authorize<R>(action: string, resource: R | null | undefined, options?: CheckOptions): Promise<R> {
    const budget = this.authorizer.startCheck();
    const actor = await this.actor(budget);
    if (resource === null || resource === undefined) throw new NotFoundError();
    const checkRead = { checkRead: options?.checkRead ?? true };
    const oso = this.authorizer.oso;
    const decide = () => oso.authorize(actor, action, resource, checkRead);
    const decided = this.authorizer.explain
      ? withExplanation(oso, actor, action, resource, decide)
      : decide();
    await budget.wait(decided, "the decision");
    return resource;
  }

  /** Every action the actor may perform on `resource` (for rendering links and buttons). */
  async authorizedActions(resource: unknown, options?: WildcardOptions): Promise<Set<string>> {
    const budget = this.authorizer.startCheck();
    const actor = await this.actor(budget);
    return budget.wait(this.authorizer.oso.authorizedActions(actor, resource, options), "the decision");
  }

  /** The adapter's query for the rows of `cls` the actor may perform `action` on (401 without an actor). */
  async authorizedQuery(action: string, cls: unknown): Promise<unknown> {
    const budget = this.authorizer.startCheck();
    const actor = await this.actor(budget);
    return budget.wait(
      this.dataFiltering("authorizedQuery").call(this.authorizer.oso, actor, action, cls),
      "the data-filtering query",
    );
  }

  /** The rows of `cls` the actor may perform `action` on (401 without an actor). */
  async authorizedResources(action: string, cls: unknown): Promise<unknown[]> {
    const budget = this.authorizer.startCheck();
    const actor = await this.actor(budget);
    const rows = this.dataFiltering("authorizedResources").call(this.authorizer.oso, actor, action, cls);
    return budget.wait(rows as Promise<unknown[]>, "the data-filtering query");
  }

  private dataFiltering(
    name: "authorizedQuery" | "authorizedResources",
  ): (actor: unknown, action: string, cls: unknown) => Promise<unknown> {
    const f = this.authorizer.oso[name];
    if (typeof f !== "function") {
      throw polarError(
        "invalid_argument",
        `${name}(): the \`oso\` given to the middleware has no ${name}() method`,
      );
    }
    return f;
  }
}

/**
 * One route's check, built (and checked) once when the route is declared:
 * `authorize(action)`, `authorize(action, loader, options?)` or `authorize(action, options)`.
 *
 * @example
 * ```ts
 * const check = new RouteAuthorization<Request, Page>("authorize()", "read", loadPage);
 * // per request:
 * const { actor, resource } = await check.run(requestScope<Request>(res.locals, "authorize()"));
 * ```
 */
export class RouteAuthorization<Req, R> {
  private readonly spec: RouteSpec<Req, R>;
  private readonly options: AuthorizeOptions;

  /** @throws {OperationalError} `invalid_argument` for a bad action, loader or option. */
  constructor(call: string, action: unknown, loaderOrOptions?: unknown, options?: unknown) {
    this.spec = checkRouteSpec<Req, R>(call, action, loaderOrOptions, options);
    this.options = { checkRead: this.spec.checkRead };
  }

  /**
   * Decide for one request: resolve the actor, load the resource, decide.
   * @throws {UnauthorizedError} 401: no actor
   * @throws {NotFoundError} 404: no resource, or the actor may not even read it
   * @throws {ForbiddenError} 403: the actor may read it but not perform the action
   */
  run(scope: RequestScope<Req>): Authorized<R> | Promise<Authorized<R>> {
    // every step stays synchronous while the application's functions and the policy answer
    // synchronously: no Promise, timer or closure per request on the common path; the
    // check's clock starts now, and becomes a Budget only if something must be waited for
    const started = Date.now();
    const actor = scope.actorNow();
    if (!isPromiseLike(actor)) {
      const resource = this.resource(scope, actor);
      if (!isPromiseLike(resource)) {
        if (resource === null || resource === undefined) throw new NotFoundError();
        const spec = this.spec.action;
        if (typeof spec === "string") {
          const decided = this.decide(scope, actor, spec, resource);
          if (!isPromiseLike(decided)) return { actor, resource: resource as R };
          return scope.authorizer
            .budgetFrom(started)
            .wait(decided, "the decision")
            .then(() => ({ actor, resource: resource as R }));
        }
      }
      return this.runWaiting(scope, scope.authorizer.budgetFrom(started), actor, resource);
    }
    return this.runWaiting(scope, scope.authorizer.budgetFrom(started), actor);
  }

  /**
   * Oso's decision: synchronous when the Oso instance can decide synchronously; with the
   * middleware's `explain`, a denial carries the explanation.
   */
  private decide(scope: RequestScope<Req>, actor: Actor, action: string, resource: unknown): unknown {
    const oso = scope.authorizer.oso;
    // the closure exists only for `explain`, which must re-run the decision to explain it
    if (scope.authorizer.explain) {
      return withExplanation(oso, actor, action, resource, () =>
        this.decideNow(oso, actor, action, resource),
      );
    }
    return this.decideNow(oso, actor, action, resource);
  }

  private decideNow(
    oso: OsoAuthorizer,
    actor: Actor,
    action: string,
    resource: unknown,
  ): void | Promise<void> {
    return oso.authorizeMaybeSync
      ? oso.authorizeMaybeSync(actor, action, resource, this.options)
      : oso.authorize(actor, action, resource, this.options);
  }

  /**
   * {@link run} once something returned a Promise: each step waits within `budget`. The
   * resource, when given, was already asked of its loader (a loader runs once).
   */
  private runWaiting(
    scope: RequestScope<Req>,
    budget: Budget,
    found: Actor | Promise<Actor>,
    loaded: Awaitable<unknown> | typeof NOT_LOADED = NOT_LOADED,
  ): Authorized<R> | Promise<Authorized<R>> {
    return budget.andThen(found, "the actor resolver", (actor) =>
      budget.andThen(
        loaded === NOT_LOADED ? this.resource(scope, actor) : loaded,
        "the resource loader",
        (resource) => {
          if (resource === null || resource === undefined) throw new NotFoundError();
          const spec = this.spec.action;
          return budget.andThen(
            typeof spec === "string" ? spec : spec(scope.request),
            "the action function",
            (action) => {
              if (typeof action !== "string" || action === "") {
                throw polarError("invalid_argument", MESSAGES.actionResult(action));
              }
              const decided = this.decide(scope, actor, action, resource);
              return budget.andThen(decided, "the decision", () => ({ actor, resource: resource as R }));
            },
          );
        },
      ),
    );
  }

  /**
   * The whole per-request step of an adapter's route middleware: find the scope on
   * `carrier` (`res.locals`, `ctx.state`), decide, expose `actor` and `resource` on it, then
   * `proceed()`, outside any catch, so the handler's errors are never relabelled. A
   * thrown value the framework would misread (a falsy one means "no error" to Express's
   * `next`, `"route"` skips to the next route) becomes an Error: a loader that throws
   * `undefined` must not let the handler run.
   */
  handle<T>(carrier: object, proceed: () => T): T | Promise<Awaited<T>> {
    let result: Authorized<R> | Promise<Authorized<R>>;
    let scope: RequestScope<Req>;
    try {
      scope = requestScope<Req>(carrier, "authorize()");
      result = this.run(scope);
    } catch (e) {
      throw asThrowable(e);
    }
    if (!(result instanceof Promise)) return allowed(carrier, scope, result, proceed);
    // `then` flattens what `proceed()` returns (Koa's `next()` is a Promise)
    return result.then(
      (r) => allowed(carrier, scope, r, proceed),
      (e: unknown) => {
        throw asThrowable(e);
      },
    ) as Promise<Awaited<T>>;
  }

  private resource(scope: RequestScope<Req>, actor: Actor): Awaitable<unknown> {
    const { loader, fixed } = this.spec;
    if (loader) return loader(scope.request, actor);
    if (fixed) return fixed.resource;
    const loaded = scope.paramResource(scope.authorizer.routeParams(scope.request));
    if (loaded === undefined) {
      const spec = this.spec.action;
      throw polarError("invalid_state", MESSAGES.noResource(typeof spec === "string" ? spec : "<function>"));
    }
    return loaded;
  }
}

/**
 * A `router.param` loader, checked at start-up: returns `(carrier, req, value) => void`,
 * which remembers on the request's scope how to load the parameter's resource. The
 * loading itself happens in the route check, after the actor is found, once per request.
 *
 * @example
 * ```ts
 * const remember = paramResource<Request, Page>("resourceParam()", (id) => pages.find(id));
 * router.param("pagenum", (req, res, next, value) => { remember(res.locals, req, value); next(); });
 * ```
 * @throws {OperationalError} `invalid_argument` when `load` is not a function.
 */
export function paramResource<Req, R>(
  call: string,
  load: ParamLoader<Req, R>,
): (carrier: object, req: Req, value: string, name?: string) => void {
  if (typeof load !== "function") throw polarError("invalid_argument", MESSAGES.badLoader(call, load));
  return (carrier, req, value, name) =>
    requestScope<Req>(carrier, call).useParamLoader(name, value, () => load(value, req));
}

/** The {@link RequestScope} that `osoMiddleware()` attached to `carrier`. @throws {OperationalError} when none did. */
export function requestScope<Req>(carrier: object, call: string): RequestScope<Req> {
  const scope = (carrier as Record<symbol, RequestScope<Req> | undefined>)[SCOPE];
  if (scope === undefined) throw polarError("invalid_state", MESSAGES.missingMiddleware(call));
  return scope;
}

/**
 * Keep an allowed route check's result for {@link authorizedOf}: on the request's scope
 * when `holder` (`res.locals`, `ctx.state`) has one, else on `holder` itself.
 */
export function recordAuthorized(holder: object, result: Authorized<unknown>): void {
  const scope = (holder as Record<symbol, RequestScope<unknown> | undefined>)[SCOPE];
  if (scope !== undefined) scope.authorized = result;
  else (holder as Record<symbol, unknown>)[AUTHORIZED] = result;
}

/** The result {@link recordAuthorized} kept. @throws {OperationalError} when no route check allowed the request. */
export function authorizedOf<R>(holder: object, call: string): Authorized<R> {
  const h = holder as Record<symbol, unknown>;
  const result = ((h[SCOPE] as RequestScope<unknown> | undefined)?.authorized ?? h[AUTHORIZED]) as
    | Authorized<R>
    | undefined;
  if (result === undefined) throw polarError("invalid_state", MESSAGES.notAuthorized(call));
  return result;
}

/** Marks {@link RouteAuthorization.runWaiting}'s resource as not asked of the loader yet. */
const NOT_LOADED: unique symbol = Symbol("not loaded");

/** Expose an allowed check's actor and resource on `carrier` and its result on `scope`, then run the handler. */
function allowed<Req, R, T>(
  carrier: object,
  scope: RequestScope<Req>,
  result: Authorized<R>,
  proceed: () => T,
): T {
  const holder = carrier as Record<string, unknown>;
  holder.actor = result.actor;
  holder.resource = result.resource;
  scope.authorized = result;
  return proceed();
}

/** Errors pass untouched; a value a framework treats as "no error" or as routing is wrapped. */
function asThrowable(e: unknown): unknown {
  if (e instanceof Error || (e && e !== "route" && e !== "router")) return e;
  return new Error(`A non-error value was thrown while authorizing the request: ${String(e)}`, { cause: e });
}

function isPromiseLike(v: unknown): v is PromiseLike<unknown> {
  return (
    (typeof v === "object" || typeof v === "function") &&
    v !== null &&
    typeof (v as { then?: unknown }).then === "function"
  );
}

/** The default of `timeoutMs` when the Oso instance does not say (as Oso's own default). */
const DEFAULT_TIMEOUT_MS = 30_000;

/** `Infinity` (or a test double's nonsense) means no limit, as for Oso's own `timeoutMs`. */
function finiteOrNone(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/**
 * The clock of one check: every wait of the check must end before its deadline. A timer
 * runs only while the check waits for a Promise, and is cleared as soon as the wait ends
 * either way, so nothing is left to keep the process alive.
 */
export class Budget {
  private readonly deadline: number;

  /**
   * @param timeoutMs the whole check's budget in milliseconds; 0 for no limit
   * @param started when the check started (`Date.now()`), by default now
   */
  constructor(
    readonly timeoutMs: number,
    started: number = Date.now(),
  ) {
    this.deadline = timeoutMs > 0 ? started + timeoutMs : 0;
  }

  /** `f(value)`: now when `value` is plain, else once it settles, within the deadline. */
  andThen<T, U>(value: Awaitable<T>, waitingFor: string, f: (v: T) => U | Promise<U>): U | Promise<U> {
    return isPromiseLike(value) ? this.wait(value, waitingFor).then(f) : f(value);
  }

  /**
   * `value`, settled, or a {@link RequestTimeoutError} naming what was waited for once the
   * deadline passes. `Promise.race` subscribes to `value`, so its late rejection is handled.
   */
  wait<T>(value: Awaitable<T>, waitingFor: string): Promise<T> {
    const settled = Promise.resolve(value);
    // nothing to wait for (a known actor), or no limit: no timer
    if (this.deadline === 0 || !isPromiseLike(value)) return settled;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new RequestTimeoutError(this.timeoutMs, waitingFor)),
        Math.max(0, this.deadline - Date.now()),
      );
    });
    return Promise.race([settled, expired]).finally(() => clearTimeout(timer));
  }
}

/** `f(value)`, now when `value` is plain, after it settles when it is a Promise. */
function andThen<T, U>(value: Awaitable<T>, f: (v: T) => U | Promise<U>): U | Promise<U> {
  return isPromiseLike(value) ? Promise.resolve(value).then(f) : f(value);
}

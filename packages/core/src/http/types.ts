/**
 * The types shared by the HTTP adapters: what the application hands to the middleware
 * (actor resolver, loaders, actions) and what the handler gets back.
 * @module
 */
import type { RequestTimeoutError } from "../errors.js";
import type { AuthorizeOptions, WildcardOptions } from "../oso.js";
import type { ActionFor, ActorFor, PolicyBinding } from "../typed.js";

/** A value, or a promise of it. */
export type Awaitable<T> = T | PromiseLike<T>;

/**
 * Augment this interface to give the actor its type in every adapter (`res.locals.actor`,
 * `ctx.state.actor`, `authorized(...)`, the `actor` option and the loaders), and with
 * `policy`, a {@link PolicyBinding} of the types `oso-ts types` generates, to type the
 * actions of `authorize(action, loader)`, `req.authorize()` and the other checks by the
 * resource. Unaugmented, the actor is `unknown` and an action any string. Without `actor`,
 * the actor is the policy's actor classes (its `actor` blocks), if it has any.
 *
 * @example
 * ```ts
 * declare module "@oso-ts/core" {
 *   interface AuthorizationTypes {
 *     actor: User;
 *     policy: PolicyBinding<PolicyTypes, { User: User; Org: Org; Repo: Repo }>;
 *   }
 * }
 * ```
 */
// biome-ignore lint/suspicious/noEmptyInterface: an augmentation point, empty until the application fills it
export interface AuthorizationTypes {}

/** The policy binding the application registered in {@link AuthorizationTypes}, else `undefined`. */
export type RegisteredPolicy = AuthorizationTypes extends { policy: infer B extends PolicyBinding }
  ? B
  : undefined;

/**
 * The actor type the application registered in {@link AuthorizationTypes}, else the actor
 * classes of its registered policy, else `unknown`.
 */
export type RegisteredActor = AuthorizationTypes extends { actor: infer A } ? A : ActorFor<RegisteredPolicy>;

/**
 * The actions a route or handler check on a resource of type `R` may name: any string
 * without a registered policy, else those of `R`'s resource type (see `ActionFor`).
 */
export type RouteAction<R> = ActionFor<RegisteredPolicy, R>;

/**
 * The part of `Oso` the request flow needs. Structural, so an `Oso` from a duplicate copy
 * of the package, or a test double, fits too.
 */
export interface OsoAuthorizer {
  authorize(actor: unknown, action: string, resource: unknown, options?: AuthorizeOptions): Promise<void>;
  /** `authorize`, answered synchronously when no host call waits (see `Oso.authorizeMaybeSync`). */
  authorizeMaybeSync?(
    actor: unknown,
    action: string,
    resource: unknown,
    options?: AuthorizeOptions,
  ): void | Promise<void>;
  authorizedActions(actor: unknown, resource: unknown, options?: WildcardOptions): Promise<Set<string>>;
  /** The longest a query may run, in milliseconds (0: no limit): the default of the middleware's `timeoutMs`. */
  readonly timeoutMs?: number;
  /** Why a decision answers as it does (`Oso.explain`); used by the `explain` option. */
  explain?(actor: unknown, action: string, resource: unknown): Promise<unknown>;
  /** Data filtering (`Oso.authorizedQuery`); optional, so test doubles without it still fit. */
  authorizedQuery?(actor: unknown, action: string, cls: unknown): Promise<unknown>;
  /** Data filtering (`Oso.authorizedResources`). */
  authorizedResources?(actor: unknown, action: string, cls: unknown): Promise<unknown[]>;
}

// The `{ fn(x: X): Y }["fn"]` form keeps the parameter bivariant, so a function written for a
// narrower request type (`(req: Request<{ id: string }>) => ...`) is accepted where the
// adapter passes its general request type.

/** Finds the actor of a request: the user, or `null`/`undefined` when nobody is logged in. */
export type ActorResolver<Req> = {
  resolve(req: Req): Awaitable<RegisteredActor | null | undefined>;
}["resolve"];

/**
 * Loads the resource a route acts on, given the request and the actor the decision is for
 * (resolved first: a loader never runs without one); `null`/`undefined` means it does not
 * exist (404).
 */
export type ResourceLoader<Req, R> = {
  load(req: Req, actor: NonNullable<RegisteredActor>): Awaitable<R | null | undefined>;
}["load"];

/** Loads the resource named by a route parameter (`router.param`); `null`/`undefined` means 404. */
export type ParamLoader<Req, R> = {
  load(value: string, req: Req): Awaitable<R | null | undefined>;
}["load"];

/** The action a route performs: a string, or a function of the request (sync or async). */
export type ActionSpec<Req, A extends string = string> = A | { action(req: Req): Awaitable<A> }["action"];

/** Any value but `null`/`undefined` (spelled out so a factory's parameter still gets its type). */
type AnyActor = string | number | boolean | bigint | symbol | object;

/** The anonymous actor: a value, or a factory called with the request. */
export type AnonymousActor<Req> =
  | (unknown extends RegisteredActor ? AnyActor : RegisteredActor)
  | { make(req: Req): Awaitable<RegisteredActor | null | undefined> }["make"];

/** What a 401 (no actor) carries. */
export interface UnauthenticatedOptions {
  /** The `WWW-Authenticate` header of the 401, e.g. `'Bearer realm="app"'`. RFC 9110 wants one. */
  wwwAuthenticate?: string;
}

/** Options of `osoMiddleware()`: where the decisions come from and who is asking. */
export interface AuthorizerOptions<Req> {
  /** The `Oso` instance with the policy loaded. */
  oso: OsoAuthorizer;
  /** Finds the actor of a request (sync or async); `null`/`undefined` means nobody: 401. */
  actor: ActorResolver<Req>;
  /**
   * The actor to use when `actor` finds nobody, instead of answering 401: a value (a guest
   * user), or a function of the request returning one. A function is always called as a
   * factory, so wrap an actor that is itself a function: `anonymous: () => guestFn`.
   */
  anonymous?: AnonymousActor<Req>;
  /** How the 401 looks when there is no actor and no anonymous actor. */
  unauthenticated?: UnauthenticatedOptions;
  /**
   * The longest one check may wait, in milliseconds: a route's `authorize()` (actor
   * resolver, anonymous factory, loader or `resourceParam()` loader, action function and
   * decision together), `req.authorize()` or `req.authorizedActions()`. Past it the check
   * fails with a {@link RequestTimeoutError} (503) and the handler never runs. Counted from
   * the start of each check, so a slow handler does not eat into the budget of a check it
   * makes later. Default: the Oso instance's `timeoutMs` (30,000); 0 for no limit.
   */
  timeoutMs?: number;
  /**
   * For development: attach the decision's explanation (`oso.explain(...)`, the rules
   * tried with `file:line` and why each failed) to the 403 / 404 a check throws, as
   * `err.explanation`, so the application's error path can log it. Off by default. The
   * explanation is never put into the response by `osoErrorHandler()`; it costs a second,
   * traced evaluation of each denied decision.
   */
  explain?: boolean;
}

/** Options of a check inside a handler (`req.authorize(...)` / `ctx.authorize(...)`). */
export interface CheckOptions {
  /**
   * On a denial, answer 404 when the actor may not even read the resource (the default),
   * so its existence does not leak; with `false`, always 403.
   */
  checkRead?: boolean;
}

/** Options of a route check (`authorize(action, loader?, options?)`). */
export interface RouteOptions<R = unknown> extends CheckOptions {
  /**
   * A fixed resource for a route that acts on no loaded resource, such as `"create"` on a
   * collection: a class, a string, a marker object, whatever the policy's `allow` rules
   * match. Not together with a loader. With a fixed resource, `checkRead` defaults to
   * `false` (403): there is no individual resource whose existence could leak.
   */
  resource?: R;
}

/** What an allowed route check hands to the handler. */
export interface Authorized<R> {
  /** The actor the decision was made for (possibly the anonymous actor); never `null` or `undefined`. */
  actor: NonNullable<RegisteredActor>;
  /** The loaded (or fixed) resource; never `null` or `undefined`. */
  resource: R;
}

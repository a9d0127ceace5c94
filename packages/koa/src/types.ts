/**
 * The Koa types of the adapter: its options, the state an allowed route check writes,
 * and the declaration merging that types `ctx.state` and `ctx.authorize`.
 * @module
 */
import type { ActionFor } from "@oso-ts/core";
import type {
  ActionSpec,
  AuthorizerOptions,
  Awaitable,
  CheckMethods,
  RegisteredActor,
  ResourceLoader,
  RouteOptions,
} from "@oso-ts/core/http";
import type { DefaultState, Middleware, ParameterizedContext } from "koa";

/** The context the adapter's functions receive. */
export type Context = ParameterizedContext;

/** Options of {@link osoMiddleware}: the Oso instance, the actor of a request, 401 details. */
export type OsoMiddlewareOptions = AuthorizerOptions<Context>;

/** A route's resource loader: `(ctx, actor) => resource` (sync or async); `null`/`undefined` answers 404. */
export type Loader<R> = ResourceLoader<Context, R>;

/** Options of {@link authorize}: `checkRead`, and a fixed `resource` for routes without a loader. */
export type AuthorizeOptions<R = unknown> = RouteOptions<R>;

/** What an allowed {@link authorize} writes to `ctx.state`. */
export interface AuthorizedState<R, Actor = NonNullable<RegisteredActor>> {
  /** The actor the decision was made for (never `null` or `undefined`). */
  actor: Actor;
  /** The resource the loader returned (never `null`/`undefined`). */
  resource: R;
}

/** The middleware {@link authorize} returns: its `ctx.state` carries the resource typed `R`. */
export type AuthorizeMiddleware<R, Actor = NonNullable<RegisteredActor>> = Middleware<
  DefaultState & AuthorizedState<R, Actor>
>;

/**
 * The type of {@link authorize} under policy binding `B` (the registered one, see
 * `AuthorizationTypes`): the action must be one the loaded resource's type has (see
 * `ActionFor`); any string when `B` is no binding (`undefined`). `Actor` is what the loader receives and
 * `ctx.state.actor` holds.
 */
export interface Authorize<B, Actor = NonNullable<RegisteredActor>> {
  <R>(
    action: ActionSpec<Context, NoInfer<ActionFor<B, R>>>,
    loader: { load(ctx: Context, actor: Actor): Awaitable<R | null | undefined> }["load"],
    options?: Omit<AuthorizeOptions, "resource">,
  ): AuthorizeMiddleware<R, Actor>;
  <R = unknown>(
    action: ActionSpec<Context, NoInfer<ActionFor<B, R>>>,
    options?: AuthorizeOptions<R>,
  ): AuthorizeMiddleware<R, Actor>;
}

declare module "koa" {
  interface DefaultState {
    /** The actor, set by `authorize()` of `@oso-ts/koa` when it allows the request. */
    actor?: RegisteredActor;
    /** The resource, set by `authorize()` of `@oso-ts/koa` when it allows the request. */
    resource?: unknown;
  }
  /** `ctx.authorize()` and `ctx.authorizedActions()`, installed by `osoMiddleware()` of `@oso-ts/koa`. */
  interface DefaultContext extends CheckMethods {}
}

/**
 * The Express types of the adapter: its options, the locals an allowed route check
 * writes, and the declaration merging that types `res.locals` and `req.authorize`.
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
import type { Request, RequestHandler } from "express";

/** Options of {@link osoMiddleware}: the Oso instance, the actor of a request, 401 details. */
export type OsoMiddlewareOptions = AuthorizerOptions<Request>;

/** A route's resource loader: `(req, actor) => resource` (sync or async); `null`/`undefined` answers 404. */
export type Loader<R> = ResourceLoader<Request, R>;

/** Options of {@link authorize}: `checkRead`, and a fixed `resource` for routes without a loader. */
export type AuthorizeOptions<R = unknown> = RouteOptions<R>;

/** What an allowed {@link authorize} writes to `res.locals`. */
export interface AuthorizedLocals<R, Actor = NonNullable<RegisteredActor>> {
  /** The actor the decision was made for (never `null` or `undefined`). */
  actor: Actor;
  /** The resource the loader returned (never `null`/`undefined`). */
  resource: R;
}

/** The handler {@link authorize} returns: its `res.locals` carry the resource typed `R`. */
export type AuthorizeHandler<R, Actor = NonNullable<RegisteredActor>> = RequestHandler<
  Request["params"],
  unknown,
  unknown,
  Request["query"],
  AuthorizedLocals<R, Actor>
>;

/**
 * The type of {@link authorize} under policy binding `B` (the registered one, see
 * `AuthorizationTypes`): the action must be one the loaded resource's type has (see
 * `ActionFor`); any string when `B` is no binding (`undefined`). `Actor` is what the loader receives and
 * `res.locals.actor` holds.
 */
export interface Authorize<B, Actor = NonNullable<RegisteredActor>> {
  <R>(
    action: ActionSpec<Request, NoInfer<ActionFor<B, R>>>,
    loader: { load(req: Request, actor: Actor): Awaitable<R | null | undefined> }["load"],
    options?: Omit<AuthorizeOptions, "resource">,
  ): AuthorizeHandler<R, Actor>;
  <R = unknown>(
    action: ActionSpec<Request, NoInfer<ActionFor<B, R>>>,
    options?: AuthorizeOptions<R>,
  ): AuthorizeHandler<R, Actor>;
}

declare global {
  namespace Express {
    interface Locals {
      /** The actor, set by `authorize()` of `@oso-ts/express` when it allows the request. */
      actor?: RegisteredActor;
      /** The resource, set by `authorize()` of `@oso-ts/express` when it allows the request. */
      resource?: unknown;
    }
    /** `req.authorize()` and `req.authorizedActions()`, installed by `osoMiddleware()` of `@oso-ts/express`. */
    interface Request extends CheckMethods {}
  }
}

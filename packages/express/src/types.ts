/**
 * The Express types of the adapter: its options, the locals an allowed route check
 * writes, and the declaration merging that types `res.locals` and `req.authorize`.
 * @module
 */
import type {
  AuthorizerOptions,
  CheckMethods,
  RegisteredActor,
  ResourceLoader,
  RouteOptions,
} from "@oso-ts/core";
import type { Request, RequestHandler } from "express";

/** Options of {@link osoMiddleware}: the Oso instance, the actor of a request, 401 details. */
export type OsoMiddlewareOptions = AuthorizerOptions<Request>;

/** A route's resource loader: `(req) => resource` (sync or async); `null`/`undefined` answers 404. */
export type Loader<R> = ResourceLoader<Request, R>;

/** Options of {@link authorize}: `checkRead`, and a fixed `resource` for routes without a loader. */
export type AuthorizeOptions<R = unknown> = RouteOptions<R>;

/** What an allowed {@link authorize} writes to `res.locals`. */
export interface AuthorizedLocals<R> {
  /** The actor the decision was made for (never `null` or `undefined`). */
  actor: NonNullable<RegisteredActor>;
  /** The resource the loader returned (never `null`/`undefined`). */
  resource: R;
}

/** The handler {@link authorize} returns: its `res.locals` carry the resource typed `R`. */
export type AuthorizeHandler<R> = RequestHandler<
  Request["params"],
  unknown,
  unknown,
  Request["query"],
  AuthorizedLocals<R>
>;

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

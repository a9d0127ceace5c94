/**
 * `req.authorize()` / `ctx.authorize()`, `authorizedActions()`, and data filtering's
 * `authorizedQuery()` / `authorizedResources()`: installed once on the
 * framework's request prototype (Express's `app.request`, Koa's `app.context`, both
 * documented extension points) instead of on every request, which would cost each
 * request several microseconds.
 * @module
 */
import type { WildcardOptions } from "../oso.js";
import type { ActionForClass } from "../typed.js";
import { requestScope } from "./request-authorization.js";
import type { CheckOptions, RegisteredPolicy, RouteAction } from "./types.js";

const INSTALLED = Symbol.for("@oso-ts/core/check-methods");

/**
 * The checks a handler can make itself, as installed by {@link installCheckMethods}. With a
 * policy registered in `AuthorizationTypes`, each action must be one the resource's (or
 * the class's) type has: see `RouteAction`.
 */
export interface CheckMethods {
  /** 401 without an actor, 404 for a missing resource or one the actor may not read, else 403; resolves to the resource. */
  authorize<R>(
    action: NoInfer<RouteAction<R>>,
    resource: R | null | undefined,
    options?: CheckOptions,
  ): Promise<R>;
  /** Every action the actor may perform on `resource`. */
  authorizedActions<R extends NonNullable<unknown> | null>(
    resource: R,
    options?: WildcardOptions,
  ): Promise<Set<RouteAction<R>>>;
  /**
   * The data-filtering adapter's query for the rows of `cls` (a class or its Polar name)
   * the actor may perform `action` on, to refine (order, limit) and run. 401 without an actor.
   */
  authorizedQuery<Q = unknown, Cls = unknown>(
    action: ActionForClass<RegisteredPolicy, NoInfer<Cls>>,
    cls: Cls,
  ): Promise<Q>;
  /** The rows of `cls` the actor may perform `action` on, through the data-filtering adapter. 401 without an actor. */
  authorizedResources<R = unknown, Cls = unknown>(
    action: ActionForClass<RegisteredPolicy, NoInfer<Cls>>,
    cls: Cls,
  ): Promise<R[]>;
}

/**
 * Define `authorize` and `authorizedActions` on `prototype` (once; later calls do nothing).
 * Each is a getter returning a function bound to the request it was read from, so
 * `const { authorize } = req` works too; `carrierOf(request)` is where the request's scope
 * lives (`res.locals`, `ctx.state`). Called on a request that `osoMiddleware()` did not
 * see, the functions reject with a message that says so. Assigning the property on a
 * request shadows the getter, as a plain property would.
 *
 * @example
 * ```ts
 * installCheckMethods(req.app.request, (r) => (r as Request).res!.locals, "req");
 * ```
 */
export function installCheckMethods(
  prototype: object,
  carrierOf: (request: object) => object,
  label: string,
): void {
  if (Object.hasOwn(prototype, INSTALLED)) return;
  Object.defineProperty(prototype, INSTALLED, { value: true });
  const methods: { [K in keyof CheckMethods]: (self: object) => CheckMethods[K] } = {
    authorize: (self) => async (action, resource, options) =>
      requestScope(carrierOf(self), `${label}.authorize()`).authorize(action, resource, options),
    // the actions are those the policy allows: of the resource's type, when one is registered
    authorizedActions:
      (self) =>
      async <R>(resource: R, options?: WildcardOptions) =>
        (await requestScope(carrierOf(self), `${label}.authorizedActions()`).authorizedActions(
          resource,
          options,
        )) as Set<RouteAction<R>>,
    authorizedQuery:
      (self) =>
      async <Q>(action: string, cls: unknown) =>
        (await requestScope(carrierOf(self), `${label}.authorizedQuery()`).authorizedQuery(action, cls)) as Q,
    authorizedResources:
      (self) =>
      async <R>(action: string, cls: unknown) =>
        (await requestScope(carrierOf(self), `${label}.authorizedResources()`).authorizedResources(
          action,
          cls,
        )) as R[],
  };
  for (const [name, bind] of Object.entries(methods)) {
    Object.defineProperty(prototype, name, {
      configurable: true,
      get(this: object) {
        return bind(this);
      },
      set(this: object, value: unknown) {
        Object.defineProperty(this, name, { value, writable: true, configurable: true, enumerable: true });
      },
    });
  }
}

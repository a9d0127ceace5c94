/**
 * The building block of the HTTP adapters (`@oso-ts/express`, `@oso-ts/koa`): one
 * framework-neutral decision flow, its start-up option checks, its messages, and the
 * default rendering of a denial. An adapter for another framework needs only this:
 * build a {@link RequestAuthorizer} from the middleware's options, `attach` a
 * {@link RequestScope} to each request, build a {@link RouteAuthorization} per route and
 * `run` it, then pass any error to the framework's error path untouched.
 * @module
 */

export { type CheckMethods, installCheckMethods } from "./check-methods.js";
export {
  checkRenderOptions,
  type DenialFormat,
  denialFormat,
  isAuthorizationError,
  type RenderableError,
  type RenderedDenial,
  type RenderOptions,
  renderAuthorizationError,
  renderableError,
} from "./render.js";
export {
  authorizedOf,
  Budget,
  paramResource,
  RequestAuthorizer,
  RequestScope,
  RouteAuthorization,
  recordAuthorized,
  requestScope,
} from "./request-authorization.js";
export type {
  ActionSpec,
  ActorResolver,
  AnonymousActor,
  AuthorizationTypes,
  Authorized,
  AuthorizerOptions,
  Awaitable,
  CheckOptions,
  OsoAuthorizer,
  ParamLoader,
  RegisteredActor,
  RegisteredPolicy,
  ResourceLoader,
  RouteAction,
  RouteOptions,
  UnauthenticatedOptions,
} from "./types.js";

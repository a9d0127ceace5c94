/**
 * `@oso-ts/core`: the Polar policy language and the Oso authorization API.
 *
 * @example
 * ```ts
 * import { Oso } from "@oso-ts/core";
 * const oso = new Oso();
 * oso.registerClass(User);
 * await oso.loadStr('allow(user: User, "read", _doc) if user.active;');
 * await oso.isAllowed(alice, "read", doc); // true
 * ```
 * @module
 */

export { type Diagnostics, diagnose } from "./diagnose/diagnose.js";
// Values exchanged with policies
export { Dict, Expression, Predicate, Variable } from "./engine/terms.js";
// Errors and diagnostics
export {
  AuthorizationError,
  ERROR_CODES,
  type ErrorCode,
  type ErrorKind,
  ForbiddenError,
  isPolarError,
  NotFoundError,
  OperationalError,
  OSO_ERROR_NAMES,
  ParseError,
  PolarError,
  type PolarErrorOptions,
  RequestTimeoutError,
  RuntimeError,
  UnauthorizedError,
  ValidationError,
} from "./errors.js";
export type { CoverageItem, CoverageKind, CoverageRecorder, CoverageReport } from "./explain/coverage.js";
export type {
  ExplainOptions,
  Explanation,
  HostTrace,
  QueryTrace,
  RuleTrace,
  TraceEntry,
  TraceLocation,
  TraceOutcome,
} from "./explain/types.js";
export { type ArrayAdapterOptions, arrayAdapter, type RowSource } from "./filter/array-adapter.js";
// Data filtering's contract (the partial evaluator that produces filters: see `filter/`)
export {
  type Adapter,
  type AdapterCapabilities,
  type ClosureCondition,
  type ComparisonCondition,
  type Datum,
  type Filter,
  type FilterComparison,
  type FilterCondition,
  type FilterRelation,
  type Immediate,
  isProjection,
  isValueRelation,
  type Projection,
  Relation,
  type RelationKind,
  type UserType,
} from "./filter/types.js";
export type { ClassOptions } from "./host/classes.js";
export { defaultEqualityFn, type EqualityFn } from "./host/equality.js";
// What an application writes against when it uses an HTTP adapter: the augmentation point that
// types the actor and the policy, the types derived from it, the result a handler reads, and
// the guard for denials. Everything else of `http/` is for adapter authors, under the
// `@oso-ts/core/http` subpath (`src/http/index.ts`), not here.
export { isAuthorizationError } from "./http/render.js";
export type {
  AuthorizationTypes,
  Authorized,
  RegisteredActor,
  RegisteredPolicy,
  RouteAction,
} from "./http/types.js";
// The API
export {
  type AuthorizeOptions,
  type Defined,
  Oso,
  type OsoOptions,
  type TypedOso,
  type WildcardOptions,
} from "./oso.js";
export { Polar, type QueryRuleOptions } from "./polar.js";
export {
  DEFAULT_MAX_CHOICES,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_HOST_VALUE_SIZE,
  DEFAULT_MAX_STEPS,
  DEFAULT_TIMEOUT_MS,
  type PolarOptions,
} from "./polar-options.js";
export type { QueryOptions, Solution } from "./query.js";
export { makeSource, type Position, type Source, type Span } from "./source.js";
export type * as ast from "./syntax/ast.js";
// The language front end, for tools
export { isTooManyErrors } from "./syntax/error-list.js";
export { type ParseResult, parsePolicy, parseTerm } from "./syntax/parser.js";
export { printLine, printPolicy, printRule, printTerm } from "./syntax/print.js";
export type {
  ActionFor,
  ActionForClass,
  ActorFor,
  PolicyAction,
  PolicyBinding,
  PolicyShape,
  PolicyTypeOf,
  ResourceTypeShape,
} from "./typed.js";
export type { PolarWarning, WarningCode } from "./warnings.js";

/**
 * Error categories: how an error of either engine is named in a normalized outcome.
 *
 * The category is Oso's own name for the error: the `name` of a core error
 * (`"RuntimeError::TypeError"`), or the class name of an error thrown by Oso's JS library
 * (`"UnregisteredClassError"`). An oso-ts error of a kind Oso's core has carries that same
 * `name` (`OSO_ERROR_NAMES`), which is what the tables compare; for the others
 * {@link CODE_TO_OSO} maps each code to the Oso name it stands for. Errors that are not
 * Polar errors at all (an exception thrown by application code) are `host:<class name>`
 * for both engines.
 * @module
 */
import { ERROR_CODES, type ErrorCode, isPolarError, OSO_ERROR_NAMES } from "@oso-ts/core";

/** Limits are different by design (numbers, and which limit trips first), so they share one category. */
const LIMIT = "limit";

/**
 * The codes whose Oso counterpart is not the name oso-ts gives its error
 * (`OSO_ERROR_NAMES`). Codes with no Oso counterpart (oso-ts safety checks, sync API) map
 * to `oso-ts:<code>`, which no Oso error produces: a case hitting one of them can only be a
 * deliberate difference.
 */
const OTHER_THAN_OSO_NAME: Partial<Record<ErrorCode, string>> = {
  // validation
  roles_validation: "RolesValidationError::RolesValidationError",
  forbidden_lookup: "oso-ts:forbidden_lookup",
  policy_types: "oso-ts:policy_types",
  // runtime
  stack_overflow: LIMIT,
  step_limit: LIMIT,
  query_timeout: LIMIT,
  unregistered_class_runtime: "UnregisteredClassError",
  forbidden_lookup_runtime: "oso-ts:forbidden_lookup_runtime",
  forbidden_function_value: "oso-ts:forbidden_function_value",
  read_only: "oso-ts:read_only",
  host_value_too_large: LIMIT,
  kwargs_error: "KwargsError",
  invalid_iterator: "InvalidIteratorError",
  unsupported_in_filter: "oso-ts:unsupported_in_filter",
  undeclared_field: "oso-ts:undeclared_field",
  relation_cardinality: "oso-ts:relation_cardinality",
  unexpected_expression: "UnexpectedExpressionError",
  inline_query_failed: "InlineQueryFailedError",
  async_in_sync: "oso-ts:async_in_sync",
  // Oso throws a bare OsoError for an unconstrained action in authorizedActions()
  wildcard_result: "OsoError",
  // operational
  file_not_found: "PolarFileNotFoundError",
  file_extension: "PolarFileExtensionError",
  invalid_constructor: "InvalidConstructorError",
  duplicate_class_alias: "DuplicateClassAliasError",
  // Oso throws a bare PolarError for a misused queryRule()
  data_filtering_configuration: "DataFilteringConfigurationError",
  invalid_argument: "PolarError",
  // the HTTP adapters time a request out; Oso has no adapters
  request_timeout: "oso-ts:request_timeout",
  // the command-line tools' module arguments (`--setup`, `oso-ts test`); Oso has no such tools
  setup_module: "oso-ts:setup_module",
  invalid_test_module: "oso-ts:invalid_test_module",
  // authorization
  forbidden: "ForbiddenError",
  not_found: "NotFoundError",
  unauthenticated: "oso-ts:unauthenticated",
};

/**
 * Every oso-ts error code and the Oso error it corresponds to: the name oso-ts's error
 * carries (Oso's own, `OSO_ERROR_NAMES`) unless the comparison says otherwise above.
 */
export const CODE_TO_OSO: Record<ErrorCode, string> = Object.fromEntries(
  (Object.keys(ERROR_CODES) as ErrorCode[]).map((code) => [
    code,
    OTHER_THAN_OSO_NAME[code] ?? OSO_ERROR_NAMES[code] ?? `oso-ts:unnamed:${code}`,
  ]),
) as Record<ErrorCode, string>;

/** Oso names folded into a shared category. */
const OSO_ALIASES: Record<string, string> = {
  "RuntimeError::StackOverflow": LIMIT,
  "RuntimeError::QueryTimeout": LIMIT,
};

/** Oso library error classes (their `name` is plain `"Error"`, so the class name is used). */
const OSO_LIBRARY_ERRORS = new Set(
  Object.values(CODE_TO_OSO).filter((n) => !n.includes("::") && !n.startsWith("oso-ts:") && n !== LIMIT),
);

function className(e: unknown): string {
  if (typeof e === "object" && e !== null) return (e as object).constructor?.name ?? "Object";
  return typeof e;
}

/** The category of an error thrown by Oso 0.27.3. */
export function osoCategory(e: unknown): string {
  const name = typeof e === "object" && e !== null ? (e as { name?: unknown }).name : undefined;
  if (typeof name === "string" && name.includes("::")) return OSO_ALIASES[name] ?? name;
  const cls = className(e);
  if (OSO_LIBRARY_ERRORS.has(cls)) return cls;
  return `host:${cls}`;
}

/**
 * The category of an error thrown by oso-ts: its `name` when that is an Oso core name (so the
 * tables compare oso-ts's names with Oso's), else what its code stands for.
 */
export function osoTsCategory(e: unknown): string {
  if (isPolarError(e)) {
    if (e.name.includes("::")) return OSO_ALIASES[e.name] ?? e.name;
    return CODE_TO_OSO[e.code] ?? `oso-ts:unknown:${e.code}`;
  }
  return `host:${className(e)}`;
}

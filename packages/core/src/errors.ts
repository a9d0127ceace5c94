/**
 * The error classes of oso-ts.
 *
 * One base class, {@link PolarError}, with a stable snake_case `code`, a `kind`, a `name`
 * that is Oso's for the errors Oso's core has (`ParseError::UnrecognizedEOF`), and, when
 * the error points into a policy, its `span` and the `file`, `line` and `column` derived
 * from it. The `message` is the summary followed by Oso's location block (the line and a
 * caret), so printing an error shows where it is.
 * @module
 */
import { caretSnippet, locationSuffix, positionOf, type Span } from "./source.js";

/** The family an error belongs to. */
export type ErrorKind = "parse" | "validation" | "runtime" | "operational" | "authorization";

/** Every error code, with its kind. Codes are stable: match on them, not on messages. */
export const ERROR_CODES = {
  // parse: the text is not Polar
  unrecognized_token: "parse",
  unrecognized_eof: "parse",
  invalid_token_character: "parse",
  invalid_token: "parse",
  integer_overflow: "parse",
  invalid_float: "parse",
  reserved_word: "parse",
  duplicate_key: "parse",
  extra_token: "parse",
  wrong_value_type: "parse",
  // validation: the policy parses but cannot be loaded
  singleton_variable: "validation",
  undefined_rule_call: "validation",
  unregistered_class: "validation",
  invalid_rule: "validation",
  invalid_rule_type: "validation",
  missing_required_rule: "validation",
  resource_block: "validation",
  duplicate_resource_block_declaration: "validation",
  roles_validation: "validation",
  file_loading: "validation",
  forbidden_lookup: "validation",
  policy_types: "validation",
  // runtime: a query failed while it ran
  type_error: "runtime",
  arithmetic_error: "runtime",
  unsupported: "runtime",
  stack_overflow: "runtime",
  step_limit: "runtime",
  query_timeout: "runtime",
  application_error: "runtime",
  query_for_undefined_rule: "runtime",
  unregistered_class_runtime: "runtime",
  forbidden_lookup_runtime: "runtime",
  forbidden_function_value: "runtime",
  read_only: "runtime",
  host_value_too_large: "runtime",
  invalid_registration: "runtime",
  multiple_load: "runtime",
  kwargs_error: "runtime",
  invalid_iterator: "runtime",
  unexpected_expression: "runtime",
  unhandled_partial: "runtime",
  inline_query_failed: "runtime",
  async_in_sync: "runtime",
  wildcard_result: "runtime",
  unsupported_in_filter: "runtime",
  undeclared_field: "runtime",
  relation_cardinality: "runtime",
  // operational: misuse of the API or the environment
  invalid_state: "operational",
  serialization: "operational",
  file_not_found: "operational",
  file_extension: "operational",
  invalid_constructor: "operational",
  duplicate_class_alias: "operational",
  invalid_argument: "operational",
  request_timeout: "operational",
  data_filtering_configuration: "operational",
  setup_module: "operational",
  invalid_test_module: "operational",
  // authorization: a decision said no
  forbidden: "authorization",
  not_found: "authorization",
  unauthenticated: "authorization",
} as const satisfies Record<string, ErrorKind>;

/** A stable error code. */
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * The `name` Oso 0.27.3 gives the errors of its core (`ParseError::UnrecognizedEOF`), for
 * the codes that have one, so code written against Oso's error names keeps working. Other
 * errors are named after their class (`ValidationError`, `RuntimeError`, ...).
 */
export const OSO_ERROR_NAMES: Readonly<Partial<Record<ErrorCode, string>>> = {
  unrecognized_token: "ParseError::UnrecognizedToken",
  unrecognized_eof: "ParseError::UnrecognizedEOF",
  invalid_token_character: "ParseError::InvalidTokenCharacter",
  invalid_token: "ParseError::InvalidToken",
  integer_overflow: "ParseError::IntegerOverflow",
  invalid_float: "ParseError::InvalidFloat",
  reserved_word: "ParseError::ReservedWord",
  duplicate_key: "ParseError::DuplicateKey",
  extra_token: "ParseError::ExtraToken",
  wrong_value_type: "ParseError::WrongValueType",
  singleton_variable: "ValidationError::SingletonVariable",
  undefined_rule_call: "ValidationError::UndefinedRuleCall",
  unregistered_class: "ValidationError::UnregisteredClass",
  invalid_rule: "ValidationError::InvalidRule",
  invalid_rule_type: "ValidationError::InvalidRuleType",
  missing_required_rule: "ValidationError::MissingRequiredRule",
  resource_block: "ValidationError::ResourceBlock",
  duplicate_resource_block_declaration: "ValidationError::DuplicateResourceBlockDeclaration",
  file_loading: "ValidationError::FileLoading",
  type_error: "RuntimeError::TypeError",
  arithmetic_error: "RuntimeError::ArithmeticError",
  unsupported: "RuntimeError::Unsupported",
  stack_overflow: "RuntimeError::StackOverflow",
  query_timeout: "RuntimeError::QueryTimeout",
  application_error: "RuntimeError::Application",
  query_for_undefined_rule: "RuntimeError::QueryForUndefinedRule",
  invalid_registration: "RuntimeError::InvalidRegistration",
  multiple_load: "RuntimeError::MultipleLoadError",
  unhandled_partial: "RuntimeError::UnhandledPartial",
  invalid_state: "OperationalError::InvalidState",
  serialization: "OperationalError::Serialization",
};

const BRAND = Symbol.for("@oso-ts/core/error");

/** Options for building a {@link PolarError}. */
export interface PolarErrorOptions {
  /** Where in a policy the error is. */
  span?: Span | undefined;
  /** The error that caused this one (a host exception, for instance). */
  cause?: unknown;
  /** What to write to fix it, when we can tell. */
  hint?: string | undefined;
  /** Every independent error found, when there were several (this one is the first). */
  diagnostics?: readonly PolarError[] | undefined;
  /** Text placed between the summary and the location block (a Polar stack trace). */
  trace?: string | undefined;
}

/**
 * The base class of every error oso-ts throws.
 *
 * @example
 * ```ts
 * try { await oso.loadStr("allow(x) if"); }
 * catch (e) { if (isPolarError(e)) console.log(e.code, e.line, e.column); }
 * ```
 */
export class PolarError extends Error {
  /** Stable machine-readable code, e.g. `"unrecognized_token"`. */
  readonly code: ErrorCode;
  /** The family of the code. */
  readonly kind: ErrorKind;
  /** The message without the location block. */
  readonly summary: string;
  /** Where in a policy the error is, when it points into one. */
  readonly span: Span | undefined;
  /** The policy file, when the source had a name. */
  readonly file: string | undefined;
  /** 1-based line, when the error points into a policy. */
  readonly line: number | undefined;
  /** 1-based column (in code points), when the error points into a policy. */
  readonly column: number | undefined;
  /** A suggestion for fixing it. */
  readonly hint: string | undefined;
  /** All independent errors found together (at least this one). */
  readonly diagnostics: readonly PolarError[];

  constructor(code: ErrorCode, summary: string, options: PolarErrorOptions = {}) {
    super(
      formatMessage(summary, options),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    // Oso's name where Oso has one; `instanceof` and `code` are what to rely on
    this.name = OSO_ERROR_NAMES[code] ?? new.target.name;
    this.code = code;
    this.kind = ERROR_CODES[code];
    this.summary = summary;
    this.span = options.span;
    this.hint = options.hint;
    if (options.span) {
      const { line, column } = positionOf(options.span.source.text, options.span.start);
      this.file = options.span.source.filename;
      this.line = line;
      this.column = column;
    } else {
      this.file = undefined;
      this.line = undefined;
      this.column = undefined;
    }
    this.diagnostics = options.diagnostics && options.diagnostics.length > 0 ? options.diagnostics : [this];
    Object.defineProperty(this, BRAND, { value: true });
  }
}

function formatMessage(summary: string, options: PolarErrorOptions): string {
  const trace = options.trace ? `${options.trace}\n` : "";
  const hint = options.hint ? `\n${options.hint}` : "";
  if (!options.span) return `${trace}${summary}${hint}`;
  return `${trace}${summary}${locationSuffix(options.span)}:\n${caretSnippet(options.span)}\n${hint.slice(1)}`.trimEnd();
}

/** True for any error thrown by oso-ts, even across duplicate copies of the package. */
export function isPolarError(value: unknown): value is PolarError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** The policy text is not valid Polar. */
export class ParseError extends PolarError {}
/** The policy parses but breaks a rule of loading (singletons, undefined rules, rule types, ...). */
export class ValidationError extends PolarError {}
/** A query failed while it ran (type errors, host errors, limits). */
export class RuntimeError extends PolarError {}
/** The API was misused, or the environment failed (files, registration). */
export class OperationalError extends PolarError {}

/** Build the right subclass for a code. */
export function polarError(code: ErrorCode, summary: string, options?: PolarErrorOptions): PolarError {
  switch (ERROR_CODES[code]) {
    case "parse":
      return new ParseError(code, summary, options);
    case "validation":
      return new ValidationError(code, summary, options);
    case "runtime":
      return new RuntimeError(code, summary, options);
    default:
      return new OperationalError(code, summary, options);
  }
}

/**
 * An error of the application (a host method that threw, a Promise that rejected) as a
 * PolarError naming it, with the original as `cause`. When the original carries an HTTP
 * error status (`status` or `statusCode`, an integer 400-599, as a `ForbiddenError` or an
 * http-errors error does), the wrapper carries it too, so a framework's error handling
 * answers with it instead of 500. `expose` stays false: the wrapper's message quotes the
 * policy, which is not for the client.
 */
export function applicationError(e: unknown, span?: Span): PolarError {
  const message = e instanceof Error ? e.message : String(e);
  const error = polarError("application_error", `Application error: ${message}`, { span, cause: e });
  const status = httpStatusOf(e);
  if (status !== undefined) {
    // writable, as http-errors' are: Koa's error handling assigns `status`
    Object.assign(error, { status, statusCode: status, expose: false });
  }
  return error;
}

/**
 * The HTTP error status an error carries (`status`, else `statusCode`), when it is an
 * integer from 400 to 599; anything else (a 200, a string, a getter that throws) is none.
 */
export function httpStatusOf(e: unknown): number | undefined {
  if ((typeof e !== "object" && typeof e !== "function") || e === null) return undefined;
  try {
    const value = (e as { status?: unknown }).status ?? (e as { statusCode?: unknown }).statusCode;
    return typeof value === "number" && Number.isInteger(value) && value >= 400 && value <= 599
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One error for several found together: the first one's code, message and position,
 * with all of them as {@link PolarError.diagnostics}.
 */
export function firstOf(errors: readonly PolarError[]): PolarError {
  const first = errors[0]!;
  return polarError(first.code, first.summary, {
    span: first.span,
    hint: first.hint,
    cause: first.cause,
    diagnostics: errors,
  });
}

/**
 * A decision said no. Carries an HTTP status (`status` and `statusCode`) and
 * `expose: true`, as http-errors does, so Express's and Koa's own error handling answer
 * with the right status and a safe message even without an adapter.
 */
export class AuthorizationError extends PolarError {
  /** The HTTP status this denial maps to. */
  readonly status: number;
  /** Same as `status` (Express and http-errors read either). */
  readonly statusCode: number;
  /** The message is safe to show to the client. */
  readonly expose: boolean = true;
  /** Response headers to send with the denial (e.g. `WWW-Authenticate` on a 401). */
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(
    code: "forbidden" | "not_found" | "unauthenticated",
    status: number,
    message: string,
    headers?: Record<string, string>,
  ) {
    super(code, message);
    this.status = status;
    this.statusCode = status;
    this.headers = headers;
  }
}

/** The actor may not even read the resource: answer 404, so its existence does not leak. */
export class NotFoundError extends AuthorizationError {
  constructor(
    message = "Oso NotFoundError -- The current user does not have permission to read the given resource. You should handle this error by returning a 404 error to the client.",
  ) {
    super("not_found", 404, message);
  }
}

/** The actor may read the resource but not perform the action: answer 403. */
export class ForbiddenError extends AuthorizationError {
  constructor(
    message = "Oso ForbiddenError -- The requested action was not allowed for the given resource. You should handle this error by returning a 403 error to the client.",
  ) {
    super("forbidden", 403, message);
  }
}

/**
 * Authorizing a request did not finish within the HTTP adapter's `timeoutMs` (an actor
 * resolver, loader, action function or decision that never settled): answer 503. Not a
 * denial: nothing was decided, and the request may succeed when retried.
 */
export class RequestTimeoutError extends OperationalError {
  /** 503 Service Unavailable. */
  readonly status: number = 503;
  /** Same as `status`. */
  readonly statusCode: number = 503;
  /** The message is safe to show to the client (it names no resource). */
  readonly expose: boolean = true;
  /** No headers. */
  readonly headers: Readonly<Record<string, string>> | undefined = undefined;

  constructor(timeoutMs: number, waitingFor: string) {
    super(
      "request_timeout",
      `Authorization did not finish within ${timeoutMs} ms (waiting for ${waitingFor})`,
      {
        hint: "A Promise of the application never settled or was too slow; raise the middleware's `timeoutMs` if the wait is legitimate.",
      },
    );
  }
}

/** There is no actor (nobody is logged in): answer 401. */
export class UnauthorizedError extends AuthorizationError {
  constructor(message = "Authentication required", headers?: Record<string, string>) {
    super("unauthenticated", 401, message, headers);
  }
}

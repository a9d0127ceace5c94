/**
 * Start-up checks of the adapters' options: a mistake throws when the middleware is
 * built, with a message that names the call and the fix, never on the first request.
 * @module
 */
import { polarError } from "../errors.js";
import { MESSAGES } from "./messages.js";
import type { ActionSpec, AuthorizerOptions, ResourceLoader, RouteOptions } from "./types.js";

const MIDDLEWARE_KEYS = ["oso", "actor", "anonymous", "unauthenticated", "timeoutMs", "explain"] as const;

/** The longest delay a timer can hold (Node clamps longer ones to 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;
const ROUTE_KEYS = ["checkRead", "resource"] as const;

/** What Node accepts in a header value: visible ASCII, spaces and tabs (no control characters, no line breaks). */
const HEADER_VALUE = /^[\t\x20-\x7e]+$/;

function isClass(value: unknown): boolean {
  return typeof value === "function" && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

function invalid(message: string): Error {
  return polarError("invalid_argument", message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkKeys(call: string, options: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw invalid(MESSAGES.unknownOption(call, key, known));
  }
}

/** Check `osoMiddleware()`'s options. */
export function checkAuthorizerOptions<Req>(options: unknown): AuthorizerOptions<Req> {
  if (!isObject(options)) throw invalid(MESSAGES.optionsNotObject(options));
  checkKeys("osoMiddleware()", options, MIDDLEWARE_KEYS);
  const { oso, actor, unauthenticated } = options;
  if (oso === undefined || oso === null) throw invalid(MESSAGES.missingOso());
  if (
    typeof (oso as Partial<Record<string, unknown>>).authorize !== "function" ||
    typeof (oso as Partial<Record<string, unknown>>).authorizedActions !== "function"
  ) {
    throw invalid(MESSAGES.badOso(oso));
  }
  if (typeof actor !== "function") throw invalid(MESSAGES.badActor(actor));
  // a class would be called as a factory and throw on every anonymous request
  if (isClass(options.anonymous)) throw invalid(MESSAGES.anonymousClass());
  if (unauthenticated !== undefined) {
    if (!isObject(unauthenticated)) throw invalid(MESSAGES.badUnauthenticated(unauthenticated));
    checkKeys("osoMiddleware(): `unauthenticated`", unauthenticated, ["wwwAuthenticate"]);
    const header = unauthenticated.wwwAuthenticate;
    // a value Node refuses as a header would crash the first 401, not fail here
    if (
      header !== undefined &&
      (typeof header !== "string" || header.trim() === "" || !HEADER_VALUE.test(header))
    ) {
      throw invalid(MESSAGES.badWwwAuthenticate(header));
    }
  }
  checkTimeout(options.timeoutMs);
  if (options.explain !== undefined && typeof options.explain !== "boolean") {
    throw invalid(`osoMiddleware(): \`explain\` must be true or false, got ${String(options.explain)}`);
  }
  if (options.explain === true && typeof (oso as Partial<Record<string, unknown>>).explain !== "function") {
    throw invalid(
      "osoMiddleware(): `explain: true` needs an `oso` with an explain() method (an Oso of @oso-ts/core)",
    );
  }
  return options as unknown as AuthorizerOptions<Req>;
}

/** `timeoutMs`: a whole number of milliseconds a timer can hold, 0 or `Infinity` for none, or left out. */
function checkTimeout(value: unknown): void {
  if (value === undefined || value === Number.POSITIVE_INFINITY) return;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_TIMER_MS) {
    throw invalid(MESSAGES.badTimeout(value, MAX_TIMER_MS));
  }
}

/** A route check's arguments, sorted out: `authorize(action)`, `(action, loader, options?)`, `(action, options)`. */
export interface RouteSpec<Req, R> {
  readonly action: ActionSpec<Req>;
  readonly loader: ResourceLoader<Req, R> | undefined;
  readonly fixed: { readonly resource: R } | undefined;
  readonly checkRead: boolean;
}

/** Check `authorize(action, loaderOrOptions?, options?)`'s arguments. */
export function checkRouteSpec<Req, R>(
  call: string,
  action: unknown,
  loaderOrOptions: unknown,
  maybeOptions: unknown,
): RouteSpec<Req, R> {
  if (!((typeof action === "string" && action !== "") || typeof action === "function")) {
    throw invalid(MESSAGES.badAction(call, action));
  }
  let loader: ResourceLoader<Req, R> | undefined;
  let options: unknown = maybeOptions;
  if (typeof loaderOrOptions === "function") {
    loader = loaderOrOptions as ResourceLoader<Req, R>;
  } else if (isObject(loaderOrOptions) && maybeOptions === undefined) {
    options = loaderOrOptions;
  } else if (loaderOrOptions !== undefined) {
    throw invalid(MESSAGES.badLoader(call, loaderOrOptions));
  }
  let fixed: { resource: R } | undefined;
  let checkRead: boolean | undefined;
  if (options !== undefined) {
    if (!isObject(options)) throw invalid(MESSAGES.badRouteOptions(call, options));
    checkKeys(call, options, ROUTE_KEYS);
    if (options.checkRead !== undefined && typeof options.checkRead !== "boolean") {
      throw invalid(MESSAGES.badCheckRead(call, options.checkRead));
    }
    checkRead = options.checkRead;
    if ("resource" in options) {
      if (loader) throw invalid(MESSAGES.loaderAndResource(call));
      if (options.resource === undefined || options.resource === null)
        throw invalid(MESSAGES.nullResource(call));
      fixed = { resource: (options as RouteOptions<R>).resource as R };
    }
  }
  return { action: action as ActionSpec<Req>, loader, fixed, checkRead: checkRead ?? fixed === undefined };
}

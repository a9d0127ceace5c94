/**
 * The default rendering of a denial, shared by the adapters' error handlers: the status,
 * the error's headers (`WWW-Authenticate`) and `Cache-Control: no-store`, and a body in JSON,
 * HTML or plain text. The adapters read `Accept` with their framework's negotiation.
 * @module
 */
import { type AuthorizationError, isPolarError, polarError, type RequestTimeoutError } from "../errors.js";
import { MESSAGES } from "./messages.js";

/** The body formats of {@link renderAuthorizationError}. */
export type DenialFormat = "json" | "html" | "text";

/** What the adapters' `osoErrorHandler()` answers itself: a denial (401/403/404), or a timeout (503). */
export type RenderableError = AuthorizationError | RequestTimeoutError;

/** Options of the adapters' `osoErrorHandler()`. */
export interface RenderOptions {
  /**
   * The message shown to the client. Default: the status's reason phrase ("Not Found",
   * "Forbidden", "Unauthorized"), which says nothing about the resource, so a hidden one
   * (404 because the actor may not read it) looks exactly like a missing one.
   * `(error) => error.message` shows the error's own message instead.
   */
  message?: (error: RenderableError) => string;
}

/** A rendered denial, ready to send. */
export interface RenderedDenial {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly contentType: string;
  readonly body: string;
}

const REASONS: Readonly<Record<number, string>> = {
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  503: "Service Unavailable",
};
const CONTENT_TYPES: Readonly<Record<DenialFormat, string>> = {
  json: "application/json; charset=utf-8",
  html: "text/html; charset=utf-8",
  text: "text/plain; charset=utf-8",
};

/** True for the denials of oso-ts (401/403/404, or a subclass), even from a duplicate copy of the package. */
export function isAuthorizationError(value: unknown): value is AuthorizationError {
  return (
    isPolarError(value) &&
    value.kind === "authorization" &&
    typeof (value as { status?: unknown }).status === "number"
  );
}

/**
 * The error `osoErrorHandler()` renders for `value`, or undefined when it passes `value` on:
 * a denial; a denial a host method threw during a decision (an `application_error` whose
 * `cause` is the denial: it is rendered as that denial); a {@link RequestTimeoutError}.
 * Anything else, even with a status, goes to the framework's error handling, which answers
 * with that status.
 */
export function renderableError(value: unknown): RenderableError | undefined {
  if (isAuthorizationError(value)) return value;
  if (!isPolarError(value)) return undefined;
  if (value.code === "request_timeout" && typeof (value as { status?: unknown }).status === "number") {
    return value as RequestTimeoutError;
  }
  if (value.code === "application_error" && isAuthorizationError(value.cause)) return value.cause;
  return undefined;
}

/** Check the renderer's options (at start-up). */
export function checkRenderOptions(options: unknown): RenderOptions {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null) {
    throw polarError("invalid_argument", MESSAGES.badRenderOptions(options));
  }
  for (const key of Object.keys(options)) {
    if (key !== "message")
      throw polarError("invalid_argument", MESSAGES.unknownOption("osoErrorHandler()", key, ["message"]));
  }
  const { message } = options as { message?: unknown };
  if (message !== undefined && typeof message !== "function") {
    throw polarError("invalid_argument", MESSAGES.badRenderMessage(message));
  }
  return options as RenderOptions;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

/** Render a denial as `format`. */
export function renderAuthorizationError(
  error: RenderableError,
  format: DenialFormat,
  options: RenderOptions = {},
): RenderedDenial {
  const { status } = error;
  const reason = REASONS[status] ?? "Error";
  const message = options.message ? options.message(error) : reason;
  let body: string;
  if (format === "json") {
    body = JSON.stringify({ error: { status, code: error.code, message } });
  } else if (format === "html") {
    const title = escapeHtml(`${status} ${reason}`);
    body = `<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${title}</title></head>\n<body><h1>${title}</h1><p>${escapeHtml(message)}</p></body>\n</html>\n`;
  } else {
    body = message;
  }
  // a denial depends on who asks: no shared cache may keep one user's 404 for another
  return {
    status,
    headers: { ...error.headers, "Cache-Control": "no-store" },
    contentType: CONTENT_TYPES[format],
    body,
  };
}

/**
 * The format for what the framework's `accepts("json", "html", "text")` chose (q-values
 * honoured): JSON when the client accepts none of the three.
 */
export function denialFormat(accepted: unknown): DenialFormat {
  return accepted === "html" || accepted === "text" ? accepted : "json";
}

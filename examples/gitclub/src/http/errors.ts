/**
 * The app's own errors (bad input, conflicts) and the last error handlers: everything
 * that is not an authorization denial (those go to `osoErrorHandler`) is answered here.
 * @module
 */
import { STATUS_CODES } from "node:http";
import type { NextFunction, Request, Response } from "express";

/**
 * The code of a status, as the denials spell theirs (`not_found`): its reason phrase in
 * snake case (400 `bad_request`, 409 `conflict`, 413 `payload_too_large`).
 */
export function statusCode(status: number): string {
  return (STATUS_CODES[status] ?? "error").toLowerCase().replace(/[^a-z0-9]+/g, "_");
}

/** An error whose message the client may see, with its HTTP status (400, 409, ...) and a code. */
export class HttpError extends Error {
  /** http-errors' flag: the message is safe to send. */
  readonly expose = true;
  /** What went wrong, for programs (default: the status's, {@link statusCode}). */
  readonly code: string;

  constructor(
    readonly status: number,
    message: string,
    code?: string,
  ) {
    super(message);
    this.name = "HttpError";
    this.code = code ?? statusCode(status);
  }
}

/** An error body: the shape of the denials' (`osoErrorHandler`'s) JSON. */
interface ErrorBody {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/**
 * The status, code and message of a client error (4xx); `undefined` for any other error.
 * Its own message only when the error says it is safe (`expose`), else a generic one: a
 * malformed URL (`/orgs/%ZZ`) is the client's mistake, not a 500. Its own code only when
 * it is ours ({@link HttpError}): body-parser's codes (`entity.parse.failed`) are not part
 * of the API.
 */
function exposed(err: unknown): ErrorBody | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const { status, expose, message } = err as { status?: unknown; expose?: unknown; message?: unknown };
  if (typeof status !== "number" || status < 400 || status > 499) return undefined;
  return {
    status,
    code: err instanceof HttpError ? err.code : statusCode(status),
    message:
      expose === true && typeof message === "string" ? message : (STATUS_CODES[status] ?? "Bad Request"),
  };
}

/**
 * Send `{ "error": { status, code, message } }` as compact JSON, as `osoErrorHandler` sends
 * a denial, whatever the app's `json spaces`: every error body has one shape.
 */
export function sendError(res: Response, error: ErrorBody): void {
  res.status(error.status).type("application/json").send(JSON.stringify({ error }));
}

/**
 * The last error handler: client errors (its own, and body-parser's) as JSON with their
 * code and message; anything else is a 500 that tells the client nothing and is logged.
 */
export function jsonErrorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    next(err);
    return;
  }
  const client = exposed(err);
  if (client !== undefined) {
    sendError(res, client);
    return;
  }
  console.error(err);
  sendError(res, { status: 500, code: "internal_server_error", message: "Internal Server Error" });
}

/** The answer to a path no route knows. */
export function notFound(_req: Request, res: Response): void {
  sendError(res, { status: 404, code: "not_found", message: "Not Found" });
}

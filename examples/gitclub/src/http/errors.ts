/**
 * The app's own errors (bad input, conflicts) and the last error handlers: everything
 * that is not an authorization denial (those go to `osoErrorHandler`) is answered here.
 * @module
 */
import type { NextFunction, Request, Response } from "express";

/** An error whose message the client may see, with its HTTP status (400, 409, ...). */
export class HttpError extends Error {
  /** http-errors' flag: the message is safe to send. */
  readonly expose = true;

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/**
 * The status and message of a client error (4xx); `undefined` for any other error. Its own
 * message only when the error says it is safe (`expose`), else a generic one: a malformed
 * URL (`/orgs/%ZZ`) is the client's mistake, not a 500.
 */
function exposed(err: unknown): { status: number; message: string } | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const { status, expose, message } = err as { status?: unknown; expose?: unknown; message?: unknown };
  if (typeof status !== "number" || status < 400 || status > 499) return undefined;
  return { status, message: expose === true && typeof message === "string" ? message : "Bad Request" };
}

/**
 * The last error handler: client errors (its own, and body-parser's) as JSON with their
 * message; anything else is a 500 that tells the client nothing and is logged.
 */
export function jsonErrorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    next(err);
    return;
  }
  const client = exposed(err);
  if (client !== undefined) {
    res.status(client.status).json({ error: client });
    return;
  }
  console.error(err);
  res.status(500).json({ error: { status: 500, message: "Internal Server Error" } });
}

/** The answer to a path no route knows. */
export function notFound(_req: Request, res: Response): void {
  res.status(404).json({ error: { status: 404, code: "not_found", message: "Not Found" } });
}

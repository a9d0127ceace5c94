/**
 * Pagination of the list routes: `?limit=` and `?offset=`.
 * @module
 */
import type { Request } from "express";
import { HttpError } from "./errors.js";

/** How many rows a list answers when `?limit=` is not given. */
export const DEFAULT_LIMIT = 50;
/** The most rows one list answer may hold. */
export const MAX_LIMIT = 100;
/** The largest `?offset=`: beyond it, a database scans too far for one page. */
export const MAX_OFFSET = 1_000_000;

/** A page of a list: skip `offset` rows, answer at most `limit`. */
export interface Page {
  readonly limit: number;
  readonly offset: number;
}

/**
 * The page a list request asks for. `limit` defaults to {@link DEFAULT_LIMIT}, `offset` to 0;
 * each must be given once, as a decimal integer in range (`limit` 1 to {@link MAX_LIMIT},
 * `offset` 0 to {@link MAX_OFFSET}), or the answer is 400.
 */
export function pageOf(req: Request): Page {
  return {
    limit: integer(req.query.limit, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
    offset: integer(req.query.offset, "offset", 0, 0, MAX_OFFSET),
  };
}

function integer(value: unknown, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  // digits only: no sign, no exponent, no leading zero, no repeated parameter (an array)
  const n = typeof value === "string" && /^(0|[1-9][0-9]{0,6})$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= min && n <= max)) {
    throw new HttpError(400, `${name} must be an integer from ${min} to ${max}`);
  }
  return n;
}

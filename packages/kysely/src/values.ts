/**
 * What an application value becomes in SQL: a bound parameter, SQL NULL, or "matches no
 * stored value". Values are never spliced into SQL text; this module only decides how a
 * value is bound, or that comparing with it has a known answer without asking the database.
 * @module
 */
import { OperationalError, RuntimeError } from "@oso-ts/core";

// In unicode mode a surrogate pair is one code point, so only a lone surrogate is in Cs.
const LONE_SURROGATE = /\p{Cs}/u;

/** The value conventions of the database behind the Kysely instance. */
export type SqlDialect = "sqlite" | "postgres" | "other";

/** A value, ready for a comparison. */
export type BoundValue =
  | { readonly kind: "param"; readonly value: unknown }
  | { readonly kind: "null" }
  /**
   * No stored value equals it, and its order against stored values is not the database's to
   * tell: a string that is not well-formed UTF-16 (stored, it would come back changed), a
   * string with NUL on PostgreSQL (text cannot hold NUL), NaN.
   */
  | { readonly kind: "unmatchable"; readonly reason: string; readonly orderable: boolean };

/**
 * How `value` is compared with a column. Booleans are 1/0 on SQLite, where Boolean fields are
 * stored as integers (better-sqlite3 refuses to bind a boolean at all).
 * @throws {OperationalError} `invalid_argument` for a value no column can hold (an object, undefined).
 */
export function bindValue(value: unknown, dialect: SqlDialect, where: string): BoundValue {
  switch (typeof value) {
    case "string":
      if (LONE_SURROGATE.test(value)) {
        return { kind: "unmatchable", reason: "it is not well-formed UTF-16", orderable: false };
      }
      if (dialect === "postgres" && value.includes("\0")) {
        return { kind: "unmatchable", reason: "PostgreSQL text cannot hold NUL (\\0)", orderable: false };
      }
      return { kind: "param", value };
    case "number":
      // NaN equals nothing and is ordered before nothing, in Polar as in JavaScript; a database
      // would bind it as NULL (SQLite) or as a float NaN that PostgreSQL orders above all.
      if (Number.isNaN(value)) return { kind: "unmatchable", reason: "it is NaN", orderable: true };
      return { kind: "param", value };
    case "bigint":
      // better-sqlite3 binds 64-bit integers only; PostgreSQL compares wider ones as numeric
      if (dialect === "sqlite" && (value >= 2n ** 63n || value < -(2n ** 63n))) {
        throw new RuntimeError(
          "unsupported",
          `kyselyAdapter: ${where} compares with ${value}, beyond the 64-bit integers SQLite can bind`,
        );
      }
      return { kind: "param", value };
    case "boolean":
      return { kind: "param", value: dialect === "sqlite" ? (value ? 1 : 0) : value };
    case "object":
      if (value === null) return { kind: "null" };
      if (value instanceof Date || value instanceof Uint8Array) return { kind: "param", value };
      break;
  }
  throw new OperationalError(
    "invalid_argument",
    `kyselyAdapter: ${where} compares a column with ${describe(value)}, which no column holds; ` +
      "compare the row itself, or a field of the object",
  );
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "object" && value !== null) {
    const name = (value as object).constructor?.name;
    return name ? `an object (${name})` : "an object";
  }
  return `a ${typeof value}`;
}

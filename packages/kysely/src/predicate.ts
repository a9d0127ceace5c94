/**
 * The SQL building blocks every part of a filter's predicate shares: constant-folding AND and
 * OR, quoted column and table references, Polar's comparison operators, and bound parameters
 * typed for PostgreSQL where an untyped one would be misread.
 * @module
 */
import { type FilterComparison, OperationalError } from "@oso-ts/core";
import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { ResolvedType, TypeResolver } from "./options.js";
import type { SqlDialect } from "./values.js";

/** A predicate, or a constant one (folded, so `1 = 0` and `1 = 1` appear only at the top). */
export type Predicate = RawBuilder<SqlBool> | boolean;

/** What compiling one filter (and the filters nested in its closures) shares. */
export interface CompileContext {
  readonly resolver: TypeResolver;
  readonly dialect: SqlDialect;
  /** A fresh SQL alias, unique in the whole statement. */
  fresh(prefix: string): string;
}

export const COMPARISONS: Record<FilterComparison, string> = {
  Eq: "=",
  Neq: "<>",
  Lt: "<",
  Leq: "<=",
  Gt: ">",
  Geq: ">=",
};
export const FLIPPED: Record<FilterComparison, FilterComparison> = {
  Eq: "Eq",
  Neq: "Neq",
  Lt: "Gt",
  Leq: "Geq",
  Gt: "Lt",
  Geq: "Leq",
};

export function invalid(message: string): OperationalError {
  return new OperationalError("invalid_argument", `kyselyAdapter: ${message}`);
}

/** `"alias"."column"`, each part quoted (a dot inside a name stays inside it). */
export function columnRef(sqlAlias: string, column: string): RawBuilder<unknown> {
  return sql.id(sqlAlias, column);
}

/** `table AS alias`; a dot in the table name qualifies it with a schema. */
export function fromItem(type: ResolvedType, sqlAlias: string): RawBuilder<unknown> {
  return sql`${sql.table(type.table)} as ${sql.id(sqlAlias)}`;
}

export function and(parts: Predicate[]): Predicate {
  const kept: RawBuilder<SqlBool>[] = [];
  for (const p of parts) {
    if (p === false) return false;
    if (p !== true) kept.push(p);
  }
  if (kept.length === 0) return true;
  if (kept.length === 1) return kept[0]!;
  return sql<SqlBool>`(${sql.join(kept, sql` and `)})`;
}

export function or(parts: Predicate[]): Predicate {
  const kept: RawBuilder<SqlBool>[] = [];
  for (const p of parts) {
    if (p === true) return true;
    if (p !== false) kept.push(p);
  }
  if (kept.length === 0) return false;
  if (kept.length === 1) return kept[0]!;
  return sql<SqlBool>`(${sql.join(kept, sql` or `)})`;
}

const INT32 = 2 ** 31;
const INT64 = 2n ** 63n;

/**
 * A bound value. PostgreSQL gives an untyped parameter the type of the column it is
 * compared with, so `integer_column = $1` with 2.5 (or 2^40) fails to parse it: a number
 * that is not a 32-bit integer is cast (`bigint`, else `double precision` or `numeric`),
 * and PostgreSQL compares in the wider type. 32-bit integers stay untyped, as the index
 * on the column wants them.
 */
export function paramSql(value: unknown, dialect: SqlDialect): RawBuilder<unknown> {
  if (dialect === "postgres") {
    if (typeof value === "number" && !(Number.isInteger(value) && Math.abs(value) < INT32)) {
      return Number.isSafeInteger(value)
        ? sql`cast(${value} as bigint)`
        : sql`cast(${value} as double precision)`;
    }
    if (typeof value === "bigint" && (value >= BigInt(INT32) || value < -BigInt(INT32))) {
      return value < INT64 && value >= -INT64
        ? sql`cast(${value} as bigint)`
        : sql`cast(${value} as numeric)`;
    }
  }
  return sql`${value}`;
}

/** The SQL for a constant predicate, where one must be written. */
export function predicateSql(p: Predicate): RawBuilder<SqlBool> {
  if (p === true) return sql<SqlBool>`1 = 1`;
  if (p === false) return sql<SqlBool>`1 = 0`;
  return p;
}

/**
 * One comparison of a filter as SQL, following Polar's `==` rather than SQL's three-valued
 * logic wherever the two differ: `{value: null}` is IS [NOT] NULL, `!=` is IS DISTINCT FROM,
 * column `==` column is IS NOT DISTINCT FROM, rows compare by primary key, and a value of
 * another kind than the declared field (or one no stored value can equal: NUL on
 * PostgreSQL, a lone surrogate, NaN) equals nothing instead of being converted by the
 * database. Comparisons of two values are answered here, as constants.
 * @module
 */
import {
  type ComparisonCondition,
  type Filter,
  type FilterComparison,
  isProjection,
  type Projection,
  RuntimeError,
  type UserType,
} from "@oso-ts/core";
import { type SqlBool, sql } from "kysely";
import { type Aliases, aliasOf, isRow } from "./aliases.js";
import { comparableColumn } from "./options.js";
import {
  COMPARISONS,
  type CompileContext,
  columnRef,
  FLIPPED,
  invalid,
  type Predicate,
  paramSql,
} from "./predicate.js";
import { bindValue } from "./values.js";

/** A comparison (not a closure) of the filter, over the SQL aliases of its disjunct. */
export function comparison(
  c: ComparisonCondition,
  sqlAliases: Map<string, string>,
  aliases: Aliases,
  filter: Filter,
  ctx: CompileContext,
): Predicate {
  const cmp = c.cmp;
  if (!Object.hasOwn(COMPARISONS, cmp)) throw invalid(`unknown comparison '${String(cmp)}'`);
  const side = (d: ComparisonCondition["lhs"]) =>
    isProjection(d) ? { p: d, alias: aliasOf(d, aliases) } : { value: (d as { value: unknown }).value };
  const lhs = side(c.lhs);
  const rhs = side(c.rhs);
  if (lhs.p !== undefined && rhs.p !== undefined) {
    return columnComparison(lhs.p, lhs.alias!, cmp, rhs.p, rhs.alias!, sqlAliases, aliases);
  }
  if (lhs.p !== undefined)
    return valueComparison(lhs.p, lhs.alias!, cmp, rhs.value, sqlAliases, aliases, filter, ctx);
  if (rhs.p !== undefined) {
    return valueComparison(rhs.p, rhs.alias!, FLIPPED[cmp], lhs.value, sqlAliases, aliases, filter, ctx);
  }
  return constantComparison(lhs.value, cmp, rhs.value);
}

function columnComparison(
  l: Projection,
  lAlias: string,
  cmp: FilterComparison,
  r: Projection,
  rAlias: string,
  sqlAliases: Map<string, string>,
  aliases: Aliases,
): Predicate {
  const lType = aliases.types.get(lAlias)!;
  const rType = aliases.types.get(rAlias)!;
  if (isRow(l) || isRow(r)) {
    if (!isRow(l) || !isRow(r)) {
      throw invalid(
        `a row of ${isRow(l) ? l.typeName : r.typeName} is compared with a field; compare rows with rows`,
      );
    }
    if (cmp !== "Eq" && cmp !== "Neq") throw invalid(`rows of ${l.typeName} cannot be ordered (${cmp})`);
    // rows of different classes are never equal; rows of one class are equal by primary key
    if (lType.name !== rType.name) return cmp === "Neq";
    return sql<SqlBool>`${columnRef(sqlAliases.get(lAlias)!, lType.column(lType.primaryKey))} ${sql.raw(COMPARISONS[cmp])} ${columnRef(sqlAliases.get(rAlias)!, rType.column(rType.primaryKey))}`;
  }
  const left = columnRef(sqlAliases.get(lAlias)!, comparableColumn(lType, l.fieldName!));
  const right = columnRef(sqlAliases.get(rAlias)!, comparableColumn(rType, r.fieldName!));
  // a primary key is never null (rows compare by it with `=` too): then `=` is the null-safe
  // equality, and one the database answers from the key's index (`role.orgId = org.id`)
  if (cmp === "Eq" && (l.fieldName === lType.primaryKey || r.fieldName === rType.primaryKey))
    return sql<SqlBool>`${left} = ${right}`;
  // Polar's nil == nil is true, and nil != "x" is true: null-safe forms
  if (cmp === "Eq") return sql<SqlBool>`${left} is not distinct from ${right}`;
  if (cmp === "Neq") return sql<SqlBool>`${left} is distinct from ${right}`;
  return sql<SqlBool>`${left} ${sql.raw(COMPARISONS[cmp])} ${right}`;
}

/** Does `value` have the kind of the declared field class (`String`, `Number`, `Boolean`)? */
export function fitsDeclared(declared: unknown, value: unknown): boolean {
  if (declared === String) return typeof value === "string";
  if (declared === Number) return typeof value === "number" || typeof value === "bigint";
  if (declared === Boolean) return typeof value === "boolean";
  return true;
}

function valueComparison(
  p: Projection,
  alias: string,
  cmp: FilterComparison,
  value: unknown,
  sqlAliases: Map<string, string>,
  aliases: Aliases,
  filter: Filter,
  ctx: CompileContext,
): Predicate {
  const type = aliases.types.get(alias)!;
  const where = `${p.typeName}${isRow(p) ? "" : `.${p.fieldName}`} ${cmp}`;
  let column: string;
  if (isRow(p)) {
    if (cmp !== "Eq" && cmp !== "Neq") throw invalid(`rows of ${p.typeName} cannot be ordered (${cmp})`);
    const other = value === null ? undefined : registeredClassOf(value, filter.types);
    if (value === null || (other !== undefined && other !== type.userType.cls)) return cmp === "Neq";
    if (typeof value !== "object" && typeof value !== "function") {
      throw invalid(`a row of ${p.typeName} is compared with a ${typeof value}; expected a ${p.typeName}`);
    }
    const key = (value as Record<string, unknown>)[type.primaryKey];
    if (key === undefined || key === null) {
      throw invalid(`the ${p.typeName} compared with its rows has no primary key '${type.primaryKey}'`);
    }
    column = type.column(type.primaryKey);
    value = key;
  } else {
    column = comparableColumn(type, p.fieldName!);
    const declared = type.userType.fields.get(p.fieldName!);
    if (value !== null && !fitsDeclared(declared, value)) {
      if (cmp === "Eq" || cmp === "Neq") return cmp === "Neq";
      throw invalid(`${where} orders a ${(declared as Function).name} field against a ${typeof value}`);
    }
  }
  const ref = columnRef(sqlAliases.get(alias)!, column);
  const bound = bindValue(value, ctx.dialect, where);
  switch (bound.kind) {
    case "null":
      if (cmp === "Eq") return sql<SqlBool>`${ref} is null`;
      if (cmp === "Neq") return sql<SqlBool>`${ref} is not null`;
      return false;
    case "unmatchable":
      if (cmp === "Eq" || cmp === "Neq") return cmp === "Neq";
      if (bound.orderable) return false;
      throw new RuntimeError("unsupported", `kyselyAdapter: ${where} cannot be answered: ${bound.reason}`);
    case "param":
      if (cmp === "Neq") return sql<SqlBool>`${ref} is distinct from ${paramSql(bound.value, ctx.dialect)}`;
      return sql<SqlBool>`${ref} ${sql.raw(COMPARISONS[cmp])} ${paramSql(bound.value, ctx.dialect)}`;
  }
}

/** The registered class `value` is an instance of, if any. */
function registeredClassOf(value: unknown, types: Map<unknown, UserType>): Function | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  let found: Function | undefined;
  for (const t of types.values()) {
    // the most derived registered class wins (a subclass instance is also its base's)
    if (
      value instanceof (t.cls as new () => unknown) &&
      (found === undefined || t.cls.prototype instanceof found)
    ) {
      found = t.cls;
    }
  }
  return found;
}

type Primitive = string | number | bigint | boolean | null;

function constantComparison(a: unknown, cmp: FilterComparison, b: unknown): boolean {
  const primitive = (v: unknown): v is Primitive =>
    v === null || ["string", "number", "bigint", "boolean"].includes(typeof v);
  if (!primitive(a) || !primitive(b)) {
    throw invalid(`a condition compares two values, and one is an object: ${cmp} has no SQL form here`);
  }
  const numeric = (v: Primitive) => typeof v === "number" || typeof v === "bigint";
  const sameKind = typeof a === typeof b || (numeric(a) && numeric(b));
  if (cmp === "Eq" || cmp === "Neq") {
    // biome-ignore lint/suspicious/noDoubleEquals: 1n == 1 is Polar's integer equality
    const equal = sameKind && (numeric(a) ? a == b : a === b);
    return cmp === "Eq" ? equal : !equal;
  }
  if (!sameKind || a === null || typeof a === "boolean") {
    throw invalid(`a condition orders ${typeof a} and ${typeof b} values (${cmp})`);
  }
  const x = a as string | number | bigint;
  const y = b as string | number | bigint;
  switch (cmp) {
    case "Lt":
      return x < y;
    case "Leq":
      return x <= y;
    case "Gt":
      return x > y;
    default:
      return x >= y;
  }
}

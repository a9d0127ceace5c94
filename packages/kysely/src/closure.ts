/**
 * A closure condition (`lhs In closure`): the rows reached from a base filter's rows by
 * following one relation of a type to itself, any number of times, as `WITH RECURSIVE`.
 * @module
 */
import { type ClosureCondition, type Filter, isProjection } from "@oso-ts/core";
import { type SqlBool, sql } from "kysely";
import { type Aliases, aliasOf, isRow } from "./aliases.js";
import { relationOf } from "./options.js";
import {
  type CompileContext,
  columnRef,
  fromItem,
  invalid,
  type Predicate,
  predicateSql,
} from "./predicate.js";

/** Compiles a nested filter (the closure's base); passed in to keep the modules acyclic. */
export type CompileFilter = (filter: Filter, rootSql: string, ctx: CompileContext) => Predicate;

/** `lhs.id IN (WITH RECURSIVE c(k, o) AS (<base rows> UNION <rows reaching c>) SELECT k FROM c)`. */
export function closure(
  c: ClosureCondition,
  sqlAliases: Map<string, string>,
  aliases: Aliases,
  filter: Filter,
  ctx: CompileContext,
  compileFilter: CompileFilter,
): Predicate {
  const spec = c.rhs?.closure;
  if (!isProjection(c.lhs) || !isRow(c.lhs) || typeof spec !== "object" || spec === null) {
    throw invalid(
      "a closure condition needs a row on the left and { closure: { typeName, fieldName, base } }",
    );
  }
  const alias = aliasOf(c.lhs, aliases);
  const type = aliases.types.get(alias)!;
  if (spec.typeName !== type.name) {
    throw invalid(`a closure over ${String(spec.typeName)} is applied to a row of ${type.name}`);
  }
  const relation = relationOf(type, spec.fieldName);
  if (relation.otherType !== type.name) {
    throw invalid(
      `the closure's relation ${type.name}.${spec.fieldName} leads to ${relation.otherType}, not to ${type.name}`,
    );
  }
  const base = { ...spec.base, types: spec.base?.types ?? filter.types } as Filter;
  if (base.model !== type.name)
    throw invalid(`the closure's base filters ${String(base.model)}, not ${type.name}`);
  const seedAlias = ctx.fresh(type.name);
  const seed = compileFilter(base, seedAlias, ctx);
  if (seed === false) return false;
  const cte = ctx.fresh("oso_closure");
  const step = ctx.fresh(type.name);
  const pk = type.column(type.primaryKey);
  const other = type.column(relation.otherField);
  // c holds each reached row's key and the column its relation's rows point at; a row whose
  // relation field (myField) points at a reached row is reached. UNION (not UNION ALL) stops
  // on cycles: a row already in c adds nothing.
  return sql<SqlBool>`${columnRef(sqlAliases.get(alias)!, pk)} in (with recursive ${sql.id(cte)}(k, o) as (select ${columnRef(seedAlias, pk)}, ${columnRef(seedAlias, other)} from ${fromItem(type, seedAlias)} where ${predicateSql(seed)} union select ${columnRef(step, pk)}, ${columnRef(step, other)} from ${fromItem(type, step)} join ${sql.id(cte)} on ${columnRef(step, type.column(relation.myField))} = ${sql.id(cte, "o")}) select ${sql.id(cte, "k")} from ${sql.id(cte)})`;
}

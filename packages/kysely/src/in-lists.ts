/**
 * Disjuncts of one `Eq` each on the same field of one alias, grouped so that the filter
 * writes them as one `IN (?, ?, ...)` list.
 * @module
 */
import { type ComparisonCondition, type FilterCondition, isProjection } from "@oso-ts/core";
import { type RawBuilder, type SqlBool, sql } from "kysely";
import { type Aliases, aliasOf, isClosure, isRow } from "./aliases.js";
import { fitsDeclared } from "./comparison.js";
import { comparableColumn, type ResolvedType } from "./options.js";
import { columnRef, paramSql } from "./predicate.js";
import { bindValue, type SqlDialect } from "./values.js";

/**
 * Disjuncts that are one `alias.field Eq value` each, grouped by alias and field: Oso
 * writes a disjunct per role it found (`Repo.id = 1 or Repo.id = 7 or ...`, or
 * `Org.id = 1 or Org.id = 4` through a join), and one `IN` list is what a database plans
 * best. Only values bound as they are qualify (not null, not an unmatchable or mistyped
 * value, whose comparisons fold to constants).
 */
export function equalityLists(
  conditions: FilterCondition[][],
  aliases: Aliases,
): {
  lists: Map<string, { alias: string; field: string; values: ComparisonCondition[] }>;
  rest: FilterCondition[][];
} {
  const lists = new Map<string, { alias: string; field: string; values: ComparisonCondition[] }>();
  const rest: FilterCondition[][] = [];
  for (const disjunct of conditions) {
    const c = disjunct.length === 1 ? disjunct[0] : undefined;
    const target = c && !isClosure(c) && c.cmp === "Eq" ? simpleField(c, aliases) : undefined;
    if (target === undefined) {
      rest.push(disjunct);
      continue;
    }
    const value = (isProjection(c!.lhs) ? c!.rhs : c!.lhs) as { value: unknown };
    const declared = aliases.types.get(target.alias)!.userType.fields.get(target.field);
    const plain =
      (typeof value.value === "string" && !/[\0\p{Cs}]/u.test(value.value)) ||
      (typeof value.value === "number" && !Number.isNaN(value.value)) ||
      typeof value.value === "bigint";
    if (!plain || !fitsDeclared(declared, value.value)) {
      rest.push(disjunct);
      continue;
    }
    const key = JSON.stringify([target.alias, target.field]);
    const group = lists.get(key) ?? { ...target, values: [] };
    group.values.push(c as ComparisonCondition);
    lists.set(key, group);
  }
  return { lists, rest };
}

/** The field of an alias compared with a value in `c`, if that is what `c` is. */
function simpleField(c: ComparisonCondition, aliases: Aliases): { alias: string; field: string } | undefined {
  const [p, v] = isProjection(c.lhs) ? [c.lhs, c.rhs] : [c.rhs, c.lhs];
  if (!isProjection(p) || isProjection(v) || isRow(p) || typeof v !== "object" || v === null)
    return undefined;
  if (!("value" in v)) return undefined;
  return { alias: aliasOf(p, aliases), field: p.fieldName! };
}

/**
 * `sqlAlias.field in (?, ?, ...)` for a group of `equalityLists`: its values qualified
 * there, so each binds as a parameter.
 */
export function inListSql(
  type: ResolvedType,
  field: string,
  values: readonly ComparisonCondition[],
  sqlAlias: string,
  dialect: SqlDialect,
): RawBuilder<SqlBool> {
  const params = values.map((c) => (isProjection(c.lhs) ? c.rhs : c.lhs) as { value: unknown });
  return sql<SqlBool>`${columnRef(sqlAlias, comparableColumn(type, field))} in (${sql.join(
    params.map((p) => {
      const bound = bindValue(p.value, dialect, `${type.name}.${field} Eq`);
      return paramSql((bound as { value: unknown }).value, dialect);
    }),
  )})`;
}

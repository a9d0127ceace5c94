/**
 * A `Filter` as one SQL predicate over the model's rows.
 *
 * The shape, for a filter over `Repo` (SQL alias `Repo`):
 * - a disjunct that mentions only the model: its comparisons, on `Repo` directly;
 * - disjuncts of one `Eq` each on the same column of the model: one `IN (?, ?, ...)` list;
 * - a disjunct that mentions joined types:
 *   `Repo.id IN (SELECT r.id FROM repos r, orgs o WHERE r.org_id = o.id AND <comparisons>)`,
 *   with only the joins on the paths to the types it mentions, or, when no comparison reads
 *   the model and one join reaches it, `Repo.org_id IN (SELECT o.id FROM orgs o WHERE ...)`.
 *   An uncorrelated IN keeps rows whose related rows are missing when another disjunct
 *   allows them, never duplicates a row reached through a "many" relation, and lets the
 *   database compute each subquery once;
 * - a closure (`lhs In closure`): `lhs.id IN (WITH RECURSIVE c(k, o) AS (<base rows> UNION
 *   <rows whose relation field reaches c>) SELECT k FROM c)`;
 * - the disjuncts joined with OR; `[]` is `1 = 0`, and an empty disjunct makes the filter true.
 *
 * The parts live in their own modules: the aliases and joins of a filter (`aliases.ts`), the
 * `IN` lists (`in-lists.ts`), comparisons and values (`comparison.ts`), closures
 * (`closure.ts`), and the shared SQL pieces (`predicate.ts`).
 * @module
 */
import { type Filter, type FilterCondition, isProjection, type Projection } from "@oso-ts/core";
import { type SqlBool, sql } from "kysely";
import { type Aliases, aliasesOf, aliasOf, checkFilter, isClosure, mentioned } from "./aliases.js";
import { closure } from "./closure.js";
import { comparison } from "./comparison.js";
import { equalityLists, inListSql } from "./in-lists.js";
import {
  and,
  type CompileContext,
  columnRef,
  fromItem,
  or,
  type Predicate,
  predicateSql,
} from "./predicate.js";

/**
 * The predicate of `filter` over the rows of its model, named `rootSql` in the enclosing
 * statement. Nested filters (closure bases) are compiled by the same function.
 */
export function filterPredicate(filter: Filter, rootSql: string, ctx: CompileContext): Predicate {
  checkFilter(filter);
  const aliases = aliasesOf(filter, ctx);
  const conditions = filter.conditions as FilterCondition[][];
  const { lists, rest } = equalityLists(conditions, aliases);
  const listed = [...lists.values()].map(({ alias, field, values }) => {
    if (values.length === 1) return disjunct(values, rootSql, aliases, filter, ctx);
    const type = aliases.types.get(alias)!;
    const inList = (sqlAlias: string) => inListSql(type, field, values, sqlAlias, ctx.dialect);
    if (alias === aliases.root) return inList(rootSql);
    // on a joined type: one subquery with the list (`Repo.org_id in (select o.id from orgs o
    // where o.id in (...))`), the union of the disjuncts' subqueries
    return disjunct([values[0]!], rootSql, aliases, filter, ctx, (sqlAliases) =>
      inList(sqlAliases.get(alias)!),
    );
  });
  return or([...listed, ...rest.map((c) => disjunct(c, rootSql, aliases, filter, ctx))]);
}

/** One disjunct: its comparisons on the model, or a subquery through the joins it needs. */
function disjunct(
  conditions: FilterCondition[],
  rootSql: string,
  aliases: Aliases,
  filter: Filter,
  ctx: CompileContext,
  /** The disjunct's predicate over its aliases, when not `conditions` compiled one by one. */
  predicate?: (sqlAliases: Map<string, string>) => Predicate,
): Predicate {
  const rootType = aliases.types.get(aliases.root)!;
  const needed = mentioned(conditions, aliases);
  const mentionsRoot = needed.has(aliases.root);
  needed.add(aliases.root);
  // every alias on the path from the model to a mentioned one: the joins a disjunct needs,
  // and no others (a relation, whichever way it points, joins only when a path uses it)
  for (const alias of [...needed]) {
    for (let a = alias; a !== aliases.root; ) {
      const step = aliases.paths.get(a);
      if (step === undefined) break; // not connected to the model: joined on its own
      needed.add(step.via);
      a = step.via;
    }
  }
  // the restriction of each alias rooted at a value, written as the relation says it
  const restrictions: FilterCondition[] = [];
  for (const alias of needed) {
    const r = aliases.rooted.get(alias);
    if (r === undefined) continue;
    if (r.key === null || r.key === undefined) return false;
    const typeName = aliases.types.get(alias)!.name;
    const lhs: Projection = { typeName, fieldName: r.field };
    if (alias !== typeName) lhs.alias = alias;
    const restriction: FilterCondition = { lhs, cmp: "Eq", rhs: { value: r.key } };
    // the core writes it out too: once is enough
    if (!conditions.some((c) => sameCondition(c, restriction))) restrictions.push(restriction);
  }
  if (needed.size === 1) {
    const root = new Map([[aliases.root, rootSql]]);
    return predicate ? predicate(root) : and(conditions.map((c) => condition(c, root, aliases, filter, ctx)));
  }
  // the joins between needed aliases: the paths' own, and any other that links two of them
  const joins = aliases.joins.filter((j) => needed.has(j.to) && needed.has(j.from));
  const sqlAliases = new Map([...needed].map((a) => [a, ctx.fresh(a)]));
  const on = (j: (typeof joins)[number]) =>
    sql<SqlBool>`${columnRef(sqlAliases.get(j.from)!, aliases.types.get(j.from)!.column(j.on[0]))} = ${columnRef(sqlAliases.get(j.to)!, aliases.types.get(j.to)!.column(j.on[1]))}`;
  const fromItems = (list: string[]) =>
    sql.join(list.map((a) => fromItem(aliases.types.get(a)!, sqlAliases.get(a)!)));
  const restricted = restrictions.map((c) => condition(c, sqlAliases, aliases, filter, ctx));
  // without `predicate`, one entry per condition, in order
  const own = predicate
    ? [predicate(sqlAliases)]
    : conditions.map((c) => condition(c, sqlAliases, aliases, filter, ctx));
  const compiled = [...restricted, ...own];
  const inner = [...needed].filter((a) => a !== aliases.root);
  // The model's key equal to a column of rows that need nothing else of the model (the
  // actor's role rows: `role.repoId = repo.id`): `Repo.id in (select r.repo_id from
  // repo_roles r where r.user_id = ? and ...)`, without scanning the model again. The key is
  // never null, so IN is the null-safe equality.
  if (
    mentionsRoot &&
    predicate === undefined &&
    !joins.some((j) => j.from === aliases.root || j.to === aliases.root)
  ) {
    const keyed = keyEquation(conditions, aliases, rootType.primaryKey);
    if (keyed !== undefined) {
      const others = own.filter((_, i) => conditions[i] !== keyed.condition);
      const where = and([...joins.map(on), ...restricted, ...others]);
      if (where === false) return false;
      const column = aliases.types.get(keyed.alias)!.column(keyed.field);
      const whereSql = where === true ? sql`` : sql` where ${predicateSql(where)}`;
      return sql<SqlBool>`${columnRef(rootSql, rootType.column(rootType.primaryKey))} in (select ${columnRef(sqlAliases.get(keyed.alias)!, column)} from ${fromItems(inner)}${whereSql})`;
    }
  }
  // When the model is reached by one join only and no condition reads it, the subquery
  // need not scan the model again: `Repo.org_id in (select o.id from orgs o ...)` is the
  // same set as `Repo.id in (select r.id from repos r, orgs o where r.org_id = o.id ...)`.
  const rootJoins = joins.filter((j) => j.from === aliases.root || j.to === aliases.root);
  const edge = rootJoins.length === 1 && !mentionsRoot ? rootJoins[0]! : undefined;
  if (edge !== undefined && edge.from !== edge.to) {
    const fromRoot = edge.from === aliases.root;
    const other = fromRoot ? edge.to : edge.from;
    const rootColumn = rootType.column(fromRoot ? edge.on[0] : edge.on[1]);
    const otherColumn = aliases.types.get(other)!.column(fromRoot ? edge.on[1] : edge.on[0]);
    const where = and([...joins.filter((j) => j !== edge).map(on), ...compiled]);
    if (where === false) return false;
    return sql<SqlBool>`${columnRef(rootSql, rootColumn)} in (select ${columnRef(sqlAliases.get(other)!, otherColumn)} from ${fromItems(inner)} where ${predicateSql(where)})`;
  }
  const where = and([...joins.map(on), ...compiled]);
  if (where === false) return false;
  const innerRoot = sqlAliases.get(aliases.root)!;
  const pk = rootType.column(rootType.primaryKey);
  return sql<SqlBool>`${columnRef(rootSql, pk)} in (select ${columnRef(innerRoot, pk)} from ${fromItems([...needed])} where ${predicateSql(where)})`;
}

/** Do two conditions say the same (the core's and the relation's restriction of an alias)? */
function sameCondition(a: FilterCondition, b: FilterCondition): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The only condition of `conditions` that reads the model, when it is `model.<key> Eq
 * other.<column>` (either way round, `other` another alias): the column and its alias.
 */
function keyEquation(
  conditions: readonly FilterCondition[],
  aliases: Aliases,
  key: string,
): { condition: FilterCondition; alias: string; field: string } | undefined {
  let found: { condition: FilterCondition; alias: string; field: string } | undefined;
  for (const c of conditions) {
    if (isClosure(c)) {
      if (aliasOf(c.lhs, aliases) === aliases.root) return undefined;
      continue;
    }
    const sides = [c.lhs, c.rhs].map((d) =>
      isProjection(d) ? { p: d, alias: aliasOf(d, aliases) } : undefined,
    );
    const onRoot = sides.filter((s) => s?.alias === aliases.root);
    if (onRoot.length === 0) continue;
    if (found !== undefined || onRoot.length !== 1 || c.cmp !== "Eq") return undefined;
    const [root, other] = sides[0]?.alias === aliases.root ? [sides[0], sides[1]] : [sides[1], sides[0]];
    if (other === undefined || root!.p.fieldName !== key || other.p.fieldName === undefined) return undefined;
    found = { condition: c, alias: other.alias, field: other.p.fieldName };
  }
  return found;
}

function condition(
  c: FilterCondition,
  sqlAliases: Map<string, string>,
  aliases: Aliases,
  filter: Filter,
  ctx: CompileContext,
): Predicate {
  if (isClosure(c)) return closure(c, sqlAliases, aliases, filter, ctx, filterPredicate);
  return comparison(c, sqlAliases, aliases, filter, ctx);
}

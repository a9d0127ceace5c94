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
 * Comparisons follow Polar's `==` rather than SQL's three-valued logic wherever the two
 * differ: `{value: null}` is IS [NOT] NULL, `!=` is IS DISTINCT FROM (a NULL column is
 * different from "x"), column `==` column is IS NOT DISTINCT FROM, and a value of another
 * type than the declared field (a string against a `Number` field) equals nothing instead
 * of being converted by the database.
 * @module
 */
import {
  type ClosureCondition,
  type ComparisonCondition,
  type Filter,
  type FilterComparison,
  type FilterCondition,
  type FilterRelation,
  isProjection,
  isValueRelation,
  OperationalError,
  type Projection,
  RuntimeError,
  type UserType,
} from "@oso-ts/core";
import { type RawBuilder, type SqlBool, sql } from "kysely";
import { comparableColumn, type ResolvedType, relationOf, type TypeResolver } from "./options.js";
import { bindValue, type SqlDialect } from "./values.js";

/** A predicate, or a constant one (folded, so `1 = 0` and `1 = 1` appear only at the top). */
export type Predicate = RawBuilder<SqlBool> | boolean;

/** What compiling one filter (and the filters nested in its closures) shares. */
export interface CompileContext {
  readonly resolver: TypeResolver;
  readonly dialect: SqlDialect;
  /** A fresh SQL alias, unique in the whole statement. */
  fresh(prefix: string): string;
}

const COMPARISONS: Record<FilterComparison, string> = {
  Eq: "=",
  Neq: "<>",
  Lt: "<",
  Leq: "<=",
  Gt: ">",
  Geq: ">=",
};
const FLIPPED: Record<FilterComparison, FilterComparison> = {
  Eq: "Eq",
  Neq: "Neq",
  Lt: "Gt",
  Leq: "Geq",
  Gt: "Lt",
  Geq: "Leq",
};

function invalid(message: string): OperationalError {
  return new OperationalError("invalid_argument", `kyselyAdapter: ${message}`);
}

/** `"alias"."column"`, each part quoted (a dot inside a name stays inside it). */
function columnRef(sqlAlias: string, column: string): RawBuilder<unknown> {
  return sql.id(sqlAlias, column);
}

/** `table AS alias`; a dot in the table name qualifies it with a schema. */
function fromItem(type: ResolvedType, sqlAlias: string): RawBuilder<unknown> {
  return sql`${sql.table(type.table)} as ${sql.id(sqlAlias)}`;
}

function and(parts: Predicate[]): Predicate {
  const kept: RawBuilder<SqlBool>[] = [];
  for (const p of parts) {
    if (p === false) return false;
    if (p !== true) kept.push(p);
  }
  if (kept.length === 0) return true;
  if (kept.length === 1) return kept[0]!;
  return sql<SqlBool>`(${sql.join(kept, sql` and `)})`;
}

function or(parts: Predicate[]): Predicate {
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
function paramSql(value: unknown, dialect: SqlDialect): RawBuilder<unknown> {
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

/** The filter's aliases: which type each one is, and the relations that join them. */
interface Aliases {
  readonly root: string;
  readonly types: Map<string, ResolvedType>;
  readonly joins: readonly { from: string; to: string; on: [string, string] }[];
  /** For each alias connected to the model, the next alias on a shortest path back to it. */
  readonly paths: Map<string, { via: string }>;
  /**
   * Aliases rooted at a known object (`fromValue`): the column of the alias that must equal
   * the object's key, and the key (null or undefined: no rows, as reading the Relation finds none).
   */
  readonly rooted: Map<string, { field: string; key: unknown }>;
}

export function checkFilter(filter: unknown): asserts filter is Filter {
  const f = filter as Partial<Filter> | null;
  if (
    typeof f !== "object" ||
    f === null ||
    typeof f.model !== "string" ||
    !Array.isArray(f.relations) ||
    !Array.isArray(f.conditions) ||
    !f.conditions.every(Array.isArray) ||
    !(f.types instanceof Map)
  ) {
    throw invalid("not a Filter: expected { model, relations, conditions: [][], types: Map }");
  }
}

function aliasesOf(filter: Filter, ctx: CompileContext): Aliases {
  const types = new Map<string, ResolvedType>();
  const root = filter.model;
  types.set(root, ctx.resolver.resolve(filter.types, root));
  const define = (alias: string, typeName: string) => {
    const known = types.get(alias);
    if (known !== undefined && known.name !== typeName) {
      throw invalid(`alias '${alias}' names both ${known.name} and ${typeName}`);
    }
    if (known === undefined) types.set(alias, ctx.resolver.resolve(filter.types, typeName));
  };
  const joins: { from: string; to: string; on: [string, string] }[] = [];
  const aliasJoins: [FilterRelation, string][] = [];
  const rooted = new Map<string, { field: string; key: unknown }>();
  for (const r of filter.relations as FilterRelation[]) {
    if (typeof r?.fromTypeName !== "string" || typeof r.fromFieldName !== "string") {
      throw invalid("a relation of the filter lacks fromTypeName or fromFieldName");
    }
    const fromType = ctx.resolver.resolve(filter.types, r.fromTypeName);
    const relation = relationOf(fromType, r.fromFieldName);
    if (r.toTypeName !== relation.otherType) {
      throw invalid(
        `the relation ${r.fromTypeName}.${r.fromFieldName} leads to ${relation.otherType}, not ${String(r.toTypeName)}`,
      );
    }
    const to = r.toAlias ?? r.toTypeName;
    if (isValueRelation(r)) {
      // rows of `to` picked by the object's key, joined to nothing: a disjunct naming the
      // alias gets `to.otherField = key` and its other conditions in its subquery
      if (r.fromAlias !== undefined || rooted.has(to) || types.has(to)) {
        throw invalid(
          `the relation from a value to '${to}' must introduce a new alias and have no fromAlias`,
        );
      }
      define(to, r.toTypeName);
      const key =
        typeof r.fromValue === "object" && r.fromValue !== null
          ? (r.fromValue as Record<string, unknown>)[relation.myField]
          : undefined;
      rooted.set(to, { field: relation.otherField, key });
      continue;
    }
    define(to, r.toTypeName);
    const join = {
      from: r.fromAlias ?? r.fromTypeName,
      to,
      on: [relation.myField, relation.otherField] as [string, string],
    };
    joins.push(join);
    aliasJoins.push([r, join.from]);
  }
  for (const [r, from] of aliasJoins) {
    const known = types.get(from);
    if (known === undefined)
      throw invalid(`the relation ${r.fromTypeName}.${r.fromFieldName} starts at unknown alias '${from}'`);
    if (known.name !== r.fromTypeName)
      throw invalid(`alias '${from}' names ${known.name}, not ${r.fromTypeName}`);
  }
  // breadth first from the model, over relations in either direction
  const paths = new Map<string, { via: string }>();
  const seen = new Set([root]);
  for (let frontier = [root]; frontier.length > 0; ) {
    const next: string[] = [];
    for (const a of frontier) {
      for (const j of joins) {
        const other = j.from === a ? j.to : j.to === a ? j.from : undefined;
        if (other !== undefined && !seen.has(other)) {
          seen.add(other);
          paths.set(other, { via: a });
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  return { root, types, joins, paths, rooted };
}

/** The alias a projection refers to, checked against the filter's aliases. */
function aliasOf(p: Projection, aliases: Aliases): string {
  const alias = p.alias ?? p.typeName;
  const type = aliases.types.get(alias);
  if (type === undefined) {
    throw invalid(`a condition names ${alias}, which the filter neither filters nor joins`);
  }
  if (type.name !== p.typeName) throw invalid(`alias '${alias}' names ${type.name}, not ${p.typeName}`);
  return alias;
}

function isClosure(c: FilterCondition): c is ClosureCondition {
  return (c as ClosureCondition).cmp === "In";
}

function mentioned(conditions: readonly FilterCondition[], aliases: Aliases): Set<string> {
  const found = new Set<string>();
  for (const c of conditions) {
    if (typeof c !== "object" || c === null) throw invalid("a condition of the filter is not an object");
    for (const d of isClosure(c) ? [c.lhs] : [c.lhs, c.rhs]) {
      if (isProjection(d)) found.add(aliasOf(d, aliases));
      else if (typeof d !== "object" || d === null || !("value" in d)) {
        throw invalid("a side of a condition is neither { typeName, fieldName? } nor { value }");
      }
    }
  }
  return found;
}

/**
 * The predicate of `filter` over the rows of its model, named `rootSql` in the enclosing
 * statement. Nested filters (closure bases) are compiled by the same function.
 */
export function filterPredicate(filter: Filter, rootSql: string, ctx: CompileContext): Predicate {
  checkFilter(filter);
  const aliases = aliasesOf(filter, ctx);
  const conditions = filter.conditions as FilterCondition[][];
  const { lists, rest } = equalityLists(conditions, aliases);
  const root = new Map([[aliases.root, rootSql]]);
  const listed = [...lists.values()].map(({ alias, field, values }) => {
    if (values.length === 1) return disjunct(values, rootSql, aliases, filter, ctx);
    const type = aliases.types.get(alias)!;
    const inList = (sqlAlias: string) => {
      const params = values.map((c) => (isProjection(c.lhs) ? c.rhs : c.lhs) as { value: unknown });
      return sql<SqlBool>`${columnRef(sqlAlias, comparableColumn(type, field))} in (${sql.join(
        params.map((p) => {
          const bound = bindValue(p.value, ctx.dialect, `${type.name}.${field} Eq`);
          return paramSql((bound as { value: unknown }).value, ctx.dialect);
        }),
      )})`;
    };
    if (alias === aliases.root) return inList(root.get(alias)!);
    // on a joined type: one subquery with the list (`Repo.org_id in (select o.id from orgs o
    // where o.id in (...))`), the union of the disjuncts' subqueries
    return disjunct([values[0]!], rootSql, aliases, filter, ctx, (sqlAliases) =>
      inList(sqlAliases.get(alias)!),
    );
  });
  return or([...listed, ...rest.map((c) => disjunct(c, rootSql, aliases, filter, ctx))]);
}

/**
 * Disjuncts that are one `alias.field Eq value` each, grouped by alias and field: Oso
 * writes a disjunct per role it found (`Repo.id = 1 or Repo.id = 7 or ...`, or
 * `Org.id = 1 or Org.id = 4` through a join), and one `IN` list is what a database plans
 * best. Only values bound as they are qualify (not null, not an unmatchable or mistyped
 * value, whose comparisons fold to constants).
 */
function equalityLists(
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
  const compiled = [
    ...restrictions.map((c) => condition(c, sqlAliases, aliases, filter, ctx)),
    ...(predicate
      ? [predicate(sqlAliases)]
      : conditions.map((c) => condition(c, sqlAliases, aliases, filter, ctx))),
  ];
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
      const others = conditions.filter((c) => c !== keyed.condition);
      const inner = [...needed].filter((a) => a !== aliases.root);
      const where = and([
        ...joins.map(on),
        ...restrictions.map((c) => condition(c, sqlAliases, aliases, filter, ctx)),
        ...others.map((c) => condition(c, sqlAliases, aliases, filter, ctx)),
      ]);
      if (where === false) return false;
      const froms = inner.map((a) => fromItem(aliases.types.get(a)!, sqlAliases.get(a)!));
      const column = aliases.types.get(keyed.alias)!.column(keyed.field);
      const whereSql = where === true ? sql`` : sql` where ${predicateSql(where)}`;
      return sql<SqlBool>`${columnRef(rootSql, rootType.column(rootType.primaryKey))} in (select ${columnRef(sqlAliases.get(keyed.alias)!, column)} from ${sql.join(froms)}${whereSql})`;
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
    const froms = [...needed]
      .filter((a) => a !== aliases.root)
      .map((a) => fromItem(aliases.types.get(a)!, sqlAliases.get(a)!));
    return sql<SqlBool>`${columnRef(rootSql, rootColumn)} in (select ${columnRef(sqlAliases.get(other)!, otherColumn)} from ${sql.join(froms)} where ${predicateSql(where)})`;
  }
  const where = and([...joins.map(on), ...compiled]);
  if (where === false) return false;
  const innerRoot = sqlAliases.get(aliases.root)!;
  const pk = rootType.column(rootType.primaryKey);
  const froms = [...needed].map((a) => fromItem(aliases.types.get(a)!, sqlAliases.get(a)!));
  return sql<SqlBool>`${columnRef(rootSql, pk)} in (select ${columnRef(innerRoot, pk)} from ${sql.join(froms)} where ${predicateSql(where)})`;
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
  if (isClosure(c)) return closure(c, sqlAliases, aliases, filter, ctx);
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

function isRow(p: Projection): boolean {
  return p.fieldName === undefined || p.fieldName === null;
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
function fitsDeclared(declared: unknown, value: unknown): boolean {
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

function closure(
  c: ClosureCondition,
  sqlAliases: Map<string, string>,
  aliases: Aliases,
  filter: Filter,
  ctx: CompileContext,
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
  const seed = filterPredicate(base, seedAlias, ctx);
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

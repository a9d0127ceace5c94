/**
 * An in-memory data-filtering adapter: rows of each class held in arrays, filters evaluated
 * directly (joins, aliases, closures included). The reference the SQL adapters are tested
 * against, and enough for applications whose data fits in memory.
 * @module
 */
import { polarError } from "../errors.js";
import type { Adapter, Datum, Filter, FilterCondition, FilterRelation, Projection } from "./types.js";
import { isProjection, isValueRelation, Relation } from "./types.js";

/** Where the rows of each class come from: by Polar class name. */
export type RowSource =
  | Readonly<Record<string, readonly unknown[]>>
  | ReadonlyMap<string, readonly unknown[]>
  | ((typeName: string) => readonly unknown[]);

/** Options of {@link arrayAdapter}. */
export interface ArrayAdapterOptions {
  /** The primary key's field (default `"id"`), for all classes or per class name. */
  primaryKey?: string | Readonly<Record<string, string>>;
}

/**
 * An adapter over arrays of application objects: `buildQuery` returns the filter itself,
 * `executeQuery` the rows of the filter's model that it selects, in array order.
 *
 * @example
 * ```ts
 * oso.setDataFilteringAdapter(arrayAdapter({ Repo: repos, Org: orgs }));
 * const readable = await oso.authorizedResources(user, "read", Repo);
 * ```
 */
export function arrayAdapter(source: RowSource, options: ArrayAdapterOptions = {}): Adapter<Filter, unknown> {
  const rowsOf = (typeName: string): readonly unknown[] => {
    const rows =
      typeof source === "function"
        ? source(typeName)
        : source instanceof Map
          ? source.get(typeName)
          : (source as Record<string, readonly unknown[]>)[typeName];
    if (!Array.isArray(rows)) {
      throw polarError("data_filtering_configuration", `arrayAdapter: no rows given for ${typeName}`);
    }
    return rows;
  };
  const pk = options.primaryKey ?? "id";
  const keyField = (typeName: string) => (typeof pk === "string" ? pk : (pk[typeName] ?? "id"));
  return {
    buildQuery: (filter) => filter,
    executeQuery: async (filter) => select(filter, rowsOf, keyField),
    capabilities: { relationSubqueries: true },
  };
}

type Env = Map<string, unknown>;

function select(
  filter: Filter,
  rowsOf: (typeName: string) => readonly unknown[],
  keyField: (typeName: string) => string,
): unknown[] {
  const closures = new Map<Filter, Set<unknown>>();
  const field = (row: unknown, name: string): unknown =>
    row !== null && typeof row === "object" ? (row as Record<string, unknown>)[name] : undefined;
  const related = (typeName: string, fieldName: string, from: unknown): unknown[] => {
    const rel = filter.types.get(typeName)?.fields.get(fieldName);
    if (!(rel instanceof Relation)) {
      throw polarError(
        "data_filtering_configuration",
        `arrayAdapter: ${typeName}.${fieldName} is not a Relation`,
      );
    }
    const mine = field(from, rel.myField);
    return rowsOf(rel.otherType).filter((r) => same(mine, field(r, rel.otherField)));
  };
  const byAlias = new Map<string, FilterRelation>();
  for (const r of filter.relations) byAlias.set(r.toAlias ?? r.toTypeName, r);
  const aliasOf = (p: Projection) => p.alias ?? p.typeName;

  const value = (d: Datum, env: Env): { row: unknown; typeName: string } | { value: unknown } => {
    if (!isProjection(d)) return { value: d.value };
    const row = env.get(aliasOf(d));
    return d.fieldName === undefined ? { row, typeName: d.typeName } : { value: field(row, d.fieldName) };
  };
  const holds = (c: FilterCondition, env: Env): boolean => {
    if (c.cmp === "In") {
      const { typeName, fieldName, base } = c.rhs.closure;
      let baseRows = closures.get(base);
      if (!baseRows) {
        baseRows = new Set(select(base, rowsOf, keyField));
        closures.set(base, baseRows);
      }
      const seen = new Set<unknown>();
      const queue = [env.get(aliasOf(c.lhs))];
      while (queue.length > 0) {
        const r = queue.shift();
        if (baseRows.has(r)) return true;
        if (seen.has(r)) continue;
        seen.add(r);
        queue.push(...related(typeName, fieldName, r));
      }
      return false;
    }
    const l = value(c.lhs, env);
    const r = value(c.rhs, env);
    let a: unknown;
    let b: unknown;
    if ("row" in l || "row" in r) {
      // rows compare by primary key; the immediate's key field is the row's type's
      const typeName = "row" in l ? l.typeName : (r as { typeName: string }).typeName;
      a =
        "row" in l
          ? field(l.row, keyField(typeName))
          : l.value === null
            ? null
            : field(l.value, keyField(typeName));
      b =
        "row" in r
          ? field(r.row, keyField(typeName))
          : r.value === null
            ? null
            : field(r.value, keyField(typeName));
    } else {
      a = l.value;
      b = r.value;
    }
    switch (c.cmp) {
      case "Eq":
        return same(a, b);
      case "Neq":
        return !same(a, b);
      case "Lt":
        return (a as number) < (b as number);
      case "Leq":
        return (a as number) <= (b as number);
      case "Gt":
        return (a as number) > (b as number);
      case "Geq":
        return (a as number) >= (b as number);
    }
  };
  const aliasesOf = (conds: readonly FilterCondition[]): string[] => {
    const needed: string[] = [];
    const need = (alias: string) => {
      if (alias === filter.model || needed.includes(alias)) return;
      const rel = byAlias.get(alias);
      if (!rel)
        throw polarError("data_filtering_configuration", `arrayAdapter: no relation reaches ${alias}`);
      if (!isValueRelation(rel)) need(rel.fromAlias ?? rel.fromTypeName);
      needed.push(alias);
    };
    for (const c of conds) {
      for (const d of [c.lhs, c.cmp === "In" ? null : c.rhs]) if (d && isProjection(d)) need(aliasOf(d));
    }
    return needed;
  };
  const plans = filter.conditions.map((conds) => ({ conds, aliases: aliasesOf(conds) }));
  const satisfied = (
    conds: readonly FilterCondition[],
    aliases: readonly string[],
    env: Env,
    i: number,
  ): boolean => {
    if (i === aliases.length) return conds.every((c) => holds(c, env));
    const alias = aliases[i]!;
    const rel = byAlias.get(alias)!;
    for (const candidate of related(
      rel.fromTypeName,
      rel.fromFieldName,
      isValueRelation(rel) ? rel.fromValue : env.get(rel.fromAlias ?? rel.fromTypeName),
    )) {
      env.set(alias, candidate);
      if (satisfied(conds, aliases, env, i + 1)) return true;
    }
    env.delete(alias);
    return false;
  };
  return rowsOf(filter.model).filter((row) =>
    plans.some(({ conds, aliases }) => satisfied(conds, aliases, new Map([[filter.model, row]]), 0)),
  );
}

/** Equality of column values: primitives by value (null and undefined alike), dates by time, other objects by identity. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a == null || b == null) return a == null && b == null;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  const ta = typeof a;
  const tb = typeof b;
  // biome-ignore lint/suspicious/noDoubleEquals: exact comparison across number and bigint
  if ((ta === "number" || ta === "bigint") && (tb === "number" || tb === "bigint")) return a == b;
  return false;
}

/**
 * The aliases of a `Filter`: the type each one names, the relations that join them, the
 * shortest path from each back to the model, and the aliases rooted at a known object
 * (value-rooted relations, `fromValue`). Also the checks that a filter and its conditions
 * name only what it declares.
 * @module
 */
import {
  type ClosureCondition,
  type Filter,
  type FilterCondition,
  type FilterRelation,
  isProjection,
  isValueRelation,
  type Projection,
} from "@oso-ts/core";
import { type ResolvedType, relationOf } from "./options.js";
import { type CompileContext, invalid } from "./predicate.js";

/** The filter's aliases: which type each one is, and the relations that join them. */
export interface Aliases {
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

export function aliasesOf(filter: Filter, ctx: CompileContext): Aliases {
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
export function aliasOf(p: Projection, aliases: Aliases): string {
  const alias = p.alias ?? p.typeName;
  const type = aliases.types.get(alias);
  if (type === undefined) {
    throw invalid(`a condition names ${alias}, which the filter neither filters nor joins`);
  }
  if (type.name !== p.typeName) throw invalid(`alias '${alias}' names ${type.name}, not ${p.typeName}`);
  return alias;
}

export function isClosure(c: FilterCondition): c is ClosureCondition {
  return (c as ClosureCondition).cmp === "In";
}

export function mentioned(conditions: readonly FilterCondition[], aliases: Aliases): Set<string> {
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

/** Does the projection name a whole row (no field)? */
export function isRow(p: Projection): boolean {
  return p.fieldName === undefined || p.fieldName === null;
}

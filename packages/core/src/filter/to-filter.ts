/**
 * Residual -> `Filter`: symbolic rows become projections (with an alias only when a type
 * is reached more than once), the rows' paths from the resource become joins, and
 * duplicate conditions and alternatives are dropped.
 * @module
 */
import type { Operand, Residual, ResidualCondition } from "./residual.js";
import { SymColumn, SymRow } from "./residual.js";
import type { Datum, Filter, FilterCondition, FilterRelation, Projection } from "./types.js";
import type { UserTypes } from "./user-types.js";

export function toFilter(residual: Residual, types: UserTypes): Filter {
  const relations: FilterRelation[] = [];
  const joined = new Set<string>();
  const join = (row: SymRow): void => {
    const from = row.from;
    if (row.origin !== null && !joined.has(row.alias)) {
      joined.add(row.alias);
      const r: FilterRelation = {
        fromValue: row.origin.value,
        fromTypeName: row.origin.typeName,
        fromFieldName: row.origin.field,
        toTypeName: row.typeName,
      };
      if (row.alias !== row.typeName) r.toAlias = row.alias;
      relations.push(r);
      return;
    }
    if (from === null || joined.has(row.alias)) return;
    join(from.row);
    joined.add(row.alias);
    const r: FilterRelation = {
      fromTypeName: from.row.typeName,
      fromFieldName: from.field,
      toTypeName: row.typeName,
    };
    if (from.row.alias !== from.row.typeName) r.fromAlias = from.row.alias;
    if (row.alias !== row.typeName) r.toAlias = row.alias;
    relations.push(r);
  };
  const ids = new Map<unknown, number>();
  const keyOf = (v: unknown): string => {
    if (v === null || (typeof v !== "object" && typeof v !== "function")) return `${typeof v}:${String(v)}`;
    let id = ids.get(v);
    if (id === undefined) {
      id = ids.size;
      ids.set(v, id);
    }
    return `#${id}`;
  };
  const datum = (o: Operand): Datum => {
    if (o instanceof SymRow) {
      join(o);
      return projection(o.typeName, o.alias);
    }
    if (o instanceof SymColumn) {
      join(o.row);
      return projection(o.row.typeName, o.row.alias, o.field);
    }
    return { value: o.value };
  };
  const operandKey = (o: Operand): string =>
    o instanceof SymRow
      ? `row:${o.alias}`
      : o instanceof SymColumn
        ? `col:${o.row.alias}.${o.field}`
        : keyOf(o.value);
  const condKey = (c: ResidualCondition): string =>
    c.kind === "cmp"
      ? `${operandKey(c.lhs)} ${c.cmp} ${operandKey(c.rhs)}`
      : `${c.row.alias} in ${c.field}* ${keyOf(c.base)}`;

  const conditions: FilterCondition[][] = [];
  const seenDisjuncts = new Set<string>();
  for (const d of residual.disjuncts) {
    const keys: string[] = [];
    const out: FilterCondition[] = [];
    // a proof usually has a few conditions (and there is a proof per role row): a linear
    // search then, a set for a long one
    const seen = d.length > 8 ? new Set<string>() : null;
    for (const c of d) {
      const k = condKey(c);
      if (seen === null ? keys.includes(k) : seen.has(k)) continue;
      seen?.add(k);
      keys.push(k);
      if (c.kind === "cmp") out.push({ lhs: datum(c.lhs), cmp: c.cmp, rhs: datum(c.rhs) });
      else {
        out.push({
          lhs: datum(c.row) as Projection,
          cmp: "In",
          rhs: { closure: { typeName: c.row.typeName, fieldName: c.field, base: c.base } },
        });
      }
    }
    if (out.length === 0) {
      // one unconditional alternative: every row
      return { model: residual.root.typeName, relations: [], conditions: [[]], types: types.byName };
    }
    const dk = keys.length === 1 ? keys[0]! : keys.sort().join(" & ");
    if (seenDisjuncts.has(dk)) continue;
    seenDisjuncts.add(dk);
    conditions.push(out);
  }
  return { model: residual.root.typeName, relations, conditions, types: types.byName };
}

function projection(typeName: string, alias: string, fieldName?: string): Projection {
  const p: Projection = { typeName };
  if (fieldName !== undefined) p.fieldName = fieldName;
  if (alias !== typeName) p.alias = alias;
  return p;
}

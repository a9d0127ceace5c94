/**
 * The partial evaluator's data type: symbolic values standing for parts of the unknown
 * resource, and the residual program (an OR of ANDs of conditions over them) that the
 * evaluation leaves. `to-filter.ts` turns a residual into a `Filter`; other consumers (a
 * compiled check, explanations) could read the same structure.
 * @module
 */
import type { Filter, FilterComparison } from "./types.js";

/**
 * A row of some registered type: the resource itself (the root), one reached from it by
 * relations, or one of the rows of a "many" Relation of a known object (`origin`: the
 * actor's role rows, kept as a subquery rather than fetched).
 */
export class SymRow {
  constructor(
    /** The name this occurrence has in the filter (the root's is the model's name). */
    readonly alias: string,
    readonly typeName: string,
    /** How it was reached: `from.field`; null for the root and for a row with an `origin`. */
    readonly from: { readonly row: SymRow; readonly field: string } | null,
    /** A row of `value.field`, a "many" Relation of the known object `value` (of type `typeName`). */
    readonly origin: {
      readonly value: unknown;
      readonly typeName: string;
      readonly field: string;
    } | null = null,
  ) {}
}

/** A column (a declared field that is not a Relation) of a symbolic row. */
export class SymColumn {
  constructor(
    readonly row: SymRow,
    readonly field: string,
  ) {}
}

/** The rows of a "many" Relation of a symbolic row: only `x in row.field` can use it. */
export class SymMany {
  constructor(
    readonly row: SymRow,
    readonly field: string,
  ) {}
}

export type Symbolic = SymRow | SymColumn | SymMany;

export function isSymbolic(v: unknown): v is Symbolic {
  return v instanceof SymRow || v instanceof SymColumn || v instanceof SymMany;
}

/** One side of a residual comparison: a symbolic row or column, or a known value. */
export type Operand = SymRow | SymColumn | { readonly value: unknown };

/** A comparison that must hold of the resource. */
export interface ResidualComparison {
  readonly kind: "cmp";
  readonly lhs: Operand;
  readonly cmp: FilterComparison;
  readonly rhs: Operand;
}

/** The row is one from which following `field` zero or more times reaches a row of `base`. */
export interface ResidualClosure {
  readonly kind: "closure";
  readonly row: SymRow;
  readonly field: string;
  readonly base: Filter;
}

export type ResidualCondition = ResidualComparison | ResidualClosure;

/** What must hold of the resource: an OR of ANDs. */
export interface Residual {
  readonly root: SymRow;
  readonly disjuncts: readonly (readonly ResidualCondition[])[];
}

const NEGATED: Record<FilterComparison, FilterComparison> = {
  Eq: "Neq",
  Neq: "Eq",
  Lt: "Geq",
  Leq: "Gt",
  Gt: "Leq",
  Geq: "Lt",
};

/** The comparison that holds exactly when `c` does not. */
export function negate(c: ResidualComparison): ResidualComparison {
  return { kind: "cmp", lhs: c.lhs, cmp: NEGATED[c.cmp], rhs: c.rhs };
}

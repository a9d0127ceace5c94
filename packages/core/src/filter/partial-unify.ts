/**
 * The partial evaluator's unification and comparison: between known values they decide as
 * the machine does; where a side is the resource (a row or a column) they record a
 * residual comparison instead, or decide when the types settle it (a row never equals a
 * string). Bindings and conditions are trailed.
 * @module
 */

import { CMP_EQ, CMP_GEQ, CMP_GT, CMP_LEQ, CMP_LT, CMP_NEQ } from "../engine/operators.js";
import { Dict, dictKeys } from "../engine/terms.js";
import type { Term } from "../syntax/ast.js";
import {
  containsSymbolic,
  isObjectOfType,
  mirrorOp,
  PList,
  PVar,
  pderef,
  sameKnown,
} from "./partial-terms.js";
import { PartialValues } from "./partial-values.js";
import { isSymbolic, type Operand, SymColumn, SymMany, SymRow } from "./residual.js";
import type { FilterComparison, Relation } from "./types.js";

const FILTER_CMP: Record<number, FilterComparison> = {
  [CMP_EQ]: "Eq",
  [CMP_NEQ]: "Neq",
  [CMP_LT]: "Lt",
  [CMP_LEQ]: "Leq",
  [CMP_GT]: "Gt",
  [CMP_GEQ]: "Geq",
};

/** Values a column can be compared with: primitives, null and dates. */
function isColumnValue(v: unknown): boolean {
  const t = typeof v;
  return (
    v === null ||
    v === undefined ||
    t === "string" ||
    t === "number" ||
    t === "boolean" ||
    t === "bigint" ||
    v instanceof Date
  );
}

export abstract class PartialUnify extends PartialValues {
  /** Unify `a` and `b`, recording conditions for symbolic values. Changes are trailed. */
  protected unify(a: unknown, b: unknown, t: Term): boolean {
    a = pderef(a);
    b = pderef(b);
    if (a === b) return true;
    if (a instanceof PVar) {
      this.bind(a, b);
      return true;
    }
    if (b instanceof PVar) {
      this.bind(b, a);
      return true;
    }
    if (isSymbolic(a) || isSymbolic(b)) return this.symCompare(CMP_EQ, a, b, t);
    if (a instanceof PList || b instanceof PList) return this.unifyLists(a, b, t);
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (!this.unify(a[i], b[i], t)) return false;
      return true;
    }
    if (a instanceof Dict && b instanceof Dict) {
      const ka = dictKeys(a);
      const kb = dictKeys(b);
      if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
      for (const k of ka) if (!this.unify(a[k], b[k], t)) return false;
      return true;
    }
    if (containsSymbolic(a) || containsSymbolic(b)) return false;
    // the machine's rules for known values (number/bigint, host equality)
    return sameKnown(a, b, this.env.host);
  }

  private unifyLists(a: unknown, b: unknown, t: Term): boolean {
    const flat = (x: unknown): { items: readonly unknown[]; rest: PVar | null } | null =>
      Array.isArray(x)
        ? { items: x, rest: null }
        : x instanceof PList
          ? { items: x.items, rest: x.rest }
          : null;
    const fa = flat(a);
    const fb = flat(b);
    if (!fa || !fb) return false;
    const n = Math.min(fa.items.length, fb.items.length);
    for (let i = 0; i < n; i++) if (!this.unify(fa.items[i], fb.items[i], t)) return false;
    const ra = fa.items.slice(n);
    const rb = fb.items.slice(n);
    if (ra.length > 0)
      return fb.rest !== null && this.unify(fb.rest, fa.rest ? new PList(ra, fa.rest) : ra, t);
    if (rb.length > 0)
      return fa.rest !== null && this.unify(fa.rest, fb.rest ? new PList(rb, fb.rest) : rb, t);
    if (fa.rest && fb.rest) return this.unify(fa.rest, fb.rest, t);
    if (fa.rest) return this.unify(fa.rest, [], t);
    if (fb.rest) return this.unify(fb.rest, [], t);
    return true;
  }

  /** `a op b` where at least one side is symbolic: a condition, or a decision when the types settle it. */
  private symCompare(op: number, a: unknown, b: unknown, t: Term): boolean {
    if (a instanceof SymMany || b instanceof SymMany) {
      throw this.unsupported(t, "Comparing a many-valued relation of the resource");
    }
    if (!isSymbolic(a)) [a, b, op] = [b, a, mirrorOp(op)];
    const lhs = a as SymRow | SymColumn;
    if (b instanceof PVar || b instanceof PList || (containsSymbolic(b) && !isSymbolic(b))) {
      throw this.unsupported(t, "Comparing the resource with a partly unknown value");
    }
    const cmp = FILTER_CMP[op]!;
    if (lhs instanceof SymRow) {
      if (cmp !== "Eq" && cmp !== "Neq") throw this.unsupported(t, "Ordering rows of the resource");
      if (b instanceof SymColumn) throw this.unsupported(t, "Comparing a row with a column");
      if (b instanceof SymRow) {
        if (b.alias === lhs.alias) return cmp === "Eq";
        if (!this.related(lhs.typeName, b.typeName)) return cmp === "Neq";
      } else if ((b === null || b === undefined) && lhs.from !== null) {
        // a "one" relation with no key reads as nil in decisions: its key column IS [NOT] NULL
        const rel = this.env.types.byName.get(lhs.from.row.typeName)?.fields.get(lhs.from.field) as Relation;
        this.addCond({
          kind: "cmp",
          lhs: new SymColumn(lhs.from.row, rel.myField),
          cmp,
          rhs: { value: null },
        });
        return true;
      } else if (!isObjectOfType(b, lhs.typeName, this.env.host)) {
        // a row is never equal to a string, a list or an object of another class
        return cmp === "Neq";
      }
    } else if (b instanceof SymRow) {
      throw this.unsupported(t, "Comparing a column with a row");
    } else if (!isSymbolic(b) && !isColumnValue(b)) {
      // a list, a dictionary or an application object is no query parameter
      throw this.unsupported(t, "Comparing a column of the resource with a list or an object");
    }
    const rhs: Operand = isSymbolic(b) ? (b as SymRow | SymColumn) : { value: b };
    this.addCond({ kind: "cmp", lhs, cmp, rhs });
    return true;
  }

  private related(x: string, y: string): boolean {
    const h = this.env.host;
    return h.isSubclass(x, y) || h.isSubclass(y, x);
  }

  protected compare(op: number, a: unknown, b: unknown, t: Term): boolean {
    a = pderef(a);
    b = pderef(b);
    if (isSymbolic(a) || isSymbolic(b)) return this.symCompare(op, a, b, t);
    if (a instanceof PVar || b instanceof PVar)
      throw this.unsupported(t, "A comparison with an unbound variable");
    if (containsSymbolic(a) || containsSymbolic(b))
      throw this.unsupported(t, "Comparing lists holding the resource");
    return this.env.host.compare(op, a, b);
  }
}

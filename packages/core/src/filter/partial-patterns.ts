/**
 * The partial evaluator's patterns: `matches` and rule parameter specializers. A class
 * check on a row of the resource is decided from the declared types (refused when only
 * some rows may be of the class); fields of a pattern on a row become lookups on it.
 * @module
 */

import { MISSING } from "../engine/host-port.js";
import type { Field, Term } from "../syntax/ast.js";
import type { Ctx } from "./partial-state.js";
import { Pending, PVar, pderef } from "./partial-terms.js";
import { PartialUnify } from "./partial-unify.js";
import { SymColumn, SymMany, SymRow } from "./residual.js";

export abstract class PartialPatterns extends PartialUnify {
  /** `value matches pattern` (also rule parameter specializers). */
  protected matches(v: unknown, p: Term, ctx: Ctx, t: Term): boolean | Promise<boolean> {
    v = pderef(v);
    if (p.kind !== "instance-pattern" && p.kind !== "dict-pattern") {
      const pv = this.val(p, ctx);
      return pv instanceof Pending ? pv.p.then((x) => this.unify(v, x, t)) : this.unify(v, pv, t);
    }
    if (v instanceof PVar) throw this.unsupported(t, "`matches` on an unbound variable");
    if (p.kind === "instance-pattern") {
      const tag = p.tag;
      if (v instanceof SymRow) {
        if (!this.rowIsa(v.typeName, tag, t)) return false;
      } else if (v instanceof SymColumn) {
        return this.columnIsa(v, p, t);
      } else if (v instanceof SymMany) {
        throw this.unsupported(t, "`matches` on a many-valued relation of the resource");
      } else if (!this.isa(v, tag)) {
        return false;
      }
    } else if (v instanceof SymColumn || v instanceof SymMany) {
      throw this.unsupported(t, "A dictionary pattern on a column of the resource");
    } else if (!(v instanceof SymRow) && (v === null || typeof v !== "object")) {
      return false;
    }
    return p.fields.length === 0 ? true : this.matchFields(v, p.fields, ctx, t);
  }

  private async matchFields(v: unknown, fields: readonly Field[], ctx: Ctx, t: Term): Promise<boolean> {
    for (const f of fields) {
      let field: unknown;
      if (v instanceof SymRow) field = this.symField(v, f.key, t);
      else {
        field = await this.host(t, () => this.env.host.patternField(v, f.key));
        if (field === MISSING) return false;
      }
      const fp = f.value;
      const ok =
        fp.kind === "instance-pattern" || fp.kind === "dict-pattern"
          ? await this.matches(field, fp, ctx, t)
          : this.unify(field, await this.value(fp, ctx), t);
      if (!ok) return false;
    }
    return true;
  }

  private isa(v: unknown, tag: string): boolean {
    const union = this.env.kb.unions.get(tag);
    if (union) return union.some((m) => this.env.host.isa(v, m));
    return this.env.host.isa(v, tag);
  }

  /** Is every row of `typeName` a `tag`? Refused when only some may be. */
  private rowIsa(typeName: string, tag: string, t: Term): boolean {
    const union = this.env.kb.unions.get(tag);
    if (union) return union.some((m) => this.rowIsa(typeName, m, t));
    const host = this.env.host;
    if (!host.hasClass(tag)) this.isa(null, tag); // the unregistered-class error
    if (host.isSubclass(typeName, tag)) return true;
    if (host.isSubclass(tag, typeName)) {
      throw this.unsupported(t, `Telling ${tag} rows from other ${typeName} rows`);
    }
    return false;
  }

  private columnIsa(col: SymColumn, p: Term & { kind: "instance-pattern" }, t: Term): boolean {
    const declared = this.env.types.byName.get(col.row.typeName)?.fields.get(col.field);
    const cls = this.env.host.classNamed(p.tag);
    if (p.fields.length === 0 && cls && declared !== undefined) {
      if (cls.cls === declared) return true;
      if (cls.builtin) return false;
    }
    throw this.unsupported(t, "A class check on a column of the resource");
  }
}

/**
 * The partial evaluator's values: literals, variables, lists and dictionaries, field
 * lookups and host calls (methods, constructors, arithmetic). A lookup on a symbolic row
 * gives a column or a joined row; on a known value it asks the host, as decisions do.
 * Anything that would need the resource's value (a method call on it, arithmetic on its
 * columns) is `unsupported_in_filter`.
 * @module
 */

import { ARITH_OPS, arithmetic } from "../engine/operators.js";
import { Dict } from "../engine/terms.js";
import { applicationError, isPolarError, polarError } from "../errors.js";
import type { Term } from "../syntax/ast.js";
import { grantCall, rolesCall } from "./partial-roles.js";
import { type Ctx, PartialState } from "./partial-state.js";
import {
  containsSymbolic,
  NOT_KNOWN,
  Pending,
  PList,
  PVar,
  pderef,
  resolve,
  settle,
} from "./partial-terms.js";
import { isSymbolic, SymRow } from "./residual.js";

export abstract class PartialValues extends PartialState {
  private variable(name: string, ctx: Ctx): unknown {
    if (name === "_") return new PVar("_");
    const cell = this.env.host.constant(name);
    if (cell) {
      if (cell.rejected)
        throw polarError("application_error", `Application error: constant ${name} was rejected`);
      return cell.value;
    }
    let v = ctx.vars.get(name);
    if (!v) {
      v = new PVar(name);
      ctx.vars.set(name, v);
    }
    return v;
  }

  /**
   * {@link value}, synchronously when nothing waits (literals, variables, field reads the
   * host answers at once), else a {@link Pending}: most of a search's steps then cost no
   * Promise.
   */
  protected val(t: Term, ctx: Ctx): unknown {
    switch (t.kind) {
      case "number":
      case "string":
      case "boolean":
        return t.value;
      case "variable":
        return this.variable(t.name, ctx);
      case "op": {
        const [recvTerm, selector] = t.args as [Term, Term];
        if (t.op !== "dot" || selector.kind !== "string") break;
        const r = this.val(recvTerm, ctx);
        if (r instanceof Pending) {
          return new Pending(
            r.p.then((recv) => {
              const v = this.field(pderef(recv), selector.value, t);
              return v instanceof Pending ? v.p : v;
            }),
          );
        }
        return this.field(pderef(r), selector.value, t);
      }
    }
    return new Pending(this.value(t, ctx));
  }

  /** `recv.name` for a field name: a symbolic column or row, or the host's answer (maybe Pending). */
  protected field(recv: unknown, name: string, t: Term): unknown {
    this.tick();
    this.env.host.checkName(name);
    if (recv instanceof SymRow) return this.symField(recv, name, t);
    if (isSymbolic(recv)) throw this.unsupported(t, "A lookup on a column of the resource");
    if (recv instanceof PVar) {
      throw this.unsupported(
        t,
        "A lookup on a variable not bound yet (bind it first, e.g. `parent = child.parent` with a Relation field)",
      );
    }
    let v: unknown;
    try {
      v = this.env.host.lookupField(recv, name);
    } catch (e) {
      throw isPolarError(e) ? e : applicationError(e, t.span);
    }
    return v !== null && typeof v === "object" && typeof (v as { then?: unknown }).then === "function"
      ? new Pending(this.host(t, () => v))
      : v;
  }

  /** A literal, or a variable bound to a primitive: for scans; NOT_KNOWN otherwise. */
  knownValue(t: Term, ctx: Ctx): unknown {
    let v: unknown;
    if (t.kind === "string" || t.kind === "number" || t.kind === "boolean") v = t.value;
    else if (t.kind === "variable" && t.name !== "_") {
      const cell = this.env.host.constant(t.name);
      v = cell ? cell.value : ctx.vars.has(t.name) ? pderef(ctx.vars.get(t.name)) : NOT_KNOWN;
    } else return NOT_KNOWN;
    const type = typeof v;
    return type === "string" || type === "number" || type === "boolean" || type === "bigint" ? v : NOT_KNOWN;
  }

  protected async value(t: Term, ctx: Ctx): Promise<unknown> {
    switch (t.kind) {
      case "number":
      case "string":
      case "boolean":
      case "variable":
        // never a Pending for these kinds
        return this.val(t, ctx);
      case "list": {
        const items: unknown[] = [];
        for (const i of t.items) items.push(await this.value(i, ctx));
        if (t.rest === null) return items;
        const rest = this.variable(t.rest.name, ctx);
        const r = pderef(rest);
        if (r instanceof PVar) return new PList(items, r);
        if (Array.isArray(r)) return [...items, ...r];
        throw this.unsupported(t, "A list with a rest that is not a list");
      }
      case "dict": {
        const entries: [string, unknown][] = [];
        for (const f of t.fields) entries.push([f.key, await this.value(f.value, ctx)]);
        return new Dict(entries);
      }
      case "op":
        return this.opValue(t, ctx);
      default:
        throw this.unsupported(t, "This term as a value");
    }
  }

  private async opValue(t: Term & { kind: "op" }, ctx: Ctx): Promise<unknown> {
    const [x, y] = t.args;
    if (t.op === "dot") return this.lookup(t, ctx);
    if (t.op === "new") {
      const call = x as Term;
      if (call.kind !== "call") throw this.unsupported(t, "This constructor call");
      const args = await this.knownArgs(call.args, ctx, t);
      return this.host(t, () => this.env.host.construct(call.name, args));
    }
    const op = ARITH_OPS[t.op];
    if (op !== undefined) {
      const a = pderef(await this.value(x!, ctx));
      const b = pderef(await this.value(y!, ctx));
      if (isSymbolic(a) || isSymbolic(b)) throw this.unsupported(t, "Arithmetic on the resource");
      if (a instanceof PVar || b instanceof PVar)
        throw this.unsupported(t, "Arithmetic on an unbound variable");
      const r = arithmetic(op, a, b);
      if (r === undefined)
        throw polarError("type_error", "Type error: arithmetic on non-numbers", { span: t.span });
      return r;
    }
    throw this.unsupported(t, "This operation as a value");
  }

  private async knownArgs(terms: readonly Term[], ctx: Ctx, t: Term): Promise<unknown[]> {
    const out: unknown[] = [];
    for (const a of terms) {
      const v = resolve(await this.value(a, ctx));
      if (containsSymbolic(v)) throw this.unsupported(t, "Passing the resource to a method or constructor");
      out.push(v);
    }
    return out;
  }

  /** `a.b`, `a.m(x)`, `a.(k)`. */
  private async lookup(t: Term & { kind: "op" }, ctx: Ctx): Promise<unknown> {
    this.tick();
    const [recvTerm, selector] = t.args as [Term, Term];
    const recv = pderef(await this.value(recvTerm, ctx));
    const host = this.env.host;
    if (selector.kind === "call") {
      if (isSymbolic(recv)) throw this.unsupported(t, "A method call on the resource");
      if (recv instanceof PVar) throw this.unsupported(t, "A method call on an unbound variable");
      const args: unknown[] = [];
      for (const a of selector.args) args.push(resolve(await this.value(a, ctx)));
      const grant = grantCall(recv, selector.name, args);
      if (grant !== undefined) return settle(grant);
      if (args.some(containsSymbolic)) {
        const special = rolesCall(recv, selector.name, args);
        if (special !== undefined) return special;
        throw this.unsupported(t, "Passing the resource to a method");
      }
      return this.host(t, () => host.callMethod(recv, selector.name, args));
    }
    let name: unknown;
    if (selector.kind === "string") name = selector.value;
    else {
      name = pderef(await this.value(selector, ctx));
      if (typeof name !== "string")
        throw this.unsupported(t, "A lookup with a key that is not a known string");
    }
    const v = this.field(recv, name as string, t);
    return v instanceof Pending ? v.p : v;
  }

  /** A host call: its value awaited; an application's exception becomes an `application_error` at `t`. */
  protected async host(t: Term, call: () => unknown): Promise<unknown> {
    try {
      return await settle(call());
    } catch (e) {
      throw isPolarError(e) ? e : applicationError(e, t.span);
    }
  }

  protected ruleArgs(t: Term & { kind: "call" }, ctx: Ctx): unknown[] | Promise<unknown[]> {
    if (t.kwargs)
      throw polarError("kwargs_error", "Keyword arguments are not supported in rule calls", { span: t.span });
    const out: unknown[] = [];
    let waits = false;
    try {
      for (const a of t.args) {
        const v = this.val(a, ctx);
        if (v instanceof Pending) waits = true;
        out.push(v);
      }
    } catch (e) {
      // a value waited for and no longer wanted must not reject unobserved
      for (const v of out) if (v instanceof Pending) v.p.catch(() => {});
      throw e;
    }
    if (!waits) return out;
    return (async () => {
      for (let i = 0; i < out.length; i++) {
        const v = out[i];
        if (v instanceof Pending) out[i] = await v.p;
      }
      return out;
    })();
  }
}

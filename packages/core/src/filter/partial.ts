/**
 * The partial evaluator: proves `allow(actor, action, resource)` with the resource unknown
 * and returns what must hold of it (a {@link Residual}).
 *
 * It is a small interpreter of its own over the loaded rules' syntax trees (the machine's
 * compiled goals are built for speed on known values; this one is built for symbols). Known
 * values (the actor, the action, constants, what the host returns for them) are evaluated
 * normally through the same host port as decisions, so the actor's role rows are read once
 * and inlined. The resource is a {@link SymRow}: a lookup on it gives a column or, through a
 * declared `Relation`, another row (a join); comparing a column, or comparing a row with an
 * application object, records a condition instead of deciding. Each proof of the query is
 * one AND of conditions; all proofs are the OR.
 *
 * Search is depth-first with backtracking, as the machine's: async generators yield once
 * per solution with the bindings and conditions in place, and undo them (a trail) before
 * trying the next alternative.
 *
 * Anything that has no query equivalent (a method call on the resource, arithmetic on its
 * columns, `cut` after a condition on it, `not` over a join to many rows...) is a
 * `unsupported_in_filter` error at the expression's position: never a wrong filter.
 * @module
 */

import { isThenable, MISSING } from "../engine/host-port.js";
import { arithmetic, CMP_EQ, CMP_GEQ, CMP_GT, CMP_LEQ, CMP_LT, CMP_NEQ } from "../engine/operators.js";
import { Dict, dictKeys } from "../engine/terms.js";
import { applicationError, isPolarError, polarError } from "../errors.js";
import type { Field, Parameter, Rule, Term } from "../syntax/ast.js";
import { Choice, grantCall, rolesCall } from "./partial-roles.js";
import { type CallEntry, type Cond, type PartialEnv, PartialState, RECURSE } from "./partial-state.js";
import {
  containsSymbolic,
  isObjectOfType,
  mirrorOp,
  NOT_KNOWN,
  Pending,
  PList,
  PVar,
  pderef,
  resolve,
  sameKnown,
  scanTest,
  settle,
  toAsync,
} from "./partial-terms.js";
import {
  isSymbolic,
  negate,
  type Operand,
  type Residual,
  type ResidualComparison,
  type ResidualCondition,
  SymColumn,
  SymMany,
  SymRow,
} from "./residual.js";
import { toFilter } from "./to-filter.js";
import type { FilterComparison } from "./types.js";
import { Relation } from "./types.js";

/** A rule activation: `cut` prunes its remaining alternatives. */
interface Activation {
  cut: boolean;
  readonly condMark: number;
  /** The machine orders this rule's alternatives by specificity per call: `cut` could prune others. */
  readonly sorted: boolean;
}

interface Ctx {
  readonly vars: Map<string, PVar>;
  readonly act: Activation;
}

/** A specializer waiting for its argument to be bound. */
interface Deferred {
  readonly value: unknown;
  readonly pattern: Term;
  readonly term: Term;
}

/** Thrown by a recursive call; caught by the ancestor call, which switches to a closure. */
class NeedClosure {
  constructor(
    readonly entry: CallEntry,
    readonly position: number,
    readonly field: string,
  ) {}
}

/** The sub-evaluation of a closure's base: a recursive call to this is not followed. */
interface Intercept {
  readonly name: string;
  readonly args: readonly unknown[];
  readonly position: number;
}

const CMP_NAMES: Record<string, number> = {
  eq: CMP_EQ,
  neq: CMP_NEQ,
  lt: CMP_LT,
  leq: CMP_LEQ,
  gt: CMP_GT,
  geq: CMP_GEQ,
};
const FILTER_CMP: Record<number, FilterComparison> = {
  [CMP_EQ]: "Eq",
  [CMP_NEQ]: "Neq",
  [CMP_LT]: "Lt",
  [CMP_LEQ]: "Leq",
  [CMP_GT]: "Gt",
  [CMP_GEQ]: "Geq",
};
const ARITH: Record<string, number> = { add: 0, sub: 1, mul: 2, div: 3, mod: 4, rem: 5 };

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

/** The most alternatives one `not` may expand into. */
const MAX_NEGATION_BRANCHES = 256;

export class PartialEvaluator extends PartialState {
  private recursedField: string | null = null;

  constructor(
    env: PartialEnv,
    model: string,
    private readonly intercept: Intercept | null = null,
    deadline?: number,
  ) {
    super(env, model, deadline);
  }

  /** The residual of rule `name` called with `args` (the root row among them). */
  async residual(name: string, args: readonly unknown[]): Promise<Residual> {
    const disjuncts: ResidualCondition[][] = [];
    const top: Ctx = { vars: new Map(), act: { cut: false, condMark: 0, sorted: false } };
    for await (const _ of this.callRule(name, args, top, null)) {
      const d = this.conds.slice() as Cond[];
      if (d.includes(RECURSE)) {
        if (d.length !== 1) {
          throw polarError(
            "unsupported_in_filter",
            "A recursive rule over a relation of a type to itself must not add other conditions on the resource in the recursive case",
          );
        }
        continue;
      }
      disjuncts.push(d as ResidualCondition[]);
      // an unconditional proof: every row, nothing more to learn
      if (d.length === 0) break;
    }
    return { root: this.root, disjuncts };
  }

  // ---- values ----

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
  private val(t: Term, ctx: Ctx): unknown {
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
  private field(recv: unknown, name: string, t: Term): unknown {
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

  private async value(t: Term, ctx: Ctx): Promise<unknown> {
    switch (t.kind) {
      case "number":
      case "string":
      case "boolean":
        return t.value;
      case "variable":
        return this.variable(t.name, ctx);
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
    const op = ARITH[t.op];
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
  private async host(t: Term, call: () => unknown): Promise<unknown> {
    try {
      return await settle(call());
    } catch (e) {
      throw isPolarError(e) ? e : applicationError(e, t.span);
    }
  }

  // ---- unification and comparison ----

  /** Unify `a` and `b`, recording conditions for symbolic values. Changes are trailed. */
  private unify(a: unknown, b: unknown, t: Term): boolean {
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

  private compare(op: number, a: unknown, b: unknown, t: Term): boolean {
    a = pderef(a);
    b = pderef(b);
    if (isSymbolic(a) || isSymbolic(b)) return this.symCompare(op, a, b, t);
    if (a instanceof PVar || b instanceof PVar)
      throw this.unsupported(t, "A comparison with an unbound variable");
    if (containsSymbolic(a) || containsSymbolic(b))
      throw this.unsupported(t, "Comparing lists holding the resource");
    return this.env.host.compare(op, a, b);
  }

  // ---- goals ----

  private async *prove(t: Term, ctx: Ctx): AsyncGenerator<void> {
    this.tick();
    switch (t.kind) {
      case "boolean":
        if (t.value) yield;
        return;
      case "call":
        {
          let args = this.ruleArgs(t, ctx);
          if (args instanceof Promise) args = await args;
          yield* this.callRule(t.name, args, ctx, t);
        }
        return;
      case "op":
        break;
      default: {
        const v = pderef(await this.value(t, ctx));
        yield* this.truthy(v, t);
        return;
      }
    }
    const [x, y] = t.args as Term[];
    switch (t.op) {
      case "and":
        yield* this.seq(t.args, 0, ctx);
        return;
      case "or":
        for (const branch of t.args) {
          yield* this.prove(branch, ctx);
          if (ctx.act.cut) return;
        }
        return;
      case "not":
        yield* this.negation(x!, ctx, t);
        return;
      case "forall": {
        // forall(c, a) is not (c and not a)
        const inner: Term = {
          kind: "op",
          op: "and",
          args: [x!, { kind: "op", op: "not", args: [y!], span: y!.span }],
          span: t.span,
        };
        yield* this.negation(inner, ctx, t);
        return;
      }
      case "unify":
      case "assign": {
        let a = this.val(x!, ctx);
        if (a instanceof Pending) a = await a.p;
        let b = this.val(y!, ctx);
        if (b instanceof Pending) b = await b.p;
        const m = this.mark();
        if (this.unify(a, b, t)) yield;
        this.undo(m);
        return;
      }
      case "in":
        yield* this.member(x!, y!, ctx, t);
        return;
      case "isa": {
        let v = this.val(x!, ctx);
        if (v instanceof Pending) v = await v.p;
        const m = this.mark();
        let ok = this.matches(v, y!, ctx, t);
        if (ok instanceof Promise) ok = await ok;
        if (ok) yield;
        this.undo(m);
        return;
      }
      case "cut":
        if (this.conds.length !== ctx.act.condMark) {
          throw this.unsupported(t, "A cut after a condition on the resource");
        }
        if (ctx.act.sorted) {
          throw this.unsupported(t, "A cut in a rule whose alternatives are ordered by their specializers");
        }
        ctx.act.cut = true;
        yield;
        return;
      case "print":
      case "debug":
        yield;
        return;
      default: {
        const cmp = CMP_NAMES[t.op];
        if (cmp !== undefined) {
          let a = this.val(x!, ctx);
          if (a instanceof Pending) a = await a.p;
          let b = this.val(y!, ctx);
          if (b instanceof Pending) b = await b.p;
          const m = this.mark();
          if (this.compare(cmp, a, b, t)) yield;
          this.undo(m);
          return;
        }
        yield* this.truthy(pderef(await this.value(t, ctx)), t);
      }
    }
  }

  private async *truthy(v: unknown, t: Term): AsyncGenerator<void> {
    if (v === true) {
      yield;
      return;
    }
    if (v === false) return;
    if (v instanceof Choice) {
      for (const [a, b] of v.pairs) {
        const m = this.mark();
        if (this.unify(a, b, t)) yield;
        this.undo(m);
      }
      return;
    }
    const m = this.mark();
    if (v instanceof PVar) this.bind(v, true);
    else if (v instanceof SymColumn) this.addCond({ kind: "cmp", lhs: v, cmp: "Eq", rhs: { value: true } });
    else if (isSymbolic(v)) throw this.unsupported(t, "Using a row of the resource as a condition");
    else
      throw polarError(
        "type_error",
        `Type error: ${this.env.host.repr(v)} isn't something that is true or false so can't be a condition`,
        {
          span: t.span,
        },
      );
    yield;
    this.undo(m);
  }

  /**
   * The goals from `i` on. A membership scan and a comparison or unification run here
   * rather than in a generator of their own, and the last goal yields directly: every
   * solution passes up through each generator between it and the caller (a Promise per
   * layer), and a scan over the actor's role rows makes one solution per row.
   */
  private async *seq(goals: readonly Term[], i: number, ctx: Ctx): AsyncGenerator<void> {
    if (i === goals.length) {
      yield;
      return;
    }
    const g = goals[i]!;
    const last = i + 1 === goals.length;
    if (g.kind === "op") {
      if (g.op === "in") {
        const keep = scanTest(goals, i, ctx, this, this.env.host);
        yield* this.member(
          g.args[0]!,
          g.args[1]!,
          ctx,
          g,
          keep,
          last ? null : () => this.seq(goals, i + 1, ctx),
        );
        return;
      }
      const cmp = g.op === "unify" || g.op === "assign" ? -1 : CMP_NAMES[g.op];
      if (cmp !== undefined) {
        // as `prove` does for these goals, without a generator
        this.tick();
        const [x, y] = g.args as [Term, Term];
        let a = this.val(x, ctx);
        if (a instanceof Pending) a = await a.p;
        let b = this.val(y, ctx);
        if (b instanceof Pending) b = await b.p;
        const m = this.mark();
        if (cmp === -1 ? this.unify(a, b, g) : this.compare(cmp, a, b, g)) {
          if (last) yield;
          else yield* this.seq(goals, i + 1, ctx);
        }
        this.undo(m);
        return;
      }
    }
    let proofs: AsyncGenerator<void>;
    if (g.kind === "call") {
      // as `prove` does for a call, one generator fewer between each solution and the caller
      this.tick();
      let args = this.ruleArgs(g, ctx);
      if (args instanceof Promise) args = await args;
      proofs = this.callRule(g.name, args, ctx, g);
    } else {
      proofs = this.prove(g, ctx);
    }
    for await (const _ of proofs) {
      if (last) yield;
      else yield* this.seq(goals, i + 1, ctx);
      if (ctx.act.cut) return;
    }
  }

  /**
   * `item in coll`: a solution per element that unifies, each running `then` (the goals
   * after this one) when given. Arrays, dictionaries and strings are scanned without a
   * Promise per element; an element that is a Promise is awaited (as `for await` would).
   */
  private async *member(
    itemTerm: Term,
    collTerm: Term,
    ctx: Ctx,
    t: Term,
    keep: ((e: unknown) => boolean) | null = null,
    then: (() => AsyncGenerator<void>) | null = null,
  ): AsyncGenerator<void> {
    let item = this.val(itemTerm, ctx);
    if (item instanceof Pending) item = await item.p;
    let raw: unknown;
    let valueRow: SymRow | undefined;
    if (
      this.env.relationSubqueries === true &&
      collTerm.kind === "op" &&
      collTerm.op === "dot" &&
      collTerm.args[1]!.kind === "string"
    ) {
      // `x in obj.field` over a "many" Relation of a known object: with an adapter that
      // takes subqueries, x is a symbolic row of the related type (no rows fetched). Any
      // use of it the evaluator cannot express fails with unsupported_in_filter, and
      // DataFiltering then evaluates again fetching the rows.
      let recv = this.val(collTerm.args[0]!, ctx);
      if (recv instanceof Pending) recv = await recv.p;
      recv = pderef(recv);
      const name = (collTerm.args[1] as Term & { kind: "string" }).value;
      if (!isSymbolic(recv) && !(recv instanceof PVar) && this.env.types.isRelationField(recv, name)) {
        this.tick();
        this.env.host.checkName(name);
        const m = this.mark();
        valueRow = this.valueManyRow(recv, name);
        if (valueRow === undefined) this.undo(m);
        else {
          if (this.unify(item, valueRow, t)) {
            if (then === null) yield;
            else yield* then();
          }
          this.undo(m);
          return;
        }
      }
      raw = this.field(recv, name, collTerm);
    } else raw = this.val(collTerm, ctx);
    if (raw instanceof Pending) raw = await raw.p;
    const coll = pderef(raw);
    if (coll instanceof SymMany) {
      const m = this.mark();
      const row = this.manyRow(coll);
      if (this.unify(item, row, t)) {
        if (then === null) yield;
        else yield* then();
      }
      this.undo(m);
      return;
    }
    if (isSymbolic(coll)) throw this.unsupported(t, "Membership in a column of the resource");
    if (coll instanceof PVar || coll instanceof PList)
      throw this.unsupported(t, "Membership in an unbound list");
    let elements: Iterable<unknown> | null = null;
    if (Array.isArray(coll)) elements = coll;
    else if (coll instanceof Dict) elements = dictKeys(coll).map((k) => [k, coll[k]]);
    else if (typeof coll === "string") elements = Array.from(coll);
    if (elements !== null) {
      for (let e of elements) {
        if (isThenable(e)) e = await e;
        this.tick();
        if (keep !== null && !keep(e)) continue;
        const m = this.mark();
        if (this.unify(item, e, t)) {
          if (then === null) yield;
          else yield* then();
        }
        this.undo(m);
        if (ctx.act.cut) return;
      }
      return;
    }
    const it = this.env.host.iterate(coll);
    for await (const e of { [Symbol.asyncIterator]: () => toAsync(it) }) {
      this.tick();
      if (keep !== null && !keep(e)) continue;
      const m = this.mark();
      if (this.unify(item, e, t)) {
        if (then === null) yield;
        else yield* then();
      }
      this.undo(m);
      if (ctx.act.cut) return;
    }
  }

  /** `value matches pattern` (also rule parameter specializers). */
  private matches(v: unknown, p: Term, ctx: Ctx, t: Term): boolean | Promise<boolean> {
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

  private async *negation(inner: Term, ctx: Ctx, t: Term): AsyncGenerator<void> {
    const m = this.mark();
    const condMark = this.conds.length;
    const manyMark = this.manyRows.length;
    const alternatives: ResidualComparison[][] = [];
    let always = false;
    const innerCtx: Ctx = { vars: ctx.vars, act: { cut: false, condMark, sorted: ctx.act.sorted } };
    for await (const _ of this.prove(inner, innerCtx)) {
      const added = this.conds.slice(condMark);
      if (this.manyRows.length > manyMark)
        throw this.unsupported(t, "`not` over a many-valued relation of the resource");
      if (added.length === 0) {
        always = true;
        break;
      }
      if (added.some((c) => c === RECURSE || c.kind !== "cmp")) {
        throw this.unsupported(t, "`not` over a recursive condition on the resource");
      }
      alternatives.push(added as ResidualComparison[]);
    }
    this.undo(m);
    if (always) return;
    // not (a1 and a2 or b1) = (not a1 or not a2) and not b1: one branch per choice
    let branches: ResidualComparison[][] = [[]];
    for (const alt of alternatives) {
      const next: ResidualComparison[][] = [];
      for (const b of branches) for (const c of alt) next.push([...b, negate(c)]);
      branches = next;
      if (branches.length > MAX_NEGATION_BRANCHES)
        throw this.unsupported(t, "This `not` (too many alternatives)");
    }
    for (const b of branches) {
      const mb = this.mark();
      for (const c of b) this.addCond(c);
      yield;
      this.undo(mb);
      if (ctx.act.cut) return;
    }
  }

  // ---- rule calls ----

  private ruleArgs(t: Term & { kind: "call" }, ctx: Ctx): unknown[] | Promise<unknown[]> {
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

  private async *callRule(
    name: string,
    rawArgs: readonly unknown[],
    _caller: Ctx,
    t: Term | null,
  ): AsyncGenerator<void> {
    const args = rawArgs.map(pderef);
    if (this.intercept && this.isIntercepted(name, args)) {
      const m = this.mark();
      this.addCond(RECURSE);
      yield;
      this.undo(m);
      return;
    }
    const recursion = this.recursion(name, args);
    if (recursion) throw recursion;
    if (this.stack.length >= this.env.maxDepth) {
      throw polarError("stack_overflow", `Too many nested rule calls (maxDepth = ${this.env.maxDepth})`, {
        span: t?.span,
      });
    }
    const entry: CallEntry = { name, args };
    const height = this.stack.length;
    const entryMark = this.mark();
    const generic = this.env.kb.lookup(name, args.length);
    const rules = generic?.rules ?? [];
    const sorted = generic?.needsSort ?? false;
    this.stack.push(entry);
    try {
      for (const compiled of rules) {
        const rule = compiled.ast;
        if (!rule)
          throw polarError(
            "invalid_state",
            `Invalid state: a rule of ${name} has no syntax tree to filter with`,
          );
        const act: Activation = { cut: false, condMark: this.conds.length, sorted };
        const ctx: Ctx = { vars: new Map(), act };
        const m = this.mark();
        let deferred = this.head(rule, args, ctx);
        if (deferred instanceof Promise) deferred = await deferred;
        if (deferred !== null) {
          for await (const _ of this.seq(rule.body.args, 0, ctx)) {
            const md = this.mark();
            if (deferred.length === 0 || (await this.deferredHold(deferred, ctx))) {
              this.stack.pop();
              yield;
              this.stack.push(entry);
            }
            this.undo(md);
            if (act.cut) break;
          }
        }
        this.undo(m);
        if (act.cut) break;
      }
      this.stack.pop();
    } catch (e) {
      if (!(e instanceof NeedClosure) || e.entry !== entry) throw e;
      this.undo(entryMark);
      this.stack.length = height;
      yield* this.closure(entry, e, t);
    }
  }

  /**
   * Unify the rule's parameters with the arguments and check specializers: null when the
   * rule does not apply, else the specializers of still-unbound arguments, checked (as
   * the machine does, once bound) after the body.
   */
  private head(
    rule: Rule,
    args: readonly unknown[],
    ctx: Ctx,
  ): Deferred[] | null | Promise<Deferred[] | null> {
    const deferred: Deferred[] = [];
    for (let i = 0; i < rule.params.length; i++) {
      const ok = this.param(rule.params[i]!, args[i], ctx, deferred);
      if (ok === false) return null;
      if (ok !== true) {
        return (async () => {
          if (!(await ok)) return null;
          for (let j = i + 1; j < rule.params.length; j++) {
            if (!(await this.param(rule.params[j]!, args[j], ctx, deferred))) return null;
          }
          return deferred;
        })();
      }
    }
    return deferred;
  }

  private param(p: Parameter, arg: unknown, ctx: Ctx, deferred: Deferred[]): boolean | Promise<boolean> {
    const v = this.val(p.parameter, ctx);
    if (v instanceof Pending) return v.p.then((param) => this.paramWith(p, param, arg, ctx, deferred));
    return this.paramWith(p, v, arg, ctx, deferred);
  }

  private paramWith(
    p: Parameter,
    param: unknown,
    arg: unknown,
    ctx: Ctx,
    deferred: Deferred[],
  ): boolean | Promise<boolean> {
    if (!this.unify(param, arg, p.parameter)) return false;
    if (!p.specializer) return true;
    if (pderef(param) instanceof PVar) {
      deferred.push({ value: param, pattern: p.specializer, term: p.parameter });
      return true;
    }
    return this.matches(param, p.specializer, ctx, p.parameter);
  }

  private async deferredHold(deferred: readonly Deferred[], ctx: Ctx): Promise<boolean> {
    for (const d of deferred) if (!(await this.matches(d.value, d.pattern, ctx, d.term))) return false;
    return true;
  }

  // ---- recursion over a relation of a type to itself ----

  /** A call that repeats a pending one on a row one self-relation step away needs a closure. */
  private recursion(name: string, args: readonly unknown[]): NeedClosure | null {
    for (let p = 0; p < args.length; p++) {
      const row = args[p];
      if (!(row instanceof SymRow) || row.from === null || row.from.row.typeName !== row.typeName) continue;
      for (let s = this.stack.length - 1; s >= 0; s--) {
        const e = this.stack[s]!;
        if (e.name !== name || e.args.length !== args.length || pderef(e.args[p]) !== row.from.row) continue;
        if (args.every((a, i) => i === p || this.sameArg(a, e.args[i]))) {
          return new NeedClosure(e, p, row.from.field);
        }
      }
    }
    return null;
  }

  private sameArg(a: unknown, b: unknown): boolean {
    a = pderef(a);
    b = pderef(b);
    if (a === b) return true;
    if (a instanceof PVar || b instanceof PVar || containsSymbolic(a) || containsSymbolic(b)) return false;
    return sameKnown(a, b, this.env.host);
  }

  private isIntercepted(name: string, args: readonly unknown[]): boolean {
    const ic = this.intercept!;
    if (name !== ic.name || args.length !== ic.args.length) return false;
    const row = args[ic.position];
    if (!(row instanceof SymRow) || row.from?.row !== this.root) return false;
    const rel = this.env.types.byName.get(this.root.typeName)?.fields.get(row.from.field);
    if (!(rel instanceof Relation) || rel.otherType !== this.root.typeName) return false;
    if (!args.every((a, i) => i === ic.position || this.sameArg(a, ic.args[i]))) return false;
    if (this.recursedField !== null && this.recursedField !== row.from.field) {
      throw polarError(
        "unsupported_in_filter",
        `A rule recursing over two relations of ${this.root.typeName} to itself (${this.recursedField} and ${row.from.field}) has no query equivalent`,
      );
    }
    this.recursedField = row.from.field;
    return true;
  }

  /**
   * `name(args)` holds of row R when it holds of R's base rows (the rule without its
   * recursive case), or of R.field: R reaches a base row through `field`, zero or more
   * times. The base is evaluated as a filter of its own.
   */
  private async *closure(entry: CallEntry, need: NeedClosure, t: Term | null): AsyncGenerator<void> {
    const row = pderef(entry.args[need.position]) as SymRow;
    for (let i = 0; i < entry.args.length; i++) {
      const a = pderef(entry.args[i]);
      if (i !== need.position && (a instanceof PVar || containsSymbolic(a))) {
        const where = t
          ? this.unsupported(t, "A recursive rule over a self-relation with other unknown arguments")
          : null;
        throw (
          where ??
          polarError(
            "unsupported_in_filter",
            "A recursive rule over a self-relation with other unknown arguments has no query equivalent",
          )
        );
      }
    }
    const sub = new PartialEvaluator(
      this.env,
      row.typeName,
      { name: entry.name, args: entry.args.map(pderef), position: need.position },
      this.deadline,
    );
    const args = entry.args.map((a, i) => (i === need.position ? sub.root : pderef(a)));
    const base = await sub.residual(entry.name, args);
    const field = sub.recursedField ?? need.field;
    const m = this.mark();
    this.addCond({ kind: "closure", row, field, base: toFilter(base, this.env.types) });
    yield;
    this.undo(m);
  }
}

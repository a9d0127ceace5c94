/**
 * The partial evaluator's goals and their sequencing: conjunction, disjunction, `not` and
 * `forall` (expanded into negated residual comparisons), `cut`, unification, comparison
 * and membership. Membership in a "many" relation of the resource, or with an adapter that
 * takes subqueries of a known object, binds a symbolic row instead of scanning rows.
 * @module
 */

import { isThenable } from "../engine/host-port.js";
import { CMP_OPS } from "../engine/operators.js";
import { Dict, dictKeys } from "../engine/terms.js";
import { polarError } from "../errors.js";
import type { Term } from "../syntax/ast.js";
import { PartialPatterns } from "./partial-patterns.js";
import { Choice } from "./partial-roles.js";
import { type Ctx, RECURSE } from "./partial-state.js";
import { Pending, PList, PVar, pderef, scanTest, toAsync } from "./partial-terms.js";
import { isSymbolic, negate, type ResidualComparison, SymColumn, SymMany, type SymRow } from "./residual.js";

/** The most alternatives one `not` may expand into. */
const MAX_NEGATION_BRANCHES = 256;

export abstract class PartialGoals extends PartialPatterns {
  /** The proofs of rule `name` called with `args` (`t` the call, for error positions). */
  protected abstract callRule(name: string, args: readonly unknown[], t: Term | null): AsyncGenerator<void>;

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
          yield* this.callRule(t.name, args, t);
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
        const cmp = CMP_OPS[t.op];
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
  protected async *seq(goals: readonly Term[], i: number, ctx: Ctx): AsyncGenerator<void> {
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
      const cmp = g.op === "unify" || g.op === "assign" ? -1 : CMP_OPS[g.op];
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
      proofs = this.callRule(g.name, args, g);
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
      yield* this.element(item, this.manyRow(coll), t, then);
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
        yield* this.element(item, e, t, then);
        if (ctx.act.cut) return;
      }
      return;
    }
    const it = this.env.host.iterate(coll);
    for await (const e of { [Symbol.asyncIterator]: () => toAsync(it) }) {
      this.tick();
      if (keep !== null && !keep(e)) continue;
      yield* this.element(item, e, t, then);
      if (ctx.act.cut) return;
    }
  }

  /** One element of a membership: `item` unified with it, then the rest (`then`), undone after. */
  private async *element(
    item: unknown,
    e: unknown,
    t: Term,
    then: (() => AsyncGenerator<void>) | null,
  ): AsyncGenerator<void> {
    const m = this.mark();
    if (this.unify(item, e, t)) {
      if (then === null) yield;
      else yield* then();
    }
    this.undo(m);
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
}

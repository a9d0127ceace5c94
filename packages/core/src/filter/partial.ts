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
 *
 * The evaluator is built in layers, one concept each: the search state
 * (`partial-state.ts`), values and host calls (`partial-values.ts`), unification and
 * comparison (`partial-unify.ts`), patterns (`partial-patterns.ts`), goals
 * (`partial-goals.ts`); this module adds rule calls and recursion over a self-relation.
 * @module
 */

import { polarError } from "../errors.js";
import type { Parameter, Rule, Term } from "../syntax/ast.js";
import { PartialGoals } from "./partial-goals.js";
import {
  type Activation,
  type CallEntry,
  type Cond,
  type Ctx,
  type PartialEnv,
  RECURSE,
} from "./partial-state.js";
import { containsSymbolic, Pending, PVar, pderef, sameKnown } from "./partial-terms.js";
import type { Residual, ResidualCondition } from "./residual.js";
import { SymRow } from "./residual.js";
import { toFilter } from "./to-filter.js";
import { Relation } from "./types.js";

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

/** Evaluates a rule with the resource symbolic: see the module documentation. */
export class PartialEvaluator extends PartialGoals {
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
    for await (const _ of this.callRule(name, args, null)) {
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

  // ---- rule calls ----

  protected override async *callRule(
    name: string,
    rawArgs: readonly unknown[],
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

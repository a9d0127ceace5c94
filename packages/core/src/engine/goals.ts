/**
 * Goals: the instructions of the machine, and continuations (what is left to prove).
 *
 * Every goal is the same class with generic operand fields, whose meaning depends on `op`
 * (listed below). One shape keeps the machine's dispatch monomorphic, which matters on a
 * path that runs a few dozen goals per authorization decision.
 * @module
 */
import type { Term } from "../syntax/ast.js";
import type { Frame } from "./templates.js";

// Operand meaning per op (templates are built against the current frame):
/** a: Goal[] proven left to right. */
export const G_AND = 1;
/** b: the alternatives (each a one-goal conjunction), tried left to right. */
export const G_OR = 2;
/** a: Goal; succeeds when `a` has no solution. */
export const G_NOT = 3;
/** a: rule name, b: argument templates, c: cached generic rule, d: cache version. */
export const G_CALL = 4;
/** a, b: templates to unify. */
export const G_UNIFY = 5;
/** a: Slot, b: template; binds an unbound variable or errors. */
export const G_ASSIGN = 6;
/** a, b: templates, c: comparison operator. */
export const G_CMP = 7;
/** a, b: templates, c: result template, d: arithmetic operator. */
export const G_ARITH = 8;
/** a: receiver, b: field name or key template, c: argument templates or null (field), d: result template or null (test the result as a condition). */
export const G_DOT = 9;
/** a: template tested as a condition (true succeeds, false fails, unbound binds true). */
export const G_TRUTHY = 10;
/** a: item, b: collection. */
export const G_IN = 11;
/** a: value, b: pattern template. */
export const G_ISA = 12;
/** a: class name, b: argument templates, c: result template, d: keyword argument names or null. */
export const G_NEW = 13;
/** Commit to the choices made since the enclosing rule was entered. */
export const G_CUT = 14;
/** a: templates to print. */
export const G_PRINT = 15;
/** Always succeeds (the `debug()` hook, `true`). */
export const G_TRUE = 16;
/** Always fails. */
export const G_FAIL = 17;
// Goals the machine creates while running:
/** a: compiled rule, b: argument terms, c: true when the rule passed the applicability filter; enter one alternative of a call. */
export const G_ENTER = 20;
/** a: choice-stack index of a `not`; reached when the negated goal succeeded. */
export const G_NOT_PROVED = 21;
/** a: iteration choice; fetch the next element of a host iterator. */
export const G_ITER_NEXT = 22;
/** Reached after a traced rule's body (see trace-hook.ts): the rule in this frame succeeded. */
export const G_TRACE_EXIT = 23;

/** A machine instruction. */
export class Goal {
  constructor(
    readonly op: number,
    readonly a: unknown = null,
    readonly b: unknown = null,
    public c: unknown = null,
    public d: unknown = null,
    /** The policy text the goal came from, for error messages and traces. */
    readonly node: Term | null = null,
  ) {}
}

/**
 * What remains to prove: goals `goals[i..]` in `frame`, then `next`.
 * Continuations are immutable and shared by choice points (a backtrack resumes one as it
 * was), so advancing allocates a new node instead of bumping `i`.
 */
export class Cont {
  constructor(
    readonly goals: readonly Goal[],
    readonly i: number,
    readonly frame: Frame,
    /** Choice-stack height when the enclosing rule was entered: where `cut` cuts back to. */
    readonly barrier: number,
    readonly next: Cont | null,
    /** Number of rule activations still pending below this point (the "goal stack" depth). */
    readonly depth: number,
  ) {}
}

export const TRUE_GOAL = new Goal(G_TRUE);
export const FAIL_GOAL = new Goal(G_FAIL);

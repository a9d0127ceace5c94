/**
 * Choice points, and the result codes goal handlers return.
 * @module
 */
import type { Cont, Goal } from "./goals.js";
import type { Scan } from "./scan.js";
import type { Frame } from "./templates.js";

/** A goal failed: backtrack. */
export const FAIL = 0;
/** A goal succeeded: continue. */
export const OK = 1;
/** A goal waits for a Promise: the machine returns to its driver. */
export const PENDING = 2;

/** Alternatives are goals (the branches of an `or`). */
export const CH_GOALS = 1;
/** Alternatives are the remaining applicable rules of a call. */
export const CH_RULES = 2;
/** Alternatives are the remaining elements of a list (`x in list`). */
export const CH_LIST = 3;
/** Alternatives come from a host iterator, one element per backtrack. */
export const CH_ITER = 4;
/** The negated goal of a `not`: backtracking here means it had no solution, so `not` succeeds. */
export const CH_NOT = 5;

/** The initial `alts` and `frame` of a choice, shared: every kind but one replaces them. */
const NONE: readonly unknown[] = Object.freeze([]);

/**
 * A choice point: where to resume, what to undo, and what is left to try.
 * One class for every kind (fields unused by a kind stay null) keeps backtracking monomorphic.
 */
export class Choice {
  /** CH_GOALS: Goal[][] (each a one-goal conjunction); CH_RULES: CompiledRule[]; CH_LIST: the list. */
  alts: readonly unknown[] = NONE;
  /** Next alternative to try. */
  idx = 0;
  /** CH_RULES: the call's arguments; CH_LIST / CH_ITER: the item to unify with each element. */
  item: unknown = null;
  /** CH_GOALS: the frame the alternatives run in. */
  frame: Frame = NONE as Frame;
  /** CH_ITER: the iterator, and the goal that fetches its next element. */
  iter: Iterator<unknown> | AsyncIterator<unknown> | null = null;
  nextGoal: Goal | null = null;
  /** CH_LIST: the continuation after the goal run inline as a filter (computed once). */
  afterFilter: Cont | null | undefined = undefined;
  /** CH_LIST: pre-checks of the goals after the `in` (see scan.ts); undefined until planned. */
  scan: Scan | null | undefined = undefined;
  /** CH_LIST: the pre-checked values of the current element. */
  results: unknown[] | null = null;
  /** CH_RULES: the rules passed the applicability filter (class specializers hold). */
  checked = false;

  constructor(
    readonly kind: number,
    /** Trail length to undo to. */
    readonly trail: number,
    /** The continuation after the goal that made the choice. */
    readonly cont: Cont | null,
    /** Cut barrier for alternatives that are rule bodies or branches. */
    readonly barrier: number,
    readonly depth: number,
  ) {}
}

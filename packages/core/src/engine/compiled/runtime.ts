/**
 * The compiled tier's runtime: what every compiled operation shares while one decision runs.
 *
 * The tier runs rules as JavaScript closures in continuation-passing style: an operation
 * gets the activation's slots (`env`, the rule's frame) and the activation's exit, does its
 * work and calls the next operation; it returns true as soon as the whole query has a
 * solution (the first one is all a decision needs), false to backtrack. A binding an
 * operation makes is undone when the rest of the conjunction fails, so the slots always
 * hold what the current path bound. Slots hold finished values (never logic variables)
 * or {@link HOLE} when unbound.
 *
 * INVARIANT: the tier never runs application code that the interpreter would run as a
 * call: before a method call, a Promise, an unbound value it cannot handle, or a limit,
 * it throws {@link BAIL} and the interpreter decides from the start. What it may run is
 * what the interpreter's fast paths may run more often than the ordinary path: getters and
 * proxies on field reads, and the host's equality and class checks (presumed pure).
 * @module
 */

import { Bindings } from "../bindings.js";
import type { CompiledRule } from "../compile.js";
import type { HostPort } from "../host-port.js";
import type { KnowledgeBase } from "../kb.js";
import type { Limits } from "../limits.js";
import type { IndexOwner } from "../list-index.js";
import { HOLE } from "../templates.js";

export { HOLE };

/** One rule activation's slots: finished values, or {@link HOLE} while unbound. */
export type Env = unknown[];

/**
 * How a rule activation ends: called with the rule's frame and its head parameters when
 * its body succeeded; continues the caller (true: the query has a solution).
 */
export type Exit = (frame: Env, params: readonly unknown[]) => boolean;

/** A compiled goal followed by the rest of its conjunction. */
export type Op = (env: Env, exit: Exit) => boolean;

/** A compiled rule: enter it with argument values (HOLE for an output) and an exit. */
export type Proc = (args: readonly unknown[], exit: Exit) => boolean;

/** Thrown to hand the decision to the interpreter (see the module notes). */
export const BAIL: unique symbol = Symbol("oso-ts compiled tier: bail out");

/** Give up on this decision: the interpreter takes it from the start. */
export function bail(): never {
  throw BAIL;
}

/**
 * Nesting deeper than this (the JavaScript stack of a continuation-passing proof) bails:
 * the interpreter has no stack to overflow and its own `maxDepth` error.
 */
const MAX_NESTING = 400;

/**
 * Steps between two reads of the clock (see {@link Runtime.tick}). The interpreter reads
 * it every 1,024 of its steps, and counts at least as many as the tier: a quarter of that
 * catches a long proof about when the interpreter would, and a decision of fewer steps
 * (most of them) never reads the clock.
 */
const CLOCK_EVERY = 256;

/** State shared by a tier's compiled operations. Decisions are synchronous; nested ones save and restore it. */
export class Runtime {
  /** Never bound: unification of finished values needs a trail only for its signature. */
  readonly bindings = new Bindings();
  /** Compiled rules of the current load. */
  readonly procs = new Map<CompiledRule, Proc>();
  /** Goals run in this decision (bails past a share of `maxSteps`, see {@link tick}). */
  steps = 0;
  stepBudget = 0;
  /** The step count at which {@link checkpoint} runs next (the budget, the clock). */
  private nextCheck = 0;
  /**
   * Choice points the interpreter may hold at this point of the proof: the rule calls of
   * several candidates, `in` loops, `or`s of several branches and `not`s still on the
   * JavaScript stack. The interpreter drops one before its last alternative and the tier
   * only when the operation returns, so this is never fewer than the interpreter's count
   * (see {@link choice}).
   */
  choices = 0;
  /** Rule activations still on the JavaScript stack. */
  depth = 0;
  maxDepth = 0;
  maxChoices = 0;
  /**
   * The query's timeout (0: none), counted from the first read of the clock: before the
   * first application code that may be slow (a getter, see {@link startClock}), or at the
   * first {@link checkpoint}, whichever comes first. A decision on own fields that takes
   * fewer than {@link CLOCK_EVERY} steps never reads the clock.
   */
  private timeout = 0;
  /** Whether decisions have a timeout (a field read by a getter then reads the clock). */
  timed = false;
  private deadline = 0;
  /** The limits of the decision running (read per decision: options may change). */
  limits: Limits;

  constructor(
    readonly kb: KnowledgeBase,
    readonly host: HostPort,
    limits: Limits,
  ) {
    this.limits = limits;
    this.budgets(limits);
  }

  private probeKey: object | null = null;
  private probe: ReturnType<HostPort["equalityProbe"]> = null;

  /** The host's equality probe of `key`, remembered for one key at a time, within one decision. */
  probeOf(key: object): ReturnType<HostPort["equalityProbe"]> {
    if (key !== this.probeKey) {
      this.probeKey = key;
      this.probe = this.host.equalityProbe(key);
    }
    return this.probe;
  }

  /** Start counting for a decision under `limits`. */
  reset(limits: Limits): void {
    if (limits !== this.limits) {
      this.limits = limits;
      this.budgets(limits);
    }
    this.steps = 0;
    this.nextCheck = Math.min(CLOCK_EVERY, this.stepBudget + 1);
    this.choices = 0;
    this.depth = 0;
    this.deadline = 0;
  }

  /**
   * Start the decision's clock, if it has not started: called before application code
   * that may be slow runs (a getter), so that the time it takes counts, as it does for the
   * interpreter, whose clock starts with the query.
   */
  startClock(): void {
    if (this.timeout !== 0 && this.deadline === 0) this.deadline = Date.now() + this.timeout;
  }

  /** Did the decision outlive its timeout? (Called after application code ran.) */
  expired(): boolean {
    if (this.timeout === 0) return false;
    const now = Date.now();
    if (this.deadline === 0) this.deadline = now + this.timeout;
    return now > this.deadline;
  }

  private budgets(limits: Limits): void {
    // The interpreter counts at least one step per goal and per element the tier counts,
    // usually more: a quarter of its limit leaves it the decisions near the limit.
    this.stepBudget = Math.floor(limits.maxSteps / 4);
    this.maxDepth = Math.min(limits.maxDepth, MAX_NESTING);
    this.maxChoices = limits.maxChoices;
    const timeout = limits.timeoutMs;
    this.timeout = timeout > 0 && Number.isFinite(timeout) ? timeout : 0;
    this.timed = this.timeout !== 0;
  }

  /** Forget the decision's application objects (an object must not outlive its decision: it may change). */
  release(): void {
    this.probeKey = null;
    this.probe = null;
    this.owner = null;
  }

  private owner: IndexOwner | null = null;

  /** The owner of this decision's list indexes (list-index.ts): made on first use, dropped with the decision. */
  indexOwner(): IndexOwner {
    this.owner ??= {
      limits: this.limits,
      host: this.host,
      // building an index ran no application code but getters: as after a getter
      checkDeadline: () => {
        if (this.expired()) bail();
      },
    };
    return this.owner;
  }

  /** Count one goal or element. */
  tick(): void {
    if (++this.steps >= this.nextCheck) this.checkpoint();
  }

  /** Count `n` elements at once (those a list index lets a loop skip: the interpreter counts them). */
  charge(n: number): void {
    this.steps += n;
    if (this.steps >= this.nextCheck) this.checkpoint();
  }

  /**
   * Every {@link CLOCK_EVERY} steps: past the step budget, or past the deadline (the
   * interpreter reads the clock every 1,024 steps, and would report the timeout), bail.
   */
  private checkpoint(): void {
    if (this.steps > this.stepBudget) bail();
    if (this.timed) {
      if (this.deadline === 0) this.startClock();
      else if (this.expired()) bail();
    }
    this.nextCheck = Math.min(this.steps + CLOCK_EVERY, this.stepBudget + 1);
  }

  /**
   * A choice point opens (the interpreter would push one here): past `maxChoices` the
   * interpreter reports "too many choices", so the tier bails. The operation that opened
   * it decrements {@link choices} when it returns.
   */
  choice(): void {
    if (++this.choices > this.maxChoices) bail();
  }

  /** Enter a rule activation. */
  enter(): void {
    if (++this.depth > this.maxDepth) bail();
  }
}

/**
 * The machine: depth-first proof search with chronological backtracking.
 *
 * State is a continuation (immutable linked goals, see goals.ts), a stack of choice points
 * and a trail of bindings. `run()` is synchronous: it returns at a solution, at the end,
 * or when a host call returned a Promise; the driver (query.ts) awaits it and calls
 * `resume`. So a decision whose host calls all return plain values runs in one `run()`
 * with no Promise, and the same machine serves the async and the sync API.
 *
 * Two kinds of waiting:
 * - a goal whose result arrives later (a lookup or method call, an async iterator) keeps
 *   a resume callback that finishes the goal with the value;
 * - a goal that needs a value in the middle of a synchronous check (a field named by a
 *   dict pattern, whose getter returned a Promise) throws {@link Suspend}: the machine
 *   undoes the goal, awaits the value, memoizes it and runs the goal again.
 * @module
 */
import { polarError } from "../errors.js";
import { Bindings } from "./bindings.js";
import { CH_GOALS, CH_ITER, CH_LIST, CH_NOT, CH_RULES, Choice, FAIL, OK, PENDING } from "./choices.js";
import type { CompiledRule } from "./compile.js";
import { Frozen } from "./frozen.js";
import { errorAt } from "./goal-error.js";
import {
  Cont,
  G_AND,
  G_ARITH,
  G_ASSIGN,
  G_CALL,
  G_CMP,
  G_CUT,
  G_DOT,
  G_ENTER,
  G_FAIL,
  G_IN,
  G_ISA,
  G_ITER_NEXT,
  G_NEW,
  G_NOT,
  G_NOT_PROVED,
  G_OR,
  G_PRINT,
  G_TRACE_EXIT,
  G_TRUE,
  G_TRUTHY,
  G_UNIFY,
  Goal,
} from "./goals.js";
import { type HostPort, isThenable } from "./host-port.js";
import { inGoal, iterateList, iterNext, nextElement } from "./iteration.js";
import type { KnowledgeBase } from "./kb.js";
import {
  hostValueTooLargeError,
  type Limits,
  raceDeadline,
  stepLimitError,
  timeoutError,
  tooManyChoicesError,
} from "./limits.js";
import { dotGoal, isOwnField, truthy } from "./lookups.js";
import { matches } from "./matching.js";
import { printValue } from "./print-value.js";
import { callRule, enterRule } from "./rules.js";
import { Suspend } from "./suspend.js";
import { build, type Frame } from "./templates.js";
import type { Var } from "./terms.js";
import type { Tracer } from "./trace-hook.js";
import { unify } from "./unify.js";
import { arithGoal, assignGoal, cmpGoal, newGoal } from "./value-goals.js";
import { enterClock, leaveClock, type WorkClock } from "./work-clock.js";

/** Read the clock about once per this many steps (a step is well under a microsecond). */
const TIME_CHECK_EVERY = 1024;
/** Trail entries kept while no choice point needs them (dropping them is not free either). */
const TRAIL_KEEP = 4096;

/** `run()` stopped at a solution. */
export const RUN_SOLUTION = 1;
/** `run()` found no more solutions. */
export const RUN_DONE = 2;
/** `run()` waits for `machine.pending`. */
export const RUN_PENDING = 3;

export class Machine {
  readonly bindings = new Bindings();
  readonly choices: Choice[] = [];
  cont: Cont | null = null;
  /** The Promise `run()` is waiting for, when it returned RUN_PENDING. */
  pending: PromiseLike<unknown> | null = null;
  /** Variables that got constraints (checked when a solution is reported); allocated on first use. */
  frozen: Set<Var> | null = null;
  /** Observer of the proof search (explain, coverage, `POLAR_LOG`); null: not traced. */
  tracer: Tracer | null = null;

  private steps = 0;
  /** The step count at which the clock is read next (see {@link tick}: steps come in bulk too). */
  private nextTimeCheck = TIME_CHECK_EVERY;
  private readonly started = Date.now();
  private onResume: ((value: unknown) => number) | null = null;
  private pendingGoal: Goal | null = null;
  private mustFail = false;
  private failure: { error: unknown } | null = null;
  /** Values of pattern fields that arrived as Promises, for the goal being replayed. */
  private memo: Map<unknown, Map<string, unknown>> | null = null;
  /** The goal being run (for error positions). */
  private current: Goal | null = null;
  private snapCont: Cont | null = null;
  private snapTrail = 0;
  private snapChoices = 0;

  constructor(
    readonly kb: KnowledgeBase,
    readonly host: HostPort,
    readonly limits: Limits,
  ) {
    const timeout = limits.timeoutMs;
    this.clock =
      timeout > 0 && Number.isFinite(timeout)
        ? { deadline: this.started + timeout, expired: () => timeoutError(this.limits, this.started) }
        : null;
  }

  /** Start proving `goals` in `frame`. */
  start(goals: readonly Goal[], frame: Frame): void {
    this.cont = goals.length === 0 ? null : new Cont(goals, 0, frame, 0, null, 0);
  }

  /** The deadline read inside long single steps (see work-clock.ts); null without a timeout. */
  private readonly clock: WorkClock | null;

  /** Run until a solution, the end, or a Promise to wait for. */
  run(): number {
    const previous = enterClock(this.clock);
    try {
      return this.runSteps();
    } finally {
      leaveClock(previous);
    }
  }

  /** `fn()` with this query's deadline enforced inside long term walks (reading a solution). */
  timed<T>(fn: () => T): T {
    const previous = enterClock(this.clock);
    try {
      return fn();
    } finally {
      leaveClock(previous);
    }
  }

  private runSteps(): number {
    if (this.failure !== null) {
      const { error } = this.failure;
      this.failure = null;
      throw this.decorate(error, this.pendingGoal);
    }
    if (this.mustFail) {
      this.mustFail = false;
      try {
        if (!this.backtrack()) return RUN_DONE;
      } catch (e) {
        throw this.decorate(e, this.current);
      }
      if (this.pending !== null) return RUN_PENDING;
    }
    const maxSteps = this.limits.maxSteps;
    try {
      for (;;) {
        const c = this.cont;
        if (c === null) return RUN_SOLUTION;
        if (++this.steps > maxSteps) throw stepLimitError(this.limits);
        if (this.steps >= this.nextTimeCheck) this.checkTime();
        const goal = c.goals[c.i]!;
        this.current = goal;
        this.cont =
          c.i + 1 < c.goals.length ? new Cont(c.goals, c.i + 1, c.frame, c.barrier, c.next, c.depth) : c.next;
        this.snapCont = c;
        const trail = this.bindings.trail;
        // With no choice point left nothing can be undone: a long deterministic run (a
        // recursion over a big list) must not keep every binding it ever made.
        if (this.choices.length === 0 && trail.length > TRAIL_KEEP) trail.length = 0;
        this.snapTrail = trail.length;
        this.snapChoices = this.choices.length;
        const r = this.step(goal, c);
        if (this.memo !== null && r !== PENDING) this.memo = null;
        if (r === OK) {
          if (this.bindings.woken !== null) this.wake();
        } else if (r === FAIL) {
          if (this.tracer !== null) this.tracer.fail(goal, c.frame);
          if (!this.backtrack()) return RUN_DONE;
          if (this.pending !== null) return RUN_PENDING;
        } else {
          return RUN_PENDING;
        }
      }
    } catch (e) {
      if (e instanceof Suspend) return this.replayAfter(e);
      throw this.decorate(e, this.current);
    }
  }

  /** Continue after the Promise `run()` waited for resolved with `value`. */
  resume(value: unknown): void {
    this.pending = null;
    const finish = this.onResume!;
    this.onResume = null;
    let r: number;
    try {
      r = finish(value);
    } catch (e) {
      this.failure = { error: e };
      return;
    }
    if (r === FAIL) {
      this.mustFail = true;
      // the goal that waited ran in the continuation of the last step
      if (this.tracer !== null && this.pendingGoal !== null && this.snapCont !== null)
        this.tracer.fail(this.pendingGoal, this.snapCont.frame);
    } else if (this.bindings.woken !== null) this.wake();
  }

  /** Continue after the Promise `run()` waited for rejected: the next `run()` throws. */
  resumeError(error: unknown): void {
    this.pending = null;
    this.onResume = null;
    this.failure = { error };
  }

  /** Abandon the query: close the host iterators its choice points still hold. */
  close(): void {
    this.cutTo(0);
  }

  /** Ask for the next solution: the next `run()` backtracks first. */
  retry(): void {
    this.mustFail = true;
  }

  /** Wait for `promise`, then finish the current goal with `finish(value)`. */
  suspendOn(promise: PromiseLike<unknown>, goal: Goal, finish: (value: unknown) => number): number {
    this.pending = promise;
    this.pendingGoal = goal;
    this.onResume = finish;
    return PENDING;
  }

  /** A pattern field: from the replay memo, or the host; a Promise suspends the goal. */
  patternField(receiver: unknown, name: string): unknown {
    const cached = this.memo?.get(receiver);
    if (cached?.has(name)) return cached.get(name);
    const v = this.host.patternField(receiver, name);
    if (isThenable(v)) throw new Suspend(v, receiver, name);
    return isOwnField(receiver, name) ? this.checkSize(v) : this.received(v);
  }

  /**
   * A value a host call handed back. The clock is read after every host call: a slow
   * synchronous one (a database driver that blocks) must not outlive the timeout by the
   * 1,024 steps between regular checks. And a string or list longer than the bound is an
   * error: a policy must not make host calls build values without bound.
   */
  received<T>(value: T): T {
    const timeout = this.limits.timeoutMs;
    if (timeout > 0 && Date.now() - this.started > timeout) throw timeoutError(this.limits, this.started);
    return this.checkSize(value);
  }

  /** {@link received} without the clock: for a value read from an own field (no code ran). */
  checkSize<T>(value: T): T {
    if ((typeof value === "string" || Array.isArray(value)) && value.length > this.limits.maxHostValueSize) {
      throw hostValueTooLargeError(this.limits, value.length);
    }
    return value;
  }

  /** Make `goal` wait until `v` is bound; the goal then runs with `frame`. */
  freeze(v: Var, goal: Goal, frame: Frame): number {
    this.bindings.addConstraints(v, [new Frozen(goal, frame, this.host)]);
    if (this.frozen === null) this.frozen = new Set();
    this.frozen.add(v);
    return OK;
  }

  pushChoice(ch: Choice): void {
    if (this.choices.length >= this.limits.maxChoices) throw tooManyChoicesError(this.limits);
    this.choices.push(ch);
  }

  /** Run one goal now (used by goals that expand into others). */
  runGoal(goal: Goal, c: Cont): number {
    return this.step(goal, c);
  }

  /** Count a goal run outside the main loop (inline filters) against the step limit. */
  tick(goal: Goal | null, steps = 1): void {
    this.current = goal;
    this.steps += steps;
    if (this.steps > this.limits.maxSteps) throw stepLimitError(this.limits);
    if (this.steps >= this.nextTimeCheck) this.checkTime();
  }

  /** Try `item` against each element of `list`. */
  iterateList(item: unknown, list: readonly unknown[]): number {
    return iterateList(this, item, list);
  }

  /** A value printed in Polar syntax, for messages. */
  print(v: unknown): string {
    return printValue(v, this.host.repr);
  }

  private step(goal: Goal, c: Cont): number {
    const frame = c.frame;
    switch (goal.op) {
      case G_CALL:
        return callRule(this, goal, c);
      case G_ENTER:
        if (this.tracer !== null) this.tracer.caller = frame;
        return enterRule(
          this,
          goal.a as CompiledRule,
          goal.b as unknown[],
          this.cont,
          c.barrier,
          goal.c === true,
        );
      case G_UNIFY:
        return unify(build(goal.a, frame), build(goal.b, frame), this.bindings, this.host) ? OK : FAIL;
      case G_DOT:
        return dotGoal(this, goal, c);
      case G_AND: {
        const goals = goal.a as Goal[];
        if (goals.length > 0) this.cont = new Cont(goals, 0, frame, c.barrier, this.cont, c.depth);
        return OK;
      }
      case G_OR:
        return this.or(goal, c);
      case G_NOT:
        return this.not(goal, c);
      case G_NOT_PROVED:
        return this.notProved(goal.a as number);
      case G_IN:
        return inGoal(this, goal, c);
      case G_ITER_NEXT:
        return iterNext(this, goal.a as Choice);
      case G_ISA:
        return matches(this, build(goal.a, frame), build(goal.b, frame)) ? OK : FAIL;
      case G_CMP:
        return cmpGoal(this, goal, frame);
      case G_ARITH:
        return arithGoal(this, goal, frame);
      case G_TRUTHY:
        return truthy(this, build(goal.a, frame));
      case G_CUT:
        this.cutTo(c.barrier);
        return OK;
      case G_ASSIGN:
        return assignGoal(this, goal, frame);
      case G_NEW:
        return newGoal(this, goal, frame);
      case G_PRINT:
        this.host.print((goal.a as unknown[]).map((t) => this.print(build(t, frame))).join(", "));
        return OK;
      case G_TRUE:
        return OK;
      case G_TRACE_EXIT:
        this.tracer?.exit(frame);
        return OK;
      case G_FAIL:
        return FAIL;
      default:
        throw polarError("invalid_state", `Invalid state: unknown goal ${goal.op}`);
    }
  }

  private or(goal: Goal, c: Cont): number {
    const wrapped = goal.b as readonly (readonly Goal[])[];
    const next = this.cont;
    if (wrapped.length > 1) {
      const ch = new Choice(CH_GOALS, this.bindings.trail.length, next, c.barrier, c.depth);
      ch.alts = wrapped;
      ch.idx = 1;
      ch.frame = c.frame;
      this.pushChoice(ch);
    }
    this.cont = new Cont(wrapped[0]!, 0, c.frame, c.barrier, next, c.depth);
    return OK;
  }

  private not(goal: Goal, c: Cont): number {
    const index = this.choices.length;
    this.pushChoice(new Choice(CH_NOT, this.bindings.trail.length, this.cont, 0, c.depth));
    // a cut inside the negated goal commits only within it
    this.cont = new Cont(
      [goal.a as Goal, new Goal(G_NOT_PROVED, index)],
      0,
      c.frame,
      index + 1,
      null,
      c.depth,
    );
    return OK;
  }

  /** The negated goal succeeded: drop everything since the `not` started, and fail. */
  private notProved(index: number): number {
    const ch = this.choices[index]!;
    this.cutTo(index);
    this.bindings.undo(ch.trail);
    return FAIL;
  }

  private cutTo(height: number): void {
    const choices = this.choices;
    for (let i = choices.length - 1; i >= height; i--) {
      const it = choices[i]!.iter;
      if (it !== null && typeof it.return === "function") {
        try {
          // an async iterator answers with a Promise: its rejection is nobody's to handle
          const closed = it.return();
          if (isThenable(closed)) Promise.resolve(closed).catch(() => {});
        } catch {
          // closing an abandoned iterator is best effort
        }
      }
    }
    if (choices.length > height) choices.length = height;
  }

  /** Schedule the constraints woken by the last bindings to run next. */
  private wake(): void {
    const woken = this.bindings.woken as Frozen[];
    this.bindings.woken = null;
    let cont = this.cont;
    const barrier = this.choices.length;
    for (let i = woken.length - 1; i >= 0; i--) {
      const f = woken[i]!;
      cont = new Cont(f.goals, 0, f.frame, barrier, cont, cont === null ? 0 : cont.depth);
    }
    this.cont = cont;
  }

  /** Resume the newest choice point with its next alternative; false when none is left. */
  private backtrack(): boolean {
    const choices = this.choices;
    const bindings = this.bindings;
    bindings.woken = null;
    while (choices.length > 0) {
      const ch = choices[choices.length - 1]!;
      bindings.undo(ch.trail);
      switch (ch.kind) {
        case CH_LIST: {
          const r = nextElement(this, ch);
          if (r === FAIL) continue;
          if (r === OK && bindings.woken !== null) this.wake();
          return true;
        }
        case CH_RULES: {
          const rule = ch.alts[ch.idx++] as CompiledRule;
          if (ch.idx >= ch.alts.length) choices.pop();
          this.cont = new Cont(
            [new Goal(G_ENTER, rule, ch.item, ch.checked)],
            0,
            ch.frame,
            ch.barrier,
            ch.cont,
            ch.depth,
          );
          return true;
        }
        case CH_GOALS: {
          const goals = ch.alts[ch.idx++] as Goal[];
          if (ch.idx >= ch.alts.length) choices.pop();
          this.cont = new Cont(goals, 0, ch.frame, ch.barrier, ch.cont, ch.depth);
          return true;
        }
        case CH_ITER:
          this.cont = new Cont([ch.nextGoal!], 0, ch.frame, ch.barrier, ch.cont, ch.depth);
          return true;
        case CH_NOT:
          // the negated goal has no (more) solutions: `not` succeeds
          choices.pop();
          this.cont = ch.cont;
          return true;
        default:
          choices.pop();
      }
    }
    return false;
  }

  private replayAfter(s: Suspend): number {
    this.bindings.undo(this.snapTrail);
    this.bindings.woken = null;
    this.cutTo(this.snapChoices);
    this.cont = this.snapCont;
    this.pending = s.promise;
    this.onResume = (value) => {
      this.memo ??= new Map();
      let fields = this.memo.get(s.receiver);
      if (!fields) {
        fields = new Map();
        this.memo.set(s.receiver, fields);
      }
      fields.set(s.name, this.received(value));
      return OK;
    };
    return RUN_PENDING;
  }

  private checkTime(): void {
    this.nextTimeCheck = this.steps + TIME_CHECK_EVERY;
    const timeout = this.limits.timeoutMs;
    if (timeout > 0 && Date.now() - this.started > timeout) throw timeoutError(this.limits, this.started);
  }

  /**
   * The value of `promise` (by default {@link pending}), but no later than the query's
   * deadline: a host Promise that never settles ends the query with `query_timeout`
   * instead of hanging it (and the request holding it) for good.
   */
  waitForHost(promise: PromiseLike<unknown> | null = this.pending): Promise<unknown> {
    return raceDeadline(promise, this.limits, this.started);
  }

  /** Check the wall clock now (the driver calls this after waiting for the host). */
  checkDeadline(): void {
    this.checkTime();
  }

  /** Give an error the position of the goal that raised it; wrap host exceptions. */
  private decorate(e: unknown, goal: Goal | null): unknown {
    if (this.tracer !== null) this.tracer.raise(goal, this.snapCont?.frame ?? null, e);
    return errorAt(e, goal?.node?.span);
  }
}

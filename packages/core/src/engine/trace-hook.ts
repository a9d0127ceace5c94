/**
 * The machine's tracing hook: what explaining, coverage and `POLAR_LOG` observe.
 *
 * The machine holds a nullable {@link Tracer} and checks it only where a rule is entered,
 * left or fails, where a goal fails or raises, and where a host value arrives. With no
 * tracer those checks are a null test each, so decisions cost what they did.
 *
 * Rule activations are identified by their frame (a fresh array per activation); the
 * tracer keys its records on it. When a tracer is attached the machine also keeps the
 * caller's frame on rule choice points, so an alternative rule tried on backtracking is
 * attributed to the same caller.
 * @module
 */
import type { CompiledRule } from "./compile.js";
import { G_TRACE_EXIT, Goal } from "./goals.js";
import type { Frame } from "./templates.js";

/** Observes one query's proof search. Every method must be cheap and must not throw. */
export interface Tracer {
  /** The frame of the goal calling the rule about to be entered (set by the machine). */
  caller: Frame;
  /** `rule` is entered with `args` in the new `frame` (its head not bound yet). */
  enter(rule: CompiledRule, args: readonly unknown[], frame: Frame): void;
  /** The head of the rule entered in `frame` did not match its arguments. */
  headFailed(frame: Frame): void;
  /** The body of the rule entered in `frame` succeeded. */
  exit(frame: Frame): void;
  /** `goal` failed, run in `frame`. */
  fail(goal: Goal, frame: Frame): void;
  /** `goal` (run in `frame`) raised `error`. */
  raise(goal: Goal | null, frame: Frame | null, error: unknown): void;
  /** The `.` goal `goal` (run in `frame`) got `value` from a lookup or call. */
  host(goal: Goal, frame: Frame, value: unknown): void;
}

/** The goal appended after a traced rule's body: reaching it means the body succeeded. */
export const TRACE_EXIT_GOAL = new Goal(G_TRACE_EXIT);

/**
 * Several tracers on one query (an explanation while coverage records, say).
 * @module
 */
import type { CompiledRule } from "../engine/compile.js";
import type { Goal } from "../engine/goals.js";
import type { Frame } from "../engine/templates.js";
import type { Tracer } from "../engine/trace-hook.js";

/** One tracer, or a fan-out over several; null for none. */
export function combineTracers(tracers: readonly Tracer[]): Tracer | null {
  if (tracers.length === 0) return null;
  if (tracers.length === 1) return tracers[0]!;
  return new FanOut(tracers);
}

class FanOut implements Tracer {
  constructor(private readonly all: readonly Tracer[]) {}
  set caller(frame: Frame) {
    for (const t of this.all) t.caller = frame;
  }
  get caller(): Frame {
    return this.all[0]!.caller;
  }
  enter(rule: CompiledRule, args: readonly unknown[], frame: Frame): void {
    for (const t of this.all) t.enter(rule, args, frame);
  }
  headFailed(frame: Frame): void {
    for (const t of this.all) t.headFailed(frame);
  }
  exit(frame: Frame): void {
    for (const t of this.all) t.exit(frame);
  }
  fail(goal: Goal, frame: Frame): void {
    for (const t of this.all) t.fail(goal, frame);
  }
  raise(goal: Goal | null, frame: Frame | null, error: unknown): void {
    for (const t of this.all) t.raise(goal, frame, error);
  }
  host(goal: Goal, frame: Frame, value: unknown): void {
    for (const t of this.all) t.host(goal, frame, value);
  }
}

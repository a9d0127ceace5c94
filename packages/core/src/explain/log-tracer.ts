/**
 * `POLAR_LOG`: every query's rules and host values, written line by line as the query runs
 * (a query may never finish, or be abandoned after its first solution, so nothing waits
 * for its end).
 * @module
 */
import type { CompiledRule } from "../engine/compile.js";
import type { Goal } from "../engine/goals.js";
import type { Frame } from "../engine/templates.js";
import type { Tracer } from "../engine/trace-hook.js";
import {
  BUILT_IN_ROLES_FILE,
  formatLocation,
  isBuiltInRolesRule,
  locationOf,
  ruleText,
  textOf,
} from "./locations.js";
import { shortValue } from "./short-value.js";

/** Where log lines go. */
export type LogSink = (line: string) => void;

export class LogTracer implements Tracer {
  caller: Frame = [];
  private readonly depths = new WeakMap<Frame, number>();
  /** Built-in roles entries (the first generated rule the policy called). */
  private readonly builtIn = new WeakSet<Frame>();
  /**
   * Generated rules inside a built-in roles entry and the `__oso_*` helpers: not logged
   * (what they call is, at the entry's depth), so the log names the policy's rules.
   */
  private readonly hidden = new WeakSet<Frame>();

  constructor(
    private readonly sink: LogSink,
    private readonly print: (v: unknown) => string,
  ) {}

  private depthOf(frame: Frame | null): number {
    return frame === null ? 0 : (this.depths.get(frame) ?? 0);
  }

  private line(depth: number, text: string): void {
    try {
      this.sink(`[polar] ${"  ".repeat(depth)}${text}`);
    } catch {
      // a logger that throws must not change the decision
    }
  }

  private show(v: unknown): string {
    return shortValue(this.print, v);
  }

  /** The query being started. */
  query(text: string): void {
    this.line(0, `QUERY: ${text}`);
  }

  enter(rule: CompiledRule, args: readonly unknown[], frame: Frame): void {
    if (isBuiltInRolesRule(rule)) {
      const inside = this.builtIn.has(this.caller) || this.hidden.has(this.caller);
      if (inside || rule.name.startsWith("__oso_")) {
        this.depths.set(frame, this.depthOf(this.caller));
        this.hidden.add(frame);
        return;
      }
      this.builtIn.add(frame);
    }
    const depth = this.depthOf(this.caller) + 1;
    this.depths.set(frame, depth);
    this.line(
      depth,
      `try ${ruleText(rule)} at ${formatLocation(locationOf(rule.ast?.span))} with (${args.map((a) => this.show(a)).join(", ")})`,
    );
  }

  headFailed(frame: Frame): void {
    if (this.hidden.has(frame)) return;
    this.line(this.depthOf(frame), "failed: the arguments do not match the rule's parameters");
  }

  exit(frame: Frame): void {
    if (this.hidden.has(frame)) return;
    this.line(this.depthOf(frame), "matched");
  }

  fail(goal: Goal, frame: Frame): void {
    const span = goal.node?.span;
    if (span === undefined || span.source.filename === BUILT_IN_ROLES_FILE) return;
    this.line(
      this.depthOf(frame),
      `failed at \`${textOf(span)}\` (${formatLocation(locationOf(span), true)})`,
    );
  }

  raise(_goal: Goal | null, frame: Frame | null, error: unknown): void {
    this.line(this.depthOf(frame), `raised: ${error instanceof Error ? error.message : String(error)}`);
  }

  host(goal: Goal, frame: Frame, value: unknown): void {
    // the built-in roles' own helpers' values are internals, not the application's
    if (goal.node === null || goal.node.span.source.filename === BUILT_IN_ROLES_FILE) return;
    this.line(this.depthOf(frame) + 1, `${textOf(goal.node.span)} = ${this.show(value)}`);
  }
}

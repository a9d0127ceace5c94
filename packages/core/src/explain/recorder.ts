/**
 * The tracer behind `explain`: records the proof search as a tree of rule activations.
 *
 * Invariants: a node's outcome is "matched" once its body succeeded at least once (a later
 * retry that fails does not undo that), "raised" when an error ended it, else "failed"; the
 * tree never holds more than `maxNodes` entries (activations beyond that are dropped along
 * with everything inside them, and `truncated` is set). Recording never binds, never
 * calls the application (printing reads fields, as error messages do) and never throws
 * into the machine.
 * @module
 */
import type { CompiledRule } from "../engine/compile.js";
import { G_DOT, type Goal } from "../engine/goals.js";
import { LIBRARY_HELPER } from "../engine/host-port.js";
import { build, type Frame } from "../engine/templates.js";
import { deref } from "../engine/terms.js";
import type { Tracer } from "../engine/trace-hook.js";
import { isBuiltInRolesRule, locationOf, ruleText, textOf } from "./locations.js";
import { shortValue } from "./short-value.js";
import type { HostTrace, RuleTrace, TraceEntry, TraceLocation, TraceOutcome } from "./types.js";

/** Default bound on a trace's entries. */
export const DEFAULT_MAX_NODES = 2000;

interface MutableRule {
  kind: "rule";
  name: string;
  text: string;
  location: TraceLocation | null;
  args: string[];
  outcome: TraceOutcome | "pending";
  failedAt?: { condition: string; location: TraceLocation | null };
  error?: string;
  children: (MutableRule | HostTrace)[];
  parent: MutableRule | null;
  rule: CompiledRule | null;
  /** The entry standing for the built-in roles' generated rules. */
  builtIn?: true;
}

/** Shows the library's generated rules in the policy's terms (the built-in roles). */
export interface HostNoter {
  /** A host result of the library's own helpers as a statement; undefined: not shown. */
  note(receiver: unknown, method: string, args: readonly unknown[], result: unknown): string | undefined;
  /**
   * The entry for a built-in roles rule the policy called with `args`: its text, the
   * place it is configured, and the failure to report if it does not match.
   */
  entry(args: readonly unknown[]): { text: string; location: TraceLocation | null; failure: string };
}

export class TraceRecorder implements Tracer {
  caller: Frame = [];
  truncated = false;
  private count = 0;
  private readonly root: MutableRule;
  private readonly nodes = new WeakMap<Frame, MutableRule>();
  /** The frames of activations dropped at the bound: their events are ignored. */
  private readonly dropped = new WeakSet<Frame>();
  /**
   * The frames of generated rules shown through the entry that called them (the built-in
   * roles' inner rules and `__oso_*` helpers): what they call and read goes to that entry,
   * their own failures are not shown (the entry states its own).
   */
  private readonly transparent = new WeakMap<Frame, MutableRule>();

  constructor(
    private readonly print: (v: unknown) => string,
    private readonly maxNodes: number = DEFAULT_MAX_NODES,
    private readonly note: HostNoter | null = null,
  ) {
    this.root = {
      kind: "rule",
      name: "",
      text: "",
      location: null,
      args: [],
      outcome: "pending",
      children: [],
      parent: null,
      rule: null,
    };
  }

  /** The entries recorded under the query (a copy, with outcomes settled). */
  entries(): TraceEntry[] {
    return this.root.children.map(settle);
  }

  private nodeOf(frame: Frame | null): MutableRule | null {
    if (frame === null) return this.root;
    if (this.dropped.has(frame)) return null;
    const shownBy = this.transparent.get(frame);
    if (shownBy !== undefined) return shownBy;
    return this.nodes.get(frame) ?? this.root;
  }

  private room(): boolean {
    if (this.count >= this.maxNodes) {
      this.truncated = true;
      return false;
    }
    this.count++;
    return true;
  }

  private show(v: unknown): string {
    return shortValue(this.print, v);
  }

  enter(rule: CompiledRule, args: readonly unknown[], frame: Frame): void {
    const parent = this.nodeOf(this.caller);
    if (parent === null || !this.room()) {
      this.dropped.add(frame);
      return;
    }
    const builtIn = this.note !== null && isBuiltInRolesRule(rule);
    if (builtIn && (parent.builtIn === true || rule.name.startsWith("__oso_"))) {
      this.count--;
      this.transparent.set(frame, parent);
      return;
    }
    const node: MutableRule = {
      kind: "rule",
      name: rule.name,
      text: ruleText(rule),
      location: locationOf(rule.ast?.span),
      args: args.map((a) => this.show(a)),
      outcome: "pending",
      children: [],
      parent,
      rule,
    };
    if (builtIn) {
      try {
        const shown = this.note!.entry(args);
        node.text = shown.text;
        node.location = shown.location;
        node.failedAt = { condition: shown.failure, location: null };
        node.builtIn = true;
      } catch {
        // shown as the generated rule it is
      }
    }
    parent.children.push(node);
    this.nodes.set(frame, node);
  }

  headFailed(frame: Frame): void {
    const node = this.nodes.get(frame);
    if (node === undefined) return;
    const head = node.rule?.ast?.headSpan;
    node.outcome = "failed";
    node.failedAt = {
      condition: "the arguments do not match the rule's parameters",
      location: locationOf(head),
    };
  }

  exit(frame: Frame): void {
    const node = this.nodes.get(frame);
    if (node !== undefined) node.outcome = "matched";
  }

  fail(goal: Goal, frame: Frame): void {
    const node = this.nodeOf(frame);
    const span = goal.node?.span;
    if (node === null || span === undefined || node.outcome === "matched" || node.builtIn) return;
    // a lookup whose value is compared in place (`x = user.name` compiles to one goal)
    const condition =
      goal.op === G_DOT && goal.d !== null ? `${textOf(span)} (its value did not match)` : textOf(span);
    node.failedAt = { condition, location: locationOf(span) };
  }

  raise(goal: Goal | null, frame: Frame | null, error: unknown): void {
    let node = this.nodeOf(frame);
    if (node === null) return;
    const message = error instanceof Error ? error.message : String(error);
    const span = goal?.node?.span;
    if (span !== undefined && node !== this.root && node.builtIn !== true)
      node.failedAt = { condition: textOf(span), location: locationOf(span) };
    // the error ends every activation still open above it
    for (; node !== null && node !== this.root; node = node.parent) {
      if (node.outcome === "matched") continue;
      node.outcome = "raised";
      node.error ??= message;
    }
  }

  host(goal: Goal, frame: Frame, value: unknown): void {
    const node = this.nodeOf(frame);
    if (node === null || goal.node === null || !this.room()) return;
    const argTemplates = goal.c as readonly unknown[] | null;
    let args: unknown[] = [];
    let note: string | undefined;
    try {
      args = argTemplates === null ? [] : argTemplates.map((t) => deref(build(t, frame)));
      const receiver = deref(build(goal.a, frame));
      if (this.note !== null && argTemplates !== null && typeof goal.b === "string") {
        note = this.note.note(receiver, goal.b, args, value);
      }
      // the library's own helpers (the built-in roles) are shown only where they say
      // something in the policy's terms
      if (note === undefined && isLibraryHelper(receiver)) {
        this.count--;
        return;
      }
    } catch {
      // a template that cannot be rebuilt now is left unprinted
    }
    const entry: HostTrace = {
      kind: "host",
      expression: textOf(goal.node.span),
      args: args.map((a) => this.show(a)),
      result: this.show(value),
      location: locationOf(goal.node.span),
      ...(note === undefined ? {} : { note }),
    };
    node.children.push(entry);
  }
}

function settle(e: MutableRule | HostTrace): TraceEntry {
  if (e.kind === "host") return e;
  // failed with no condition of its own failing last: the rules it called all failed
  if (e.outcome === "pending" && e.failedAt === undefined) {
    const last = e.children.findLast((c): c is MutableRule => c.kind === "rule");
    if (last !== undefined)
      e.failedAt = { condition: `no ${last.name} rule it called matched`, location: null };
  }
  const out: RuleTrace = {
    kind: "rule",
    name: e.name,
    text: e.text,
    location: e.location,
    args: e.args,
    outcome: e.outcome === "pending" ? "failed" : e.outcome,
    ...(e.outcome !== "matched" && e.failedAt !== undefined ? { failedAt: e.failedAt } : {}),
    ...(e.outcome === "raised" && e.error !== undefined ? { error: e.error } : {}),
    children: e.children.map(settle),
  };
  return out;
}

function isLibraryHelper(v: unknown): boolean {
  return (
    typeof v === "object" && v !== null && (v as { [LIBRARY_HELPER]?: unknown })[LIBRARY_HELPER] === true
  );
}

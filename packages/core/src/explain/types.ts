/**
 * The data of an explanation: a tree of the rules a query tried, with where each is in the
 * policy, what it was tried with and how it ended, and the host values it read.
 * @module
 */
import type { PolarError } from "../errors.js";

/** A position in a policy file (1-based line and column). */
export interface TraceLocation {
  /** The file name given when the policy was loaded (`<string>` for unnamed text). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** How a rule ended: its body succeeded, it failed, or it raised an error. */
export type TraceOutcome = "matched" | "failed" | "raised";

/** One rule tried by the query. */
export interface RuleTrace {
  readonly kind: "rule";
  /** The rule's name (`allow`, `has_permission`). */
  readonly name: string;
  /**
   * The rule as the policy states it: its head (`allow(actor, action, resource)`), or for
   * a rule a resource block generated, the block's line with the block named
   * (`"read" if "reader" (resource Repo)`), or for the built-in roles
   * `built-in roles of Page ("page")` (their generated rules are not shown; the entry's
   * location is the type's `resource(...)` rule).
   */
  readonly text: string;
  /** Where the rule is; null for rules the library generated without a source file. */
  readonly location: TraceLocation | null;
  /** The arguments it was tried with, printed in Polar syntax. */
  readonly args: readonly string[];
  readonly outcome: TraceOutcome;
  /**
   * For a failed rule: the condition that failed last and where it is (the head, when the
   * arguments did not match its parameters). Absent when no single condition failed (every
   * element of a list was tried, say).
   */
  readonly failedAt?: { readonly condition: string; readonly location: TraceLocation | null };
  /** For a rule that raised: the error's message. */
  readonly error?: string;
  readonly children: readonly TraceEntry[];
}

/** A value the policy read from the application: a field lookup or a method call. */
export interface HostTrace {
  readonly kind: "host";
  /** The expression as written in the policy (`user.repoRoles`). */
  readonly expression: string;
  /** The method's arguments, printed (empty for a field). */
  readonly args: readonly string[];
  /** The value it gave, printed. */
  readonly result: string;
  readonly location: TraceLocation | null;
  /**
   * A value the built-in roles' generated rules read, in the policy's terms: the roles
   * that grant the action (`roles that grant "write" on Page { id: 1 }: "admin" on Page
   * { id: 1 } (authorization.polar:7)`) or whether a role the actor holds grants
   * (`role "admin" on Page { id: 2 } does not grant "write": it is not on Page { id: 1 }`).
   * Such entries have no `location` and are printed as their note alone.
   */
  readonly note?: string;
}

/** An entry of a trace. */
export type TraceEntry = RuleTrace | HostTrace;

/** The trace of one query. */
export interface QueryTrace {
  /** The query, printed (`allow(User{...}, "read", Repo{...})`). */
  readonly query: string;
  /** The rules the query called directly, in the order they were tried. */
  readonly children: readonly TraceEntry[];
}

/** What {@link Oso.explain} and {@link Polar.explainQuery} resolve to. */
export interface Explanation {
  /** The decision (for `explainQuery`: whether the query has a solution). Never true when `error` is set. */
  readonly allowed: boolean;
  /** The error the query raised, if any (the decision is then a denial). */
  readonly error?: PolarError;
  readonly trace: QueryTrace;
  /** True when the trace was cut at the `maxNodes` bound. */
  readonly truncated: boolean;
  /** The trace as readable indented text naming `file:line` for each rule. */
  toString(): string;
}

/** Options of `explain` and `explainQuery`. */
export interface ExplainOptions {
  /** The most rules and host values a trace records (default 2,000); the rest is cut and `truncated` set. */
  readonly maxNodes?: number;
  /** For `explainQuery`: values for variables of the query text, by name. */
  readonly bindings?: Map<string, unknown> | Record<string, unknown>;
}

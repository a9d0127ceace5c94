/**
 * The shape of a differential case and of its normalized outcome.
 * @module
 */
import { DictArg, labelOf, type SetupName, VarArg } from "./fixtures.js";

/** One case: an optional policy and setup, and exactly one thing to ask. */
export interface Case {
  /** Title; defaults to the query or call. Must be unique within its group. */
  name?: string;
  /** Policy text loaded (with `loadStr`) into a fresh Oso before asking. */
  policy?: string;
  /** A second `loadStr` after `policy` (Oso allows one load per knowledge base). */
  secondPolicy?: string;
  /** Classes and constants to register before loading (see fixtures). */
  setup?: SetupName | SetupName[];
  /** A query string for `query(q)`. */
  query?: string;
  /** `queryRule(name, ...args)`; arguments may use the `V`/`D` markers of the fixtures. */
  rule?: readonly [name: string, ...args: unknown[]];
  /** `isAllowed(actor, action, resource)`. */
  isAllowed?: readonly [actor: unknown, action: unknown, resource: unknown];
  /** `authorizedActions(actor, resource)`; `allowWildcard` optional third element. */
  authorizedActions?: readonly [actor: unknown, resource: unknown, allowWildcard?: boolean];
  /** Compare what `print(...)` wrote, too. */
  capturePrint?: boolean;
  /** Stop after this many solutions (for infinite streams). */
  limit?: number;
  /**
   * Record whether an error came from the `query()` call itself or from iterating its
   * result (the main tables treat both as query-time errors).
   */
  observeThrowSite?: boolean;
}

/** A JSON-able value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What running a case produced, normalized so both engines can be compared. */
export interface Outcome {
  /** Solutions in order (each a sorted-key object), or the answer of an API call. */
  result?: Json;
  /** The error category (see errors.ts) and the phase that raised it. */
  error?: { phase: "setup" | "load" | "query"; category: string };
  /** What the policy printed, when asked. */
  printed?: string[];
  /** With `observeThrowSite`: where a query error was thrown. */
  thrownBy?: "query()" | "iteration";
}

/** A group of cases, one `describe` block. */
export interface Group {
  readonly title: string;
  readonly cases: readonly Case[];
}

/** The printable title of a case. */
export function caseTitle(c: Case): string {
  if (c.name) return c.name;
  const ask =
    c.query !== undefined
      ? c.query
      : c.rule
        ? `queryRule(${c.rule.map(describe).join(", ")})`
        : c.isAllowed
          ? `isAllowed(${c.isAllowed.map(describe).join(", ")})`
          : c.authorizedActions
            ? `authorizedActions(${c.authorizedActions.map(describe).join(", ")})`
            : undefined;
  const setup =
    (c.secondPolicy !== undefined ? ` + load: ${abbreviate(c.secondPolicy, 30)}` : "") +
    (c.setup ? ` [${[c.setup].flat().join(", ")}]` : "");
  if (ask === undefined) return `load: ${abbreviate(c.policy ?? "", 100)}${setup}`;
  if (c.policy === undefined) return `${ask}${setup}`;
  return `${ask}  | policy: ${abbreviate(c.policy, 60)}${setup}`;
}

function abbreviate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 3)}...`;
}

function describe(v: unknown): string {
  if (v instanceof VarArg) return `V(${v.name})`;
  if (v instanceof DictArg) return `D(${JSON.stringify(v.fields)})`;
  if (Array.isArray(v)) return `[${v.map(describe).join(", ")}]`;
  if (typeof v === "object" && v !== null) {
    const l = labelOf(v);
    if (l) return l;
    if (Object.getPrototypeOf(v) === Object.prototype) return JSON.stringify(v);
    return v.constructor.name;
  }
  if (typeof v === "bigint") return `${v}n`;
  return JSON.stringify(v) ?? String(v);
}

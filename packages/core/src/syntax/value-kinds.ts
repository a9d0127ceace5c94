/**
 * Oso's parse-time classification of terms as values, conditions or either (spec §2.3),
 * and the `wrong_value_type` errors it produces.
 * @module
 */
import type { Term } from "./ast.js";
import type { ParserState } from "./parser-state.js";
import { printTerm } from "./print.js";

/** What a term can stand for (spec §2.3): a value, something that succeeds or fails, or either. */
export type TermKind = "value" | "logical" | "either";

/** Classify a term as Oso's grammar does. */
export function kindOf(t: Term): TermKind {
  switch (t.kind) {
    case "boolean":
    case "variable":
      return "either";
    case "call":
      return "logical";
    case "op":
      switch (t.op) {
        case "dot":
          return "either";
        case "add":
        case "sub":
        case "mul":
        case "div":
        case "mod":
        case "rem":
        case "new":
          return "value";
        default:
          return "logical";
      }
    default:
      return "value";
  }
}

/** Report `t` unless it can be used as a value. */
export function expectValue(st: ParserState, t: Term): void {
  if (kindOf(t) === "logical") wrongValueType(st, t, "a value");
}

/** Report `t` unless it can be used as a condition. */
export function expectLogical(st: ParserState, t: Term): void {
  if (kindOf(t) === "value") wrongValueType(st, t, "a logical expression");
}

function wrongValueType(st: ParserState, t: Term, expected: string): void {
  // a term around one already reported is not a new mistake: `x = (1 or 2)` reports 1 and 2 only
  const last = st.errors.lastSpan;
  if (last && last.start >= t.span.start && last.end <= t.span.end) return;
  st.report("wrong_value_type", `Wrong value type: ${printTerm(t)}. Expected ${expected}`, t.span);
}

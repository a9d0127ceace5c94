/**
 * The ambiguous-precedence warning (spec §4.3): before Oso 0.20 `or` bound tighter than
 * `and`, so an `and` mixed with an `or` without parentheses may not mean what its author
 * thinks.
 * @module
 */
import type { Policy } from "../syntax/ast.js";
import { type PolarWarning, polarWarning } from "../warnings.js";
import { walkLine } from "./walk.js";

/** Oso's wording. */
export const AMBIGUOUS_PRECEDENCE_MESSAGE =
  "Expression without parentheses could be ambiguous.\n" +
  "Prior to 0.20, `x and y or z` would parse as `x and (y or z)`.\n" +
  "As of 0.20, it parses as `(x and y) or z`, matching other languages.";

/** One warning per unparenthesised `and` under an `or` (or `or` under an `and`), at the inner term. */
export function ambiguousPrecedenceWarnings(policy: Policy): PolarWarning[] {
  const warnings: PolarWarning[] = [];
  for (const line of policy.lines) {
    if (line.kind !== "rule" && line.kind !== "query") continue;
    walkLine(line, (t) => {
      if (t.kind !== "op" || (t.op !== "and" && t.op !== "or") || t.args.length < 2) return;
      const other = t.op === "and" ? "or" : "and";
      for (const arg of t.args) {
        if (arg.kind === "op" && arg.op === other && !arg.parenthesized) {
          warnings.push(polarWarning("ambiguous_precedence", AMBIGUOUS_PRECEDENCE_MESSAGE, arg.span));
        }
      }
    });
  }
  return warnings;
}

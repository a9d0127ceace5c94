/**
 * Visiting every term of a policy line, for checks that read the tree without evaluating it.
 * @module
 */
import type { Line, Term } from "../syntax/ast.js";

/** Called for every term; a list's rest variable is visited with `rest` true. */
export type TermVisitor = (t: Term, rest: boolean) => void;

/**
 * Visit `t` and all terms below it, parents first. Class tags of instance patterns, call
 * names and dict keys are not terms, so they are not visited.
 */
export function walkTerm(t: Term, visit: TermVisitor): void {
  // INVARIANT: the parser bounds term height, so this recursion is bounded too
  visit(t, false);
  switch (t.kind) {
    case "list":
      for (const item of t.items) walkTerm(item, visit);
      if (t.rest) visit(t.rest, true);
      return;
    case "dict":
    case "dict-pattern":
    case "instance-pattern":
      for (const f of t.fields) walkTerm(f.value, visit);
      return;
    case "call":
      for (const a of t.args) walkTerm(a, visit);
      for (const f of t.kwargs ?? []) walkTerm(f.value, visit);
      return;
    case "op":
      for (const a of t.args) walkTerm(a, visit);
      return;
    default:
      return;
  }
}

/** Visit every term of a line: parameters and specializers, rule bodies, inline queries. */
export function walkLine(line: Line, visit: TermVisitor): void {
  switch (line.kind) {
    case "rule":
    case "rule-type":
      for (const p of line.params) {
        walkTerm(p.parameter, visit);
        if (p.specializer) walkTerm(p.specializer, visit);
      }
      if (line.kind === "rule") walkTerm(line.body, visit);
      return;
    case "query":
      walkTerm(line.term, visit);
      return;
    case "block":
      return;
  }
}

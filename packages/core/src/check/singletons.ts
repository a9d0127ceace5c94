/**
 * The singleton-variable check (spec §4.2): a variable that occurs once in a rule is
 * almost always a typo, so it is an error.
 * @module
 */
import type { PolarError } from "../errors.js";
import type { Policy, Rule, Variable } from "../syntax/ast.js";
import { ErrorList } from "../syntax/error-list.js";
import { walkLine } from "./walk.js";

/** Options shared by the static checks. */
export interface CheckOptions {
  /** True for names of registered classes and constants (they are not variables). */
  isConstant(name: string): boolean;
}

function isExempt(name: string, options: CheckOptions): boolean {
  return (
    name.startsWith("_") ||
    name.includes("::") ||
    name === "Actor" ||
    name === "Resource" ||
    options.isConstant(name)
  );
}

/** Report the singleton variables of one rule, in the order they first occur (source order). */
function ruleSingletons(rule: Rule, options: CheckOptions, errors: ErrorList): void {
  const seen = new Map<string, { count: number; first: Variable; rest: boolean }>();
  walkLine(rule, (t, rest) => {
    if (t.kind !== "variable") return;
    const entry = seen.get(t.name);
    if (entry) entry.count++;
    else seen.set(t.name, { count: 1, first: t, rest });
  });
  for (const [name, { count, first, rest }] of seen) {
    if (count !== 1 || isExempt(name, options)) continue;
    const shown = rest ? `*${name}` : name;
    errors.report(
      "singleton_variable",
      `Singleton variable ${shown} is unused or undefined; try renaming to _${shown} or _`,
      first.span,
    );
  }
}

/**
 * `singleton_variable` errors for every rule of a policy, in source order (limited as
 * {@link ErrorList} does).
 */
export function singletonErrors(policy: Policy, options: CheckOptions): PolarError[] {
  const errors = new ErrorList();
  for (const line of policy.lines) if (line.kind === "rule") ruleSingletons(line, options, errors);
  return errors.finish();
}

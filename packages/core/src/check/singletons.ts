/**
 * The singleton-variable check (spec §4.2): a variable that occurs once in a rule is
 * almost always a typo, so it is an error.
 * @module
 */
import { type PolarError, polarError } from "../errors.js";
import type { Policy, Rule, Variable } from "../syntax/ast.js";
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

/** `singleton_variable` errors for one rule, in source order. */
export function ruleSingletons(rule: Rule, options: CheckOptions): PolarError[] {
  const seen = new Map<string, { count: number; first: Variable; rest: boolean }>();
  walkLine(rule, (t, rest) => {
    if (t.kind !== "variable") return;
    const entry = seen.get(t.name);
    if (entry) entry.count++;
    else seen.set(t.name, { count: 1, first: t, rest });
  });
  const errors: PolarError[] = [];
  for (const [name, { count, first, rest }] of seen) {
    if (count !== 1 || isExempt(name, options)) continue;
    const shown = rest ? `*${name}` : name;
    errors.push(
      polarError(
        "singleton_variable",
        `Singleton variable ${shown} is unused or undefined; try renaming to _${shown} or _`,
        { span: first.span },
      ),
    );
  }
  return errors.sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
}

/** `singleton_variable` errors for every rule of a policy, in source order. */
export function singletonErrors(policy: Policy, options: CheckOptions): PolarError[] {
  const errors: PolarError[] = [];
  for (const line of policy.lines) if (line.kind === "rule") errors.push(...ruleSingletons(line, options));
  return errors;
}

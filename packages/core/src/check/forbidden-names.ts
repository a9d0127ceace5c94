/**
 * Refuses lookups that would climb out of the objects a policy was handed (safety
 * contract): `x.constructor`, `x.__proto__`, `x.prototype.f()` and the like.
 * @module
 */
import type { PolarError } from "../errors.js";
import type { Policy } from "../syntax/ast.js";
import { ErrorList } from "../syntax/error-list.js";
import { walkLine } from "./walk.js";

/** Field and method names a policy may never look up. */
export const FORBIDDEN_NAMES: ReadonlySet<string> = new Set([
  "constructor",
  "__proto__",
  "prototype",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
  "caller",
  "callee",
  "arguments",
]);

/** The message for a forbidden lookup of `name`. */
export function forbiddenLookupMessage(name: string): string {
  return `Looking up \`${name}\` is not allowed: policies may only reach what the application hands them`;
}

/**
 * `forbidden_lookup` errors for every `x.name` / `x.name(...)` / `x.("name")` with a
 * forbidden name, in source order (limited as {@link ErrorList} does).
 */
export function forbiddenLookupErrors(policy: Policy): PolarError[] {
  const errors = new ErrorList();
  for (const line of policy.lines) {
    walkLine(line, (t) => {
      if (t.kind !== "op" || t.op !== "dot") return;
      const selector = t.args[1];
      const name =
        selector?.kind === "string" ? selector.value : selector?.kind === "call" ? selector.name : null;
      if (selector && name !== null && FORBIDDEN_NAMES.has(name)) {
        errors.report("forbidden_lookup", forbiddenLookupMessage(name), selector.span);
      }
    });
  }
  return errors.finish();
}

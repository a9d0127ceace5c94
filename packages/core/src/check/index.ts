/**
 * Static checks: what can be told about a parsed policy without evaluating it.
 * @module
 */
import type { PolarError } from "../errors.js";
import type { Policy } from "../syntax/ast.js";
import { limitErrors, sortErrors } from "../syntax/error-list.js";
import type { PolarWarning } from "../warnings.js";
import { forbiddenLookupErrors } from "./forbidden-names.js";
import { ambiguousPrecedenceWarnings } from "./precedence.js";
import { type CheckOptions, singletonErrors } from "./singletons.js";

export type { CheckOptions } from "./singletons.js";

/**
 * Errors and warnings found by the static checks, each in source order (errors limited
 * as `ErrorList` does).
 */
export interface CheckResult {
  readonly errors: PolarError[];
  readonly warnings: PolarWarning[];
}

/**
 * Run every static check on a parsed policy: singleton variables and forbidden lookups
 * (errors), ambiguous `and`/`or` precedence (warnings).
 */
export function staticChecks(policy: Policy, options: CheckOptions): CheckResult {
  const errors = sortErrors([...singletonErrors(policy, options), ...forbiddenLookupErrors(policy)]);
  return { errors: limitErrors(errors), warnings: ambiguousPrecedenceWarnings(policy) };
}

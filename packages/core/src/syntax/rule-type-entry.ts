/**
 * A rule type as the loader checks it: declared in a policy, built in, or generated from a
 * resource block (which is why it lives below both the loader and the blocks).
 * @module
 */
import type { Span } from "../source.js";
import type { RuleType } from "./ast.js";

/** A rule type and whether a rule implementing it is mandatory. */
export interface RuleTypeEntry {
  readonly type: RuleType;
  readonly required: boolean;
  /** Where to point when the required rule is missing (defaults to the type itself). */
  readonly requiredAt?: Span | undefined;
}

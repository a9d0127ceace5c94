/**
 * Loading: policy text -> checked, compiled rules. Pure: it reads the class registry but
 * changes nothing, so a failed load leaves the knowledge base as it was.
 *
 * Order (Oso §4.1): parse every source, static checks (singletons, forbidden lookups),
 * resource blocks desugared into rules and rule types, compilation, then the checks that
 * need the whole policy (rule types, calls to undefined rules) and the warnings.
 * @module
 */
import { staticChecks } from "../check/index.js";
import { type CompiledRule, type CompileEnv, compileRule } from "../engine/compile.js";
import type { PolarError } from "../errors.js";
import { type BlockEnv, expandResourceBlocks } from "../roles/resource-blocks.js";
import type { Source } from "../source.js";
import type { InlineQuery, ResourceBlock, Rule, RuleType } from "../syntax/ast.js";
import { limitErrors, sortErrors } from "../syntax/error-list.js";
import { parsePolicy } from "../syntax/parser.js";
import { type PolarWarning, polarWarning } from "../warnings.js";
import { undefinedRuleCalls, unknownSpecializers, visitCalls } from "./references.js";
import { builtinRuleTypes, checkRuleTypes, invalidRuleType, type RuleTypeEntry } from "./rule-types.js";

/** What loading needs from its surroundings. */
export interface LoadEnv extends CompileEnv, BlockEnv {
  /** Names of rules the library itself defines (e.g. `role_allow` once roles are enabled). */
  builtinRule(name: string): boolean;
  /** The same names, listed: candidates of "did you mean" hints for a misspelt call. */
  readonly builtinRuleNames?: Iterable<string>;
  /** Suppress the "no allow rule" warning. */
  readonly ignoreNoAllowWarning: boolean;
}

/**
 * The result of loading: rules to add, or the errors that stop the load. Errors come per
 * source in source order, then those of the whole policy; each group holds at most 100
 * and a "too many errors (N more not shown)" diagnostic.
 */
export interface Loaded {
  readonly rules: CompiledRule[];
  /** Every rule's syntax, including rules generated from blocks. */
  readonly ruleAsts: Rule[];
  readonly queries: InlineQuery[];
  readonly unions: Map<string, string[]>;
  readonly errors: PolarError[];
  readonly warnings: PolarWarning[];
}

/** Parse, check and compile a set of sources as one policy. */
export function loadSources(sources: readonly Source[], env: LoadEnv): Loaded {
  const errors: PolarError[] = [];
  const warnings: PolarWarning[] = [];
  const rules: Rule[] = [];
  const types: RuleType[] = [];
  const queries: InlineQuery[] = [];
  const blocks: ResourceBlock[] = [];
  const isConstant = (name: string) => env.constant(name) !== undefined;
  // parse errors and block errors stop the load before compilation; static-check errors
  // do not, so that independent problems are reported together
  let fatal = false;
  for (const source of sources) {
    const parsed = parsePolicy(source);
    const checked = staticChecks(parsed.policy, { isConstant });
    if (parsed.errors.length > 0) fatal = true;
    const sourceErrors = [...parsed.errors, ...checked.errors];
    for (const line of parsed.policy.lines) {
      if (line.kind === "rule") rules.push(line);
      else if (line.kind === "rule-type") {
        const problem = invalidRuleType(line);
        if (problem) sourceErrors.push(problem);
        else types.push(line);
      } else if (line.kind === "query") queries.push(line);
      else blocks.push(line);
    }
    errors.push(...limitErrors(sortErrors(sourceErrors)));
    warnings.push(...checked.warnings);
  }
  const expanded = expandResourceBlocks(blocks, env);
  errors.push(...limitErrors(expanded.errors));
  const unions = expanded.unions;
  if (fatal || expanded.errors.length > 0)
    return { rules: [], ruleAsts: [], queries, unions, errors, warnings };

  const allRules = [...rules, ...expanded.rules];
  // errors of the policy as a whole, in rule order (rules of several sources mix here)
  const policyErrors: PolarError[] = [];
  const compiled: CompiledRule[] = [];
  for (const rule of allRules) compiled.push(compileRule(rule, env, policyErrors));

  const typeEntries: RuleTypeEntry[] = [
    ...builtinRuleTypes().map((type) => ({ type, required: false })),
    ...types.map((type) => ({ type, required: false })),
    ...expanded.types,
  ];
  const typeEnv = {
    hasClass: (n: string) => env.hasClass(n),
    isSubclass: (a: string, b: string) => env.isSubclass(a, b),
    unions,
  };
  policyErrors.push(...checkRuleTypes(allRules, typeEntries, typeEnv));
  const defined = new Set(allRules.map((r) => r.name));
  policyErrors.push(
    ...undefinedRuleCalls(
      allRules,
      (name) => defined.has(name) || env.builtinRule(name),
      env.builtinRuleNames,
    ),
  );
  errors.push(...limitErrors(policyErrors));

  warnings.push(...unknownSpecializers(rules, (name) => env.hasClass(name)));
  const hasAllow = ["allow", "allow_field", "allow_request"].some((n) => defined.has(n));
  if (!hasAllow && allRules.length > 0 && !env.ignoreNoAllowWarning) {
    warnings.push(
      polarWarning(
        "missing_allow_rule",
        "Your policy does not contain an allow rule, which usually means that no actions are allowed. Did you mean to add an allow rule to the top of your policy?\n\n  allow(actor, action, resource) if ...\n\nYou can also suppress this warning with the `ignoreNoAllowWarning` option.",
      ),
    );
  }
  if (blocks.length > 0 && !allRules.some((r) => callsRule(r, "has_permission"))) {
    warnings.push(
      polarWarning(
        "missing_has_permission_rule",
        "Warning: your policy uses resource blocks but does not call the has_permission rule. This means that permissions you define in a resource block will not have any effect. Did you mean to include a call to has_permission in a top-level allow rule?\n\n  allow(actor, action, resource) if\n      has_permission(actor, action, resource);",
      ),
    );
  }
  return { rules: compiled, ruleAsts: allRules, queries, unions, errors, warnings };
}

function callsRule(rule: Rule, name: string): boolean {
  let found = false;
  visitCalls(rule.body, (call) => {
    if (call.name === name) found = true;
  });
  return found;
}

/**
 * What `oso-ts types` reads from a policy: per resource type its actions, roles and
 * relations, from the resource blocks (as the load merges them) and from the built-in
 * roles' `resource(_type: C, "ns", actions, roles)` rules (as `oso.enableRoles()` reads
 * them); the actor types; and the actions `allow` rules name as string literals.
 * @module
 */
import { classNamesIn, diagnose, looksLikeClassName, maySubclass } from "../diagnose/diagnose.js";
import { rolesConfigs, usesBuiltinRoles } from "../diagnose/roles.js";
import { type PolarError, polarError } from "../errors.js";
import { declarationsOf } from "../roles/block-model.js";
import type { Source } from "../source.js";
import type { ResourceBlock, Rule } from "../syntax/ast.js";
import { parsePolicy } from "../syntax/parser.js";

/** One resource type of the policy. */
export interface ResourceTypeModel {
  readonly name: string;
  readonly actions: readonly string[];
  readonly roles: readonly string[];
  /** Relation name to the type it relates to. */
  readonly relations: ReadonlyMap<string, string>;
}

/** The types of a policy, each list in the policy's order. */
export interface PolicyModel {
  readonly resources: readonly ResourceTypeModel[];
  readonly actors: readonly string[];
  /** Actions an `allow(actor, "action", resource)` rule names, that no resource type has. */
  readonly otherActions: readonly string[];
}

/**
 * Read the types of a policy. A policy with errors (those `oso-ts check` reports) gives
 * only the errors: types are never generated from a policy that would not load.
 */
export function policyModel(sources: readonly Source[]): { model?: PolicyModel; errors: PolarError[] } {
  const diagnosed = diagnose(sources);
  if (diagnosed.errors.length > 0) return { errors: diagnosed.errors };
  const blocks: ResourceBlock[] = [];
  const rules: Rule[] = [];
  for (const source of sources) {
    for (const line of parsePolicy(source).policy.lines) {
      if (line.kind === "block") blocks.push(line);
      else if (line.kind === "rule") rules.push(line);
    }
  }
  const errors: PolarError[] = [];
  // the policy passed the check, so the blocks are valid and this reports nothing new
  const declared = declarationsOf(blocks, { hasClass: () => true, isSubclass: maySubclass }, errors);
  const resources: ResourceTypeModel[] = [];
  const actors: string[] = [];
  for (const m of declared.values()) {
    if (m.isActor) actors.push(m.type);
    resources.push({
      name: m.type,
      actions: [...m.permissions.keys()],
      roles: [...m.roles.keys()],
      relations: new Map([...m.relations].map(([rel, { type }]) => [rel, type])),
    });
  }
  const roles = rolesConfigs(sources, rules, {
    isConstant: looksLikeClassName,
    isSubclass: maySubclass,
    classNames: classNamesIn(sources, looksLikeClassName),
  });
  if (roles === undefined && usesBuiltinRoles(rules)) {
    // the resource rules read the application: they cannot be evaluated without it
    const rule = rules.find((r) => r.name === "resource") ?? rules[0]!;
    errors.push(
      polarError(
        "policy_types",
        "Cannot read the built-in roles' resource rules without the application: they read a field, a method or a constant.",
        {
          span: rule.headSpan,
          hint: "Write the actions and roles as literals in the resource rules, or use resource blocks.",
        },
      ),
    );
  }
  errors.push(...(roles?.errors ?? []));
  for (const c of roles?.configs ?? []) {
    if (resources.some((r) => r.name === c.type)) {
      errors.push(
        polarError(
          "policy_types",
          `${c.type} is declared both by a resource block and by a built-in roles resource rule.`,
          { span: c.rule.headSpan },
        ),
      );
      continue;
    }
    resources.push({ name: c.type, actions: c.actions, roles: [...c.roles.keys()], relations: new Map() });
  }
  if (errors.length === 0 && resources.length === 0) {
    errors.push(
      polarError(
        "policy_types",
        "The policy declares no resource types: no resource or actor block, no built-in roles resource rule.",
        {
          hint: "Types are generated from `resource Name { ... }` blocks and `resource(_type: Name, ...)` rules.",
        },
      ),
    );
  }
  if (errors.length > 0) return { errors };
  const known = new Set(resources.flatMap((r) => r.actions));
  const otherActions = [...new Set(rules.flatMap(literalAllowAction))].filter((a) => !known.has(a));
  return { model: { resources, actors, otherActions }, errors: [] };
}

/** The action of `allow(actor, "action", resource)`, when written as a string. */
function literalAllowAction(rule: Rule): string[] {
  if (rule.name !== "allow" || rule.params.length !== 3) return [];
  const action = rule.params[1]!.parameter;
  return action.kind === "string" ? [action.value] : [];
}

/**
 * The quickstart's built-in roles (`oso.enableRoles()`), step 3: evaluate and validate the
 * application's `resource` rules, then desugar into ordinary Polar rules:
 *
 * ```polar
 * role_allows(actor, action, resource) if
 *     __oso_roles_path(resource, path) and                        # the resource and its ancestors
 *     [action, grant] in __oso_roles__.grants(action, path) and   # memoized implication closure,
 *                                                                 # per declared action
 *     actor_role(actor, role) and                                 # the application's assignments
 *     grant.has(role);
 * ```
 *
 * `role_allow` (the quickstart's name) and `role_allows` (the released name) are the same
 * rule; the hook is `actor_role(actor, role)` (role objects with `name` and `resource`) or
 * `actor_has_role_for_resource(actor, role_name, resource)`.
 * @module
 */
import { type CompiledRule, type CompileEnv, compileRule } from "../engine/compile.js";
import { G_ENTER, Goal } from "../engine/goals.js";
import type { HostPort } from "../engine/host-port.js";
import type { KnowledgeBase } from "../engine/kb.js";
import type { Limits } from "../engine/limits.js";
import { Machine, RUN_SOLUTION } from "../engine/machine.js";
import { deref, Var } from "../engine/terms.js";
import { firstOf, type PolarError, polarError } from "../errors.js";
import { makeSource } from "../source.js";
import type { Rule } from "../syntax/ast.js";
import { parsePolicy } from "../syntax/parser.js";
import { typeHierarchy } from "./hierarchy.js";
import { type RawResource, readConfigs, resourceType } from "./roles-config.js";
import { type RolesHost, RolesRuntime } from "./roles-runtime.js";

/** Rule names the built-in roles define. */
export const ROLE_RULES: ReadonlySet<string> = new Set(["role_allow", "role_allows"]);

/** The constant the generated rules call. */
export const ROLES_CONSTANT = "__oso_roles__";

/** Everything built for one load. */
export interface BuiltRoles {
  readonly runtime: RolesRuntime;
  readonly rules: CompiledRule[];
}

/** What building roles needs. */
export interface RolesEnv extends CompileEnv {
  readonly kb: KnowledgeBase;
  readonly host: HostPort;
  readonly rolesHost: RolesHost;
  readonly limits: Limits;
  hasClass(name: string): boolean;
  /** Register the runtime under {@link ROLES_CONSTANT} before the rules are compiled. */
  register(runtime: RolesRuntime): void;
}

function rulesNamed(kb: KnowledgeBase, name: string, arity: number): Rule[] {
  return (kb.lookup(name, arity)?.rules ?? []).map((r) => r.ast).filter((r): r is Rule => r !== null);
}

/** Evaluate, validate and desugar the roles configuration of the loaded policy. */
export function buildRoles(env: RolesEnv): BuiltRoles {
  const { kb } = env;
  const roleHook = kb.lookup("actor_role", 2);
  const pairHook = kb.lookup("actor_has_role_for_resource", 3);
  if (!roleHook && !pairHook) {
    throw polarError(
      "roles_validation",
      "Oso Roles Validation Error: Need to define `actor_role(actor, role)` (or `actor_has_role_for_resource(actor, role_name, resource)`) to use Oso Roles.",
      { hint: "Add a rule such as: actor_role(actor, role) if role in actor.get_roles();" },
    );
  }
  const resources = kb.lookup("resource", 4)?.rules ?? [];
  if (resources.length === 0) {
    throw polarError(
      "roles_validation",
      "Oso Roles Validation Error: Need to define at least one `resource(type, name, actions, roles)` predicate to use Oso Roles.",
      {
        hint: 'Add a rule such as: resource(_type: Page, "page", actions, roles) if actions = ["read"] and roles = {...};',
      },
    );
  }
  const errors: PolarError[] = [];
  const raws: RawResource[] = [];
  for (const rule of resources) {
    const ast = rule.ast!;
    const type = resourceType(ast);
    if (type !== null && !env.hasClass(type)) {
      errors.push(
        polarError("unregistered_class", `Unregistered class: ${type}`, {
          span: ast.params[0]!.span,
          hint: `Register it before loading the policy: oso.registerClass(${type}).`,
        }),
      );
      continue;
    }
    const found = evaluate(rule, env);
    if (found.length === 0) {
      errors.push(
        polarError(
          "roles_validation",
          "Oso Roles Validation Error: this resource rule has no solution, so it declares nothing.",
          {
            span: ast.headSpan,
            hint: "A resource rule must hold: check the conditions in its body.",
          },
        ),
      );
    }
    raws.push(...found);
  }
  const parentChild = rulesNamed(kb, "parent_child", 2);
  const read = readConfigs(raws, typeHierarchy(parentChild));
  errors.push(...read.errors);
  if (errors.length > 0) throw firstOf(errors);
  const runtime = new RolesRuntime(read.configs, env.rolesHost);
  env.register(runtime);
  const text = generatedPolicy(roleHook != null, pairHook != null, parentChild.length > 0);
  const parsed = parsePolicy(makeSource(text, "<built-in roles>"));
  const compileErrors: PolarError[] = [];
  const rules = parsed.policy.lines
    .filter((l): l is Rule => l.kind === "rule")
    .map((r) => compileRule(r, env, compileErrors));
  if (parsed.errors.length > 0 || compileErrors.length > 0) {
    throw polarError("invalid_state", "Invalid state: the built-in roles policy did not compile");
  }
  return { runtime, rules };
}

/** Run one `resource` rule with its parameters unbound; every solution is a configuration. */
function evaluate(rule: CompiledRule, env: RolesEnv): RawResource[] {
  const vars = [new Var("_type"), new Var("name"), new Var("actions"), new Var("roles")];
  const machine = new Machine(env.kb, env.host, env.limits);
  machine.start([new Goal(G_ENTER, rule, vars)], []);
  const out: RawResource[] = [];
  for (let r = machine.run(); r === RUN_SOLUTION; r = machine.run()) {
    const value = (v: Var) => {
      const d = deref(v);
      return d instanceof Var ? undefined : d;
    };
    out.push({
      rule: rule.ast!,
      namespace: value(vars[1]!),
      actions: value(vars[2]!),
      roles: value(vars[3]!),
    });
    machine.retry();
    // a second solution for the same type is already a duplicate: no need to read on
    if (out.length > 1) break;
  }
  machine.close();
  if (machine.pending !== null) {
    Promise.resolve(machine.pending).catch(() => {});
    throw polarError(
      "roles_validation",
      "Oso Roles Validation Error: a resource rule must not call asynchronous host methods",
      {
        span: rule.ast?.headSpan,
      },
    );
  }
  return out;
}

/** The Polar the roles desugar into. */
function generatedPolicy(roleHook: boolean, pairHook: boolean, hierarchy: boolean): string {
  const assignments = [
    roleHook ? "(actor_role(actor, role) and grant.has(role))" : null,
    pairHook ? "(actor_has_role_for_resource(actor, name, on) and grant.hasPair(name, on))" : null,
  ].filter((x) => x !== null);
  const path = hierarchy
    ? `__oso_roles_path(resource, [resource, *ancestors]) if __oso_roles_ancestors(resource, ancestors);
__oso_roles_ancestors(child, [parent, *rest]) if parent_child(parent, child) and __oso_roles_ancestors(parent, rest);
__oso_roles_ancestors(child, []) if not parent_child(_, child);`
    : "__oso_roles_path(resource, [resource]);";
  return `role_allows(actor, action, resource) if
    __oso_roles_path(resource, path) and
    [action, grant] in ${ROLES_CONSTANT}.grants(action, path) and
    (${assignments.join(" or ")});
role_allow(actor, action, resource) if role_allows(actor, action, resource);
${path}
`;
}

/**
 * The quickstart's built-in roles, step 1: read and validate the configuration.
 *
 * The application describes each resource type with a rule
 * `resource(_type: Page, "page", actions, roles) if actions = [...] and roles = {...};`
 * and the hierarchy with `parent_child(parent, child)` rules. This module evaluates the
 * `resource` rules (once per load), checks the result far more strictly than Oso did in
 * Node (polar-spec.md §9.5), and returns one {@link ResourceConfig} per type.
 * @module
 */

import { printValue } from "../engine/print-value.js";
import { Dict, dictKeys } from "../engine/terms.js";
import { type PolarError, polarError } from "../errors.js";
import { repr } from "../host/repr.js";
import type { Span } from "../source.js";
import type { Rule, Term } from "../syntax/ast.js";
import { nearest } from "../syntax/nearest.js";

/** One role of a resource type. */
export interface RoleConfig {
  readonly permissions: readonly string[];
  readonly implies: readonly string[];
}

/** What a `resource(...)` rule declares for one type. */
export interface ResourceConfig {
  /** The registered class name of the type. */
  readonly type: string;
  readonly namespace: string;
  readonly actions: readonly string[];
  readonly roles: ReadonlyMap<string, RoleConfig>;
  /** The rule it came from, for messages. */
  readonly rule: Rule;
}

/** A solution of one `resource` rule: the values bound to its last three parameters. */
export interface RawResource {
  readonly rule: Rule;
  readonly namespace: unknown;
  readonly actions: unknown;
  readonly roles: unknown;
}

const PREFIX = "Oso Roles Validation Error: ";

/** The class a `resource` rule is for: its first parameter's class specializer. */
export function resourceType(rule: Rule): string | null {
  const spec = rule.params[0]?.specializer;
  return spec?.kind === "instance-pattern" && spec.fields.length === 0 ? spec.tag : null;
}

/** Where in a rule a string literal with this value is written (for precise positions). */
function spanOfString(rule: Rule, value: string): Span {
  let found: Span | null = null;
  const visit = (t: Term): void => {
    if (found) return;
    switch (t.kind) {
      case "string":
        if (t.value === value) found = t.span;
        return;
      case "list":
        t.items.forEach(visit);
        return;
      case "dict":
      case "dict-pattern":
      case "instance-pattern":
        for (const f of t.fields) {
          if (!found && f.key === value) found = f.keySpan;
          visit(f.value);
        }
        return;
      case "op":
        t.args.forEach(visit);
        return;
      case "call":
        t.args.forEach(visit);
        return;
      default:
        return;
    }
  };
  for (const p of rule.params) visit(p.parameter);
  visit(rule.body);
  return found ?? rule.headSpan;
}

/** Validation failures collected while reading the configuration. */
class Problems {
  readonly errors: PolarError[] = [];
  add(rule: Rule, message: string, at: Span = rule.headSpan, hint?: string): void {
    this.errors.push(polarError("roles_validation", PREFIX + message, { span: at, hint }));
  }
}

/**
 * Turn the evaluated `resource` rules into configurations, checking each value.
 * `parentOf` says which types can be ancestors of which (from `parent_child` rules).
 */
export function readConfigs(
  raws: readonly RawResource[],
  descends: (descendant: string, ancestor: string) => boolean,
): { configs: ResourceConfig[]; errors: PolarError[] } {
  const p = new Problems();
  const configs: ResourceConfig[] = [];
  const byNamespace = new Map<string, ResourceConfig>();
  for (const raw of raws) {
    const type = resourceType(raw.rule);
    if (type === null) {
      p.add(
        raw.rule,
        "Invalid resource, no type specializer.",
        raw.rule.params[0]?.span ?? raw.rule.headSpan,
        "Write the first parameter as `_type: YourClass`.",
      );
      continue;
    }
    if (typeof raw.namespace !== "string") {
      p.add(raw.rule, `Invalid resource ${type}: the name is not a string.`, raw.rule.params[1]?.span);
      continue;
    }
    const actions = readActions(raw, type, p);
    const roles = readRoles(raw, type, p);
    if (actions === null || roles === null) continue;
    if (actions.length === 0 && roles.size === 0)
      p.add(raw.rule, `Must define actions or roles for resource ${type}.`);
    const existing = byNamespace.get(raw.namespace);
    if (existing) {
      p.add(
        raw.rule,
        `Duplicate resource name ${raw.namespace} (already used for ${existing.type}).`,
        spanOfString(raw.rule, raw.namespace),
      );
      continue;
    }
    if (configs.some((c) => c.type === type)) {
      p.add(raw.rule, `Duplicate resource definition for ${type}: one resource rule per type.`);
      continue;
    }
    const config = { type, namespace: raw.namespace, actions, roles, rule: raw.rule };
    byNamespace.set(raw.namespace, config);
    configs.push(config);
  }
  for (const c of configs) checkReferences(c, byNamespace, descends, p);
  return { configs, errors: p.errors };
}

function readActions(raw: RawResource, type: string, p: Problems): string[] | null {
  if (raw.actions === undefined || raw.actions === null) return [];
  if (!Array.isArray(raw.actions)) {
    p.add(raw.rule, `Invalid actions for ${type}: expected a list of strings.`, raw.rule.params[2]?.span);
    return null;
  }
  const seen = new Set<string>();
  for (const a of raw.actions) {
    if (typeof a !== "string") {
      p.add(raw.rule, `Invalid action for ${type}: ${printValue(a, repr)} is not a string.`);
      return null;
    }
    if (seen.has(a)) {
      p.add(raw.rule, `Duplicate action ${a} for ${type}.`, spanOfString(raw.rule, a));
      return null;
    }
    seen.add(a);
  }
  return [...seen];
}

function readRoles(raw: RawResource, type: string, p: Problems): Map<string, RoleConfig> | null {
  const roles = new Map<string, RoleConfig>();
  if (raw.roles === undefined || raw.roles === null) return roles;
  if (!(raw.roles instanceof Dict)) {
    p.add(
      raw.rule,
      `Invalid role definitions for ${type}: expected a dictionary of roles.`,
      raw.rule.params[3]?.span,
    );
    return null;
  }
  let ok = true;
  for (const name of dictKeys(raw.roles)) {
    const def = raw.roles[name];
    if (!(def instanceof Dict)) {
      p.add(
        raw.rule,
        `Invalid role definition ${name} for ${type}: expected {permissions: [...], implies: [...]}.`,
        spanOfString(raw.rule, name),
      );
      ok = false;
      continue;
    }
    const keys = dictKeys(def);
    const bad = keys.find((k) => k !== "permissions" && k !== "implies");
    if (bad !== undefined) {
      p.add(
        raw.rule,
        `Role definition ${name} for ${type} contains invalid key: ${bad}.`,
        spanOfString(raw.rule, bad),
        "A role may only have `permissions` and `implies`.",
      );
      ok = false;
      continue;
    }
    if (keys.length === 0) {
      p.add(
        raw.rule,
        `Must define permissions or implications for role ${name} of ${type}.`,
        spanOfString(raw.rule, name),
      );
      ok = false;
      continue;
    }
    const permissions = stringList(def.permissions, `permissions of role ${name} of ${type}`, raw, p);
    const implies = stringList(def.implies, `implies of role ${name} of ${type}`, raw, p);
    if (permissions === null || implies === null) {
      ok = false;
      continue;
    }
    roles.set(name, { permissions, implies });
  }
  return ok ? roles : null;
}

function stringList(v: unknown, what: string, raw: RawResource, p: Problems): string[] | null {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== "string")) {
    p.add(raw.rule, `Invalid ${what}: expected a list of strings.`);
    return null;
  }
  return v as string[];
}

/** Every permission and implied role must exist, and cross-resource ones must be reachable. */
function checkReferences(
  c: ResourceConfig,
  byNamespace: ReadonlyMap<string, ResourceConfig>,
  descends: (descendant: string, ancestor: string) => boolean,
  p: Problems,
): void {
  for (const [roleName, role] of c.roles) {
    for (const perm of role.permissions) {
      const target = resolve(perm, c, byNamespace, "permission", roleName, p);
      if (!target) continue;
      if (!target.config.actions.includes(target.name)) {
        const near = nearest(target.name, target.config.actions);
        p.add(
          c.rule,
          `Permission ${perm} of role ${roleName} on ${c.type} is not an action of ${target.config.type} (its actions are ${JSON.stringify(target.config.actions)}).`,
          spanOfString(c.rule, perm),
          near ? `Did you mean "${near}"?` : `Add "${target.name}" to the actions of ${target.config.type}.`,
        );
      }
    }
    for (const implied of role.implies) {
      const target = resolve(implied, c, byNamespace, "role", roleName, p);
      if (!target) continue;
      if (!target.config.roles.has(target.name)) {
        const near = nearest(target.name, target.config.roles.keys());
        p.add(
          c.rule,
          `Role ${roleName} on ${c.type} implies ${implied}, but ${target.config.type} has no role ${target.name}.`,
          spanOfString(c.rule, implied),
          near ? `Did you mean "${near}"?` : undefined,
        );
      }
    }
  }

  function resolve(
    ref: string,
    from: ResourceConfig,
    namespaces: ReadonlyMap<string, ResourceConfig>,
    kind: "permission" | "role",
    roleName: string,
    problems: Problems,
  ): { config: ResourceConfig; name: string } | null {
    const colon = ref.indexOf(":");
    if (colon < 0) return { config: from, name: ref };
    const ns = ref.slice(0, colon);
    const name = ref.slice(colon + 1);
    const target = namespaces.get(ns);
    if (!target) {
      const near = nearest(ns, namespaces.keys());
      problems.add(
        from.rule,
        `Invalid ${kind} namespace in ${ref} (role ${roleName} on ${from.type}): no resource is named ${ns}.`,
        spanOfString(from.rule, ref),
        near ? `Did you mean "${near}:${name}"?` : undefined,
      );
      return null;
    }
    // a namespaced reference is always to a descendant, its own type included only
    // through a parent_child path (folders in folders), never the resource itself
    if (!descends(target.type, from.type)) {
      problems.add(
        from.rule,
        `${kind === "role" ? "Role" : "Permission"} ${ref} on role ${roleName} of ${from.type} refers to ${target.type}, but no parent_child path leads from ${from.type} down to ${target.type}.`,
        spanOfString(from.rule, ref),
        `Define parent_child(parent, child) rules linking ${from.type} to ${target.type}.`,
      );
      return null;
    }
    return { config: target, name };
  }
}

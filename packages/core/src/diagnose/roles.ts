/**
 * The built-in roles' validation (`oso.enableRoles()`) without the application: for a policy
 * that calls `role_allow` (or `role_allows`), its `resource(_type: C, ...)` rules are
 * evaluated and checked as a real load with roles enabled would (keys such as `implis`,
 * undeclared permissions, missing hooks), with a stand-in class for each class name.
 * @module
 */

import { walkLine } from "../check/walk.js";
import { isPolarError, type PolarError, polarError } from "../errors.js";
import type { LoadEnv } from "../load/loader.js";
import { visitCalls } from "../load/references.js";
import { Oso } from "../oso.js";
import { ROLE_RULES, ROLES_CONSTANT } from "../roles/enable-roles.js";
import type { ResourceConfig } from "../roles/roles-config.js";
import { RolesRuntime } from "../roles/roles-runtime.js";
import type { Source } from "../source.js";
import type { Rule } from "../syntax/ast.js";
import { nearest } from "../syntax/nearest.js";

/** How the check sees the application's classes. */
export interface RolesCheckOptions {
  /** Which names are classes or constants (as for the rest of the check). */
  readonly isConstant: (name: string) => boolean;
  /** Whether class `sub` may extend class `sup` (as for the rest of the check). */
  readonly isSubclass: (sub: string, sup: string) => boolean;
  /** The names to stand in for registered classes. */
  readonly classNames: Iterable<string>;
}

/** Whether `rules` use the built-in roles: a call to `role_allow` or `role_allows`. */
export function usesBuiltinRoles(rules: readonly Rule[]): boolean {
  let found = false;
  for (const rule of rules) {
    visitCalls(rule.body, (call) => {
      if (ROLE_RULES.has(call.name)) found = true;
    });
    if (found) return true;
  }
  return false;
}

/**
 * Whether the `resource` rules, or a rule they call (directly or not), read the application:
 * a field or method (`x.f`), `new C()`, or a constant (`ROLES`). The stand-in classes have
 * no fields, methods nor values, so evaluating them would report what a real load would
 * not. Such a policy's roles are left to the load.
 */
function readsTheApplication(rules: readonly Rule[], isConstant: (name: string) => boolean): boolean {
  const reached = new Set(["resource"]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const rule of rules) {
      if (!reached.has(rule.name)) continue;
      visitCalls(rule.body, (call) => {
        if (!reached.has(call.name)) {
          reached.add(call.name);
          grew = true;
        }
      });
    }
  }
  let reads = false;
  for (const rule of rules) {
    if (!reached.has(rule.name)) continue;
    walkLine(rule, (t) => {
      if (t.kind === "op" && (t.op === "dot" || t.op === "new")) reads = true;
      else if (t.kind === "variable" && isConstant(t.name)) reads = true;
    });
  }
  return reads;
}

/**
 * An Oso with roles enabled whose loads see classes as the check does: a policy that passed
 * the check's own load passes this one's up to the roles, whose errors are then the only ones.
 */
class RolesCheck extends Oso {
  constructor(private readonly options: RolesCheckOptions) {
    super({ onWarning: () => {}, ignoreNoAllowWarning: true });
    for (const name of options.classNames) {
      // built-in classes are there already; the union names cannot be registered
      if (this.host.hasClass(name) || name === "Actor" || name === "Resource") continue;
      const standIn = { [name]: class {} }[name]!;
      this.registerClass(standIn, { name });
    }
    // sets the flag at once: with nothing loaded yet, enableRoles() awaits nothing
    void this.enableRoles();
  }

  protected override loadEnv(): LoadEnv {
    const env = super.loadEnv();
    const { isConstant, isSubclass } = this.options;
    return {
      ...env,
      constant: (name) => env.constant(name) ?? (isConstant(name) ? { name, value: undefined } : undefined),
      hasClass: isConstant,
      isSubclass,
    };
  }

  /** The errors of loading `sources` with roles enabled (none: an empty list). */
  errorsOf(sources: readonly Source[]): PolarError[] {
    try {
      this.install(sources);
      return [];
    } catch (e) {
      return isPolarError(e) ? [...e.diagnostics] : [];
    }
  }

  /** The resource configurations of the roles installed by the last {@link errorsOf}. */
  configs(): readonly ResourceConfig[] {
    const runtime = this.host.constant(ROLES_CONSTANT)?.value;
    return runtime instanceof RolesRuntime ? runtime.resourceConfigs() : [];
  }
}

/**
 * The built-in roles' resource configurations of `sources` (which passed every other
 * check), as `oso.enableRoles()` would read them: `undefined` when the policy does not call
 * `role_allow`, or when its `resource` rules read the application (they cannot be
 * evaluated without it); the roles' errors otherwise, if any.
 */
export function rolesConfigs(
  sources: readonly Source[],
  rules: readonly Rule[],
  options: RolesCheckOptions,
): { configs: readonly ResourceConfig[]; errors: PolarError[] } | undefined {
  if (!usesBuiltinRoles(rules) || readsTheApplication(rules, options.isConstant)) return undefined;
  const check = new RolesCheck({ ...options, classNames: [...options.classNames] });
  const errors = check.errorsOf(sources);
  return errors.length > 0 ? { configs: [], errors } : { configs: check.configs(), errors };
}

/**
 * The errors the built-in roles' validation finds in `sources` (which passed every other
 * check): only for a policy that calls `role_allow`/`role_allows`, and only when its
 * `resource` rules (and the rules they call) read nothing of the application.
 */
export function rolesErrors(
  sources: readonly Source[],
  rules: readonly Rule[],
  options: RolesCheckOptions,
): PolarError[] {
  if (!usesBuiltinRoles(rules) || readsTheApplication(rules, options.isConstant)) return [];
  const classNames = [...options.classNames];
  // only the roles' own findings: anything else would be an artefact of the stand-ins
  return new RolesCheck({ ...options, classNames })
    .errorsOf(sources)
    .filter((e) => e.code === "roles_validation" || e.code === "unregistered_class")
    .map((e) => (e.code === "unregistered_class" ? withSuggestion(e, classNames) : e));
}

/** An `unregistered_class` error with a "did you mean" hint over `classNames`, when one is near
 * (`_type: Pag` among known classes: "did you mean `Page`?" instead of "register Pag"). */
export function withSuggestion(e: PolarError, classNames: Iterable<string>): PolarError {
  const name = /^Unregistered class: (\w+)$/.exec(e.summary)?.[1];
  const near = name === undefined ? undefined : nearest(name, classNames);
  if (near === undefined) return e;
  return polarError(e.code, e.summary, { span: e.span, cause: e.cause, hint: `Did you mean \`${near}\`?` });
}

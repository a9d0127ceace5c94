/**
 * The built-in roles in the policy's terms. Their generated rules (`role_allow`,
 * `role_allows`, the `__oso_roles_*` helpers) are shown as one entry, placed at the
 * resource type's `resource(...)` rule, holding: which roles grant the action on the
 * resource and its ancestors (with the implications that make them grant), the
 * application's `actor_role` hook as it ran, and for each role assignment the actor holds
 * whether it grants and why not (`role "admin" on Page { id: 2 } does not grant "write":
 * it is not on Page { id: 1 }`).
 *
 * Everything here only reads the configuration and the values the generated rules
 * already computed: it never calls the application.
 * @module
 */

import { ListRest } from "../engine/terms.js";
import type { ResourceConfig } from "../roles/roles-config.js";
import { Grant, RolesRuntime } from "../roles/roles-runtime.js";
import { formatLocation, locationOf } from "./locations.js";
import type { HostNoter } from "./recorder.js";

/** The built-in roles' view of a trace, for an `Oso` with `enableRoles()`. */
export function rolesNoter(print: (v: unknown) => string, runtime: RolesRuntime | null): HostNoter {
  // the action each grant was made for (a grant does not keep it)
  const actions = new WeakMap<Grant, string>();
  const typeOf = (x: unknown): ResourceConfig | null => {
    try {
      return runtime?.typeOf(x) ?? null;
    } catch {
      return null;
    }
  };
  const where = (c: ResourceConfig | null) =>
    c === null ? "" : ` (${formatLocation(locationOf(c.rule.span))})`;

  /** `"admin" (implies "user")`: a granting role, with what makes it grant when not its own permission. */
  const granting = (name: string, level: number, grant: Grant, action: string): string => {
    const types = grant.path.map(typeOf);
    const role = types[level]?.roles.get(name);
    const own = types[0];
    if (role === undefined || own == null) return JSON.stringify(name);
    const permission = level === 0 ? action : `${own.namespace}:${action}`;
    if (role.permissions.includes(permission)) return JSON.stringify(name);
    const via = role.implies.find((implied) => {
      const colon = implied.indexOf(":");
      if (colon < 0) return grant.levels[level]!.has(implied);
      const ns = implied.slice(0, colon);
      const target = implied.slice(colon + 1);
      return types.some((t, i) => i < level && t?.namespace === ns && grant.levels[i]!.has(target));
    });
    return via === undefined
      ? JSON.stringify(name)
      : `${JSON.stringify(name)} (implies ${JSON.stringify(via)})`;
  };

  const grantsNote = (action: unknown, resource: unknown, result: readonly [string, Grant][]) => {
    if (result.length === 0)
      return `no role grants ${print(action)} on ${print(resource)}${where(typeOf(resource))}`;
    return result
      .map(([a, grant]) => {
        actions.set(grant, a);
        const levels = grant.levels
          .map((names, i) =>
            names.size === 0
              ? null
              : `${[...names].map((n) => granting(n, i, grant, a)).join(", ")} on ${print(grant.path[i])}${where(typeOf(grant.path[i]))}`,
          )
          .filter((l) => l !== null);
        return `roles that grant ${JSON.stringify(a)} on ${print(grant.path[0])}: ${levels.join("; ")}`;
      })
      .join("\n");
  };

  const assignmentNote = (grant: Grant, name: unknown, on: unknown, result: unknown) => {
    const action = actions.get(grant);
    const what = action === undefined ? "it" : JSON.stringify(action);
    const held = `role ${print(name)} on ${print(on)}`;
    if (result === true) return `${held} grants ${what}`;
    if (typeof name !== "string") return `${held} does not grant ${what}`;
    const right = grant.path.filter((_, i) => grant.levels[i]!.has(name));
    return right.length === 0
      ? `${held} does not grant ${what}`
      : `${held} does not grant ${what}: it is not on ${right.map(print).join(" or ")}`;
  };

  return {
    note(receiver, method, args, result) {
      if (receiver instanceof RolesRuntime) {
        return method === "grants" && Array.isArray(result)
          ? grantsNote(args[0], firstOf(args[1]), result as [string, Grant][])
          : undefined;
      }
      if (!(receiver instanceof Grant)) return undefined;
      if (method === "has") {
        const role = args[0] as { name?: unknown; resource?: unknown } | null;
        if (role === null || typeof role !== "object") return undefined;
        return assignmentNote(receiver, role.name, role.resource, result);
      }
      if (method === "hasPair") return assignmentNote(receiver, args[0], args[1], result);
      return undefined;
    },
    entry(args) {
      const type = typeOf(args[2]);
      return {
        text:
          type === null
            ? "built-in roles"
            : `built-in roles of ${type.type} (${JSON.stringify(type.namespace)})`,
        location: type === null ? null : locationOf(type.rule.span),
        failure: `the actor holds no role that grants ${print(args[1])} on ${print(args[2])}`,
      };
    },
  };
}

/** The resource of a path (`[resource, *ancestors]`, which may still be an open list). */
function firstOf(path: unknown): unknown {
  if (Array.isArray(path)) return path[0];
  return path instanceof ListRest ? path.items[0] : undefined;
}

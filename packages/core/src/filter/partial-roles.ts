/**
 * The built-in roles (`enableRoles()`) under partial evaluation. Their generated rules call
 * the roles runtime (`__oso_roles__.grants(action, path)`, then `grant.has(role)`) with the
 * resource and its ancestors in `path`; those are symbolic rows here, so the runtime is asked
 * with their types given by class name, and `has` answers with the ways the role's
 * resource may equal one of the path's rows (an OR the evaluator turns into conditions).
 * @module
 */

import { isThenable } from "../engine/host-port.js";
import { Variable } from "../engine/terms.js";
import { Grant, RolesRuntime } from "../roles/roles-runtime.js";
import { isSymbolic, SymRow } from "./residual.js";

/** `a = b` for one of these pairs: the alternatives of a role check. */
export class Choice {
  constructor(readonly pairs: readonly (readonly [unknown, unknown])[]) {}
}

/**
 * The value of `recv.name(...args)` when args hold symbolic values and the receiver is the
 * roles runtime or one of its grants; undefined for any other call (refused by the caller).
 */
export function rolesCall(recv: unknown, name: string, args: readonly unknown[]): unknown {
  if (recv instanceof RolesRuntime && name === "grants" && args.length === 2 && Array.isArray(args[1])) {
    const [action, path] = args as [unknown, unknown[]];
    const a = typeof action === "string" ? action : action instanceof Variable ? null : undefined;
    return recv.grantsBy(a, path, (x) => (x instanceof SymRow ? recv.typeOfClass(x.typeName) : null));
  }
  return undefined;
}

/**
 * `grant.has(role)` / `grant.hasPair(name, resource)` on a grant whose path holds rows: the
 * pairs (path row, role resource) any of which grants. Known path elements are compared
 * by the runtime itself.
 */
export function grantCall(recv: unknown, name: string, args: readonly unknown[]): unknown {
  if (!(recv instanceof Grant) || !recv.path.some(isSymbolic)) return undefined;
  let roleName: unknown;
  let resource: unknown;
  if (name === "has" && args.length === 1) {
    const role = args[0];
    if (role === null || typeof role !== "object") return false;
    ({ name: roleName, resource } = role as { name?: unknown; resource?: unknown });
    if (isThenable(roleName) || isThenable(resource)) {
      return Promise.all([roleName, resource]).then(([n, r]) => pairs(recv, n, r));
    }
  } else if (name === "hasPair" && args.length === 2) {
    [roleName, resource] = args;
  } else {
    return undefined;
  }
  return pairs(recv, roleName, resource);
}

function pairs(grant: Grant, name: unknown, resource: unknown): Choice | boolean {
  const anyName = name instanceof Variable;
  if (typeof name !== "string" && !anyName) return false;
  const anyResource = resource instanceof Variable;
  const out: [unknown, unknown][] = [];
  grant.levels.forEach((level, i) => {
    if (anyName ? level.size === 0 : !level.has(name as string)) return;
    const node = grant.path[i];
    if (anyResource || !isSymbolic(node)) {
      if (anyResource || grant.hasPair(name, resource)) out.push([true, true]);
      return;
    }
    out.push([node, resource]);
  });
  return new Choice(out);
}

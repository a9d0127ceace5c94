/**
 * The built-in roles in the policy's terms: a role assignment that granted, as
 * `role "admin" on Page{...} grants it`, instead of a call of the library's helper.
 * @module
 */
import { Grant } from "../roles/roles-runtime.js";
import type { HostNoter } from "./recorder.js";

/** Notes for the built-in roles' `grant.has(role)` / `grant.hasPair(name, on)` calls that granted. */
export function rolesNoter(print: (v: unknown) => string): HostNoter {
  return (receiver, method, args, result) => {
    if (!(receiver instanceof Grant) || result !== true) return undefined;
    let name: unknown;
    let on: unknown;
    if (method === "has") {
      const role = args[0] as { name?: unknown; resource?: unknown } | null;
      name = role?.name;
      on = role?.resource;
    } else if (method === "hasPair") {
      [name, on] = args;
    } else {
      return undefined;
    }
    return `built-in roles: role ${print(name)} on ${print(on)} grants it`;
  };
}

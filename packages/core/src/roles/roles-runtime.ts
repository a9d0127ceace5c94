/**
 * The quickstart's built-in roles, step 2: the decision helper the generated rules call.
 *
 * The implication closure is computed once per (action, chain of resource types) and
 * memoized, so a decision costs one pass over the actor's role assignments, however deep
 * the hierarchy or wide the role graph (polar-spec.md §9.4 semantics):
 * - level 0 is the resource, level i its i-th ancestor (found by `parent_child`);
 * - a role on level i grants the action when it holds the permission (`"act"` locally on
 *   level 0, `"ns:act"` from an ancestor), or implies such a role: locally (`"reader"`)
 *   on the same level, or across (`"repo:reader"`) to a lower level of that type.
 * @module
 */
import { isThenable, LIBRARY_HELPER } from "../engine/host-port.js";
import { Variable } from "../engine/terms.js";
import type { ResourceConfig } from "./roles-config.js";

/** What the helper needs from the host. */
export interface RolesHost {
  isa(value: unknown, className: string): boolean;
  /** Does registered class `sub` extend registered class `sup` (or is it)? */
  isSubclass(sub: string, sup: string): boolean;
  equal(a: unknown, b: unknown): boolean;
  /**
   * A key shared by values whose class memberships are the same (their constructor), or
   * null when membership may depend on the value itself (a custom `isaCheck`, a plain
   * object): such values are never cached.
   */
  membershipKey(value: unknown): object | null;
  /**
   * Does `value`'s class declare field `name` as a data-filtering Relation? Such a field
   * is read through `lookupField` (the adapter), never from the object.
   */
  isRelationField(value: unknown, name: string): boolean;
  /** `value.name` as a policy's lookup reads it (a Promise when the adapter is asked). */
  lookupField(value: unknown, name: string): unknown;
}

const NOTHING: readonly ReadonlySet<string>[] = [];

/** The object registered as `__oso_roles__` for the generated rules. */
export class RolesRuntime {
  /** Its methods are the library's own: no clock read after each call. */
  readonly [LIBRARY_HELPER] = true;
  /** The configured types, most specific first. */
  readonly configs: readonly ResourceConfig[];
  private readonly byNamespace = new Map<string, ResourceConfig>();
  /** Per type, per role: every local role that implies it (itself included). */
  private readonly impliedBy = new Map<ResourceConfig, Map<string, Set<string>>>();
  private readonly typeCache = new Map<object, ResourceConfig | null>();
  /** Per action, a trie over the chain of types: the granting levels (see {@link levelsFor}). */
  private readonly memo = new Map<string, MemoNode>();

  constructor(
    configs: readonly ResourceConfig[],
    private readonly host: RolesHost,
  ) {
    // most specific first, so the first configured class a value belongs to is its type
    const extended = (c: ResourceConfig) =>
      configs.filter((o) => o !== c && host.isSubclass(c.type, o.type)).length;
    this.configs = [...configs].sort((a, b) => extended(b) - extended(a));
    configs.forEach((c) => {
      this.byNamespace.set(c.namespace, c);
      this.impliedBy.set(c, localClosure(c));
    });
  }

  /** The configured resource types, in the policy's order (for `oso-ts types`). */
  resourceConfigs(): readonly ResourceConfig[] {
    return [...this.byNamespace.values()];
  }

  /**
   * The `[action, grant]` pairs that may allow something on `path[0]` (`path` is the
   * resource and its ancestors): for one action when `action` is a string, for every
   * declared action when it is unbound. An action no role can grant is left out, so the
   * caller skips the role assignments altogether.
   */
  grants(action: unknown, path: readonly unknown[]): [string, Grant][] {
    return this.grantsBy(
      typeof action === "string" ? action : action instanceof Variable ? null : undefined,
      path,
      (x) => this.typeOf(x),
    );
  }

  /**
   * {@link grants} with the types of the path's elements told by `typeOf` (the partial
   * evaluator's, for rows not known yet); `action` null means every declared action.
   */
  grantsBy(
    action: string | null | undefined,
    path: readonly unknown[],
    typeOf: (x: unknown) => ResourceConfig | null,
  ): [string, Grant][] {
    const types = path.map(typeOf);
    const own = types[0];
    if (!own) return [];
    const out: [string, Grant][] = [];
    const actions = typeof action === "string" ? [action] : action === null ? own.actions : [];
    for (const a of actions) {
      if (!own.actions.includes(a)) continue;
      const levels = this.levelsFor(a, types);
      if (levels.length > 0) out.push([a, new Grant(levels, path, this.host)]);
    }
    return out;
  }

  /** The configured type of rows of class `className`: the most specific configured class it is or extends. */
  typeOfClass(className: string): ResourceConfig | null {
    return this.configs.find((c) => this.host.isSubclass(className, c.type)) ?? null;
  }

  /** The granting role names per level, memoized per action and chain of types. */
  private levelsFor(
    action: string,
    types: readonly (ResourceConfig | null)[],
  ): readonly ReadonlySet<string>[] {
    let node: MemoNode | undefined = this.memo.get(action);
    if (!node) {
      node = { levels: undefined, next: new Map() };
      this.memo.set(action, node);
    }
    for (const t of types) {
      let child: MemoNode | undefined = node.next.get(t);
      if (!child) {
        child = { levels: undefined, next: new Map() };
        node.next.set(t, child);
      }
      node = child;
    }
    node.levels ??= this.compute(action, types);
    return node.levels;
  }

  private compute(action: string, types: readonly (ResourceConfig | null)[]): ReadonlySet<string>[] {
    const levels: Set<string>[] = [];
    const own = types[0]!;
    let any = false;
    for (let j = 0; j < types.length; j++) {
      const t = types[j];
      const seeds = new Set<string>();
      if (t) {
        const permission = j === 0 ? action : `${own.namespace}:${action}`;
        for (const [name, role] of t.roles) {
          if (role.permissions.includes(permission)) seeds.add(name);
          for (const implied of role.implies) {
            const colon = implied.indexOf(":");
            if (colon < 0) continue;
            const ns = implied.slice(0, colon);
            const target = implied.slice(colon + 1);
            // an implication reaches a lower level of that namespace's type
            for (let i = 0; i < j; i++) {
              if (types[i]?.namespace === ns && levels[i]!.has(target)) seeds.add(name);
            }
          }
        }
      }
      const granting = new Set<string>();
      if (t) for (const s of seeds) for (const r of this.impliedBy.get(t)!.get(s) ?? [s]) granting.add(r);
      if (granting.size > 0) any = true;
      levels.push(granting);
    }
    return any ? levels : (NOTHING as ReadonlySet<string>[]);
  }

  /** The configured type of a value: the most specific configured class it belongs to. */
  typeOf(x: unknown): ResourceConfig | null {
    const key = this.host.membershipKey(x);
    if (key !== null && this.typeCache.has(key)) return this.typeCache.get(key)!;
    const best = this.configs.find((c) => this.host.isa(x, c.type)) ?? null;
    if (key !== null) this.typeCache.set(key, best);
    return best;
  }
}

interface MemoNode {
  levels: readonly ReadonlySet<string>[] | undefined;
  readonly next: Map<ResourceConfig | null, MemoNode>;
}

/** What grants one action on one resource, for one decision: checks role assignments. */
export class Grant {
  /** Its methods only read fields: list scans need not read the clock after each call. */
  readonly [LIBRARY_HELPER] = true;

  constructor(
    /** Per level of the path, the role names that grant. */
    readonly levels: readonly ReadonlySet<string>[],
    readonly path: readonly unknown[],
    private readonly host: RolesHost,
  ) {}

  /**
   * Does the role object `{name, resource}` grant? Getters that answer with a Promise are
   * waited for (the answer is then a Promise, which the engine awaits).
   */
  has(role: unknown): boolean | Promise<boolean> {
    if (role === null || typeof role !== "object") return false;
    const h = this.host;
    const r = role as { name?: unknown; resource?: unknown };
    const name = h.isRelationField(role, "name") ? h.lookupField(role, "name") : r.name;
    const resource = h.isRelationField(role, "resource") ? h.lookupField(role, "resource") : r.resource;
    if (isThenable(name) || isThenable(resource)) {
      return Promise.all([name, resource]).then(([n, r]) => this.hasPair(n, r));
    }
    return this.hasPair(name, resource);
  }

  /**
   * Does holding role `name` on `resource` grant? A hook that leaves the name or the
   * resource unbound (`actor_has_role_for_resource(actor, name, _resource) if name in
   * actor.roles`) holds for every value of it.
   */
  hasPair(name: unknown, resource: unknown): boolean {
    const anyName = name instanceof Variable;
    if (typeof name !== "string" && !anyName) return false;
    const anyResource = resource instanceof Variable;
    const levels = this.levels;
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i]!;
      if (anyName ? level.size === 0 : !level.has(name as string)) continue;
      if (anyResource) return true;
      const node = this.path[i];
      if (node === resource || this.host.equal(node, resource)) return true;
    }
    return false;
  }
}

/** For each role, the roles that imply it through local `implies` (transitively, itself included). */
function localClosure(c: ResourceConfig): Map<string, Set<string>> {
  const direct = new Map<string, Set<string>>();
  for (const [name, role] of c.roles) {
    for (const implied of role.implies) {
      if (implied.includes(":")) continue;
      if (!direct.has(implied)) direct.set(implied, new Set());
      direct.get(implied)!.add(name);
    }
  }
  const closure = new Map<string, Set<string>>();
  for (const name of c.roles.keys()) {
    const seen = new Set<string>([name]);
    const stack = [name];
    while (stack.length > 0) {
      for (const parent of direct.get(stack.pop()!) ?? []) {
        if (!seen.has(parent)) {
          seen.add(parent);
          stack.push(parent);
        }
      }
    }
    closure.set(name, seen);
  }
  return closure;
}

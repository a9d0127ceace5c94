/**
 * `matches` (and specializer checks): class membership, dict and instance patterns, list
 * patterns, union types (Oso §6.6).
 *
 * Field checks on host instances go through the host's pattern lookup; a field that is
 * absent simply fails the match (as in Oso). A field whose getter returns a Promise makes
 * the whole goal replay once the value is known (see `Machine.patternField`).
 * @module
 */
import { G_ISA, Goal } from "./goals.js";
import { type HostPort, MISSING } from "./host-port.js";
import type { KnowledgeBase } from "./kb.js";
import type { Machine } from "./machine.js";
import type { Specializer } from "./specializers.js";
import { build, type Frame } from "./templates.js";
import { Dict, DictPattern, deref, InstancePattern, isHostValue, ListRest, Var } from "./terms.js";
import { flattenList, unify } from "./unify.js";

/** Does `value` match `pattern` (both runtime terms)? Unbound values get a constraint and succeed. */
export function matches(m: Machine, value: unknown, pattern: unknown): boolean {
  value = deref(value);
  pattern = deref(pattern);
  if (pattern instanceof InstancePattern) {
    if (value instanceof Var) return freezeIsa(m, value, pattern);
    return isMember(m, value, pattern.tag) && matchFields(m, value, pattern.keys, pattern.values);
  }
  if (pattern instanceof DictPattern) {
    if (value instanceof Var) return freezeIsa(m, value, pattern);
    return matchFields(m, value, pattern.keys, pattern.values);
  }
  if (Array.isArray(pattern) || pattern instanceof ListRest) return matchList(m, value, pattern);
  return unify(value, pattern, m.bindings, m.host);
}

/** Check a compiled specializer against a (dereferenced) argument. */
export function checkSpecializer(m: Machine, spec: Specializer, value: unknown, frame: Frame): boolean {
  switch (spec.kind) {
    case "class":
    case "union":
      if (value instanceof Var) return freezeIsa(m, value, new InstancePattern(spec.tag, [], []));
      return isMember(m, value, spec.tag);
    case "pattern":
      return matches(m, value, build(spec.pattern, frame));
    case "value":
      return unify(value, build(spec.value, frame), m.bindings, m.host);
  }
}

/** Class membership, with `Actor`/`Resource` meaning any class declared in a block of that kind. */
export function isMember(m: Machine, value: unknown, tag: string): boolean {
  return isMemberOf(m.kb, m.host, value, tag);
}

/** {@link isMember} given the knowledge base and the host (the compiled tier has no machine). */
export function isMemberOf(kb: KnowledgeBase, host: HostPort, value: unknown, tag: string): boolean {
  const members = kb.unions.get(tag);
  if (members !== undefined) {
    // membership by class alone is the same for every instance: remember it per class
    const key = host.membershipKey(value);
    const cache = key === null ? undefined : kb.unionCache(tag);
    const known = cache?.get(key!);
    if (known !== undefined) return known;
    let member = false;
    for (const c of members) {
      if (host.isa(value, c)) {
        member = true;
        break;
      }
    }
    cache?.set(key!, member);
    return member;
  }
  return host.isa(value, tag);
}

function matchFields(
  m: Machine,
  value: unknown,
  keys: readonly string[],
  values: readonly unknown[],
): boolean {
  if (keys.length === 0) return true;
  if (value instanceof Dict) {
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (!Object.hasOwn(value, k) || !matches(m, value[k], values[i])) return false;
    }
    return true;
  }
  // Polar values other than dicts (lists, open lists, numbers...) have no fields a pattern
  // could name: the engine's own terms must not show theirs
  if (!isHostValue(value)) return false;
  for (let i = 0; i < keys.length; i++) {
    const field = m.patternField(value, keys[i]!);
    if (field === MISSING || !matches(m, field, values[i])) return false;
  }
  return true;
}

function matchList(m: Machine, value: unknown, pattern: unknown): boolean {
  const v = flattenList(value);
  const p = flattenList(pattern);
  if (v === null || p === null) return false;
  const n = Math.min(v.items.length, p.items.length);
  for (let i = 0; i < n; i++) if (!matches(m, v.items[i], p.items[i])) return false;
  if (p.tail === null) {
    if (v.tail === null) return v.items.length === p.items.length;
    // the value's rest variable takes the pattern's remaining elements (`[*xs] matches [1]`)
    return v.items.length <= p.items.length && unify(v.tail, p.items.slice(n), m.bindings, m.host);
  }
  if (v.items.length < p.items.length)
    return v.tail !== null && unify(v.tail, new ListRest(p.items.slice(n), p.tail), m.bindings, m.host);
  const remaining = v.items.slice(n);
  return unify(p.tail, v.tail === null ? remaining : new ListRest(remaining, v.tail), m.bindings, m.host);
}

function freezeIsa(m: Machine, v: Var, pattern: unknown): boolean {
  m.freeze(v, new Goal(G_ISA, v, pattern), []);
  return true;
}

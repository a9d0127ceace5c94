/**
 * The default equality for host values: structural ("deep") equality, as Oso's JS
 * library uses (lodash `isEqual` semantics for the common cases): the same reference;
 * primitives by SameValueZero; arrays, plain objects and class instances of the same
 * constructor by their own enumerable properties; Maps, Sets and Dates by contents.
 * Cycles are handled. Replace it with the `equalityFn` option when identity (or an `id`
 * comparison) is what your objects mean.
 * @module
 */

/** `(a, b) => boolean` deciding whether two host values are equal. */
export type EqualityFn = (a: unknown, b: unknown) => boolean;

/** Structural equality (see the module notes). */
export function defaultEqualityFn(a: unknown, b: unknown): boolean {
  return equal(a, b, null);
}

function equal(a: unknown, b: unknown, seen: Map<object, object> | null): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    // SameValueZero: NaN equals NaN
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  // a pair already being compared further up is assumed equal (cycles)
  const visited = seen?.get(a);
  if (visited === b) return true;
  const s = seen ?? new Map<object, object>();
  s.set(a, b);
  try {
    if (Array.isArray(a)) {
      const bb = b as unknown[];
      if (a.length !== bb.length) return false;
      for (let i = 0; i < a.length; i++) if (!equal(a[i], bb[i], s)) return false;
      return true;
    }
    if (a instanceof Date) return a.getTime() === (b as Date).getTime();
    if (a instanceof RegExp) return String(a) === String(b);
    if (a instanceof Map) {
      const bm = b as Map<unknown, unknown>;
      if (a.size !== bm.size) return false;
      for (const [k, v] of a) if (!bm.has(k) || !equal(v, bm.get(k), s)) return false;
      return true;
    }
    if (a instanceof Set) {
      const bs = b as Set<unknown>;
      if (a.size !== bs.size) return false;
      for (const v of a) if (!bs.has(v)) return false;
      return true;
    }
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (const k of ka) {
      if (!Object.hasOwn(b, k)) return false;
      if (!equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], s)) return false;
    }
    return true;
  } finally {
    if (seen === null) s.clear();
  }
}

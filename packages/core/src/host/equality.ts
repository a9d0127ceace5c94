/**
 * The default equality for host values: structural ("deep") equality, as Oso's JS
 * library uses (lodash `isEqual` semantics for the common cases): the same reference;
 * primitives by SameValueZero; arrays, plain objects and class instances of the same
 * prototype by their own enumerable properties; Maps, Sets and Dates by contents.
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

/**
 * `seen` maps objects being compared further up to their counterparts (cycles); it is
 * created only when the comparison goes below the first level, so comparing two flat
 * objects allocates nothing but their key lists.
 */
function equal(a: unknown, b: unknown, seen: Map<object, object> | null): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    // SameValueZero: NaN equals NaN
    return typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b);
  }
  const proto = Object.getPrototypeOf(a);
  if (proto !== Object.getPrototypeOf(b)) return false;
  // plain objects and instances of ordinary classes: compare fields, no bookkeeping
  if (seen === null && !isCollection(proto, a)) return equalFields(a, b, null);
  if (seen !== null) {
    if (seen.get(a) === b) return true;
    seen.set(a, b);
  }
  try {
    return equalContents(a, b, proto, seen);
  } finally {
    seen?.delete(a);
  }
}

function equalContents(
  a: object,
  b: object,
  proto: object | null,
  seen: Map<object, object> | null,
): boolean {
  if (!isCollection(proto, a)) return equalFields(a, b, seen);
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!child(a[i], bb[i], a, b, seen)) return false;
    return true;
  }
  if (a instanceof Date) return a.getTime() === (b as Date).getTime();
  if (a instanceof RegExp) return String(a) === String(b);
  if (a instanceof Map) {
    const bm = b as Map<unknown, unknown>;
    if (a.size !== bm.size) return false;
    for (const [k, v] of a) if (!bm.has(k) || !child(v, bm.get(k), a, b, seen)) return false;
    return true;
  }
  if (a instanceof Set) {
    const bs = b as Set<unknown>;
    if (a.size !== bs.size) return false;
    for (const v of a) if (!bs.has(v)) return false;
    return true;
  }
  return equalFields(a, b, seen);
}

/**
 * Field by field, stopping at the first difference (usually the first field, an id)
 * before listing the other object's keys.
 */
function equalFields(a: object, b: object, seen: Map<object, object> | null): boolean {
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra);
  for (const k of keys) {
    if (!Object.hasOwn(rb, k) || !child(ra[k], rb[k], a, b, seen)) return false;
  }
  return keys.length === Object.keys(rb).length;
}

/** Compare members of `a` and `b`; only nested objects need the cycle map. */
function child(x: unknown, y: unknown, a: object, b: object, seen: Map<object, object> | null): boolean {
  if (x === y) return true;
  if (typeof x !== "object" || x === null || typeof y !== "object" || y === null) return equal(x, y, null);
  let nested = seen;
  if (nested === null) {
    nested = new Map<object, object>();
    nested.set(a, b);
  }
  return equal(x, y, nested);
}

/** Prototypes already classified: true for arrays, dates, regexps, maps and sets (compared by contents). */
const COLLECTION = new WeakMap<object, boolean>();

function isCollection(proto: object | null, a: object): boolean {
  if (proto === Object.prototype || proto === null) return false;
  let known = COLLECTION.get(proto);
  if (known === undefined) {
    known =
      Array.isArray(a) || a instanceof Date || a instanceof RegExp || a instanceof Map || a instanceof Set;
    COLLECTION.set(proto, known);
  }
  return known;
}

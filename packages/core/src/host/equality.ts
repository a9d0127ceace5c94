/**
 * The default equality for host values. It never calls two distinct objects equal unless
 * it compared state that tells them apart:
 *
 * - the same reference is equal; primitives by SameValueZero (NaN equals NaN);
 * - boxed primitives (`new Number(1)`, `new String("a")`, what `new Integer(1)` builds in a
 *   policy) by their primitive value, with each other and with primitives, as Oso's
 *   `isEqual` does;
 * - an object with an `equals` method: `a.equals(b) === true` (tried on `a`, then on `b`);
 * - otherwise objects of different prototypes are not equal, and:
 *   - arrays element by element (each element by these rules), Dates by time, RegExps by
 *     source and flags, Maps by keys and values, Sets by members;
 *   - plain objects (prototype `Object.prototype` or `null`) by their own enumerable
 *     properties, so two empty ones are equal;
 *   - class instances by their own enumerable properties when they have some (two copies
 *     of the same database row are equal), and by identity when they have none: the
 *     state of an instance whose fields are `#private`, or reached through getters, is
 *     invisible here, and such instances are different objects.
 *
 * Cycles are handled. A class whose instances carry their identity somewhere this cannot
 * see (a `#private` id next to public fields) should say how it compares itself: an
 * `equals` method, or `registerClass(C, { equals })`. Replace the whole function with the
 * `equalityFn` option when identity (or an `id` comparison) is what your objects mean.
 * @module
 */

/**
 * A cheap necessary condition for equality with an object `key` under the default
 * equality: any object equal to `key` other than `key` itself has prototype `proto` and an
 * own field `field` whose value is `value` (SameValueZero). So an object of that prototype
 * whose own `field` holds another primitive is certainly not equal to `key`. Used by the
 * per-query list indexes (engine/list-index.ts) to skip role assignments on other
 * resources without comparing them.
 */
export interface EqualityProbe {
  readonly proto: object;
  readonly field: string;
  readonly value: unknown;
}

/**
 * The probe of `key` under {@link defaultEqualityFn}, or null when there is none: `key` is
 * not a plain object or class instance, its class has an `equals` method, or none of its
 * own enumerable fields holds a primitive.
 */
export function defaultEqualityProbe(key: unknown): EqualityProbe | null {
  if (typeof key !== "object" || key === null) return null;
  const proto = Object.getPrototypeOf(key) as object | null;
  const info = infoOf(proto);
  if (info.method !== null || (info.kind !== PLAIN && info.kind !== INSTANCE) || proto === null) return null;
  for (const field of Object.keys(key)) {
    const value = (key as Record<string, unknown>)[field];
    if (value === null || (typeof value !== "object" && typeof value !== "function")) {
      return { proto, field, value };
    }
  }
  return null;
}

/** `(a, b) => boolean` deciding whether two host values are equal. */
export type EqualityFn = (a: unknown, b: unknown) => boolean;

/** The default equality (see the module notes). */
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
  const objA = typeof a === "object" && a !== null;
  const objB = typeof b === "object" && b !== null;
  if (!objA || !objB) {
    if (objA) return unboxed(a, b);
    if (objB) return unboxed(b, a);
    return sameValueZero(a, b);
  }
  const proto = Object.getPrototypeOf(a);
  const info = infoOf(proto);
  // a class's `equals` method decides, asked of `a`, else of `b` (see methodOf)
  if (info.method !== null) return Reflect.apply(info.method, a, [b]) === true;
  const protoB = Object.getPrototypeOf(b);
  if (proto !== protoB) {
    const other = infoOf(protoB).method;
    return other !== null && Reflect.apply(other, b, [a]) === true;
  }
  const kind = info.kind;
  if (kind === BOXED) return sameValueZero(primitiveOf(a), primitiveOf(b));
  // plain objects and instances of ordinary classes: compare fields, no bookkeeping
  if (seen === null && kind !== COLLECTION) return equalFields(a, b, kind, null);
  if (seen !== null) {
    if (seen.get(a) === b) return true;
    seen.set(a, b);
  }
  try {
    return kind === COLLECTION ? equalContents(a, b, seen) : equalFields(a, b, kind, seen);
  } finally {
    seen?.delete(a);
  }
}

type EqualsMethod = (other: unknown) => unknown;

/** What equality needs to know about the objects of one prototype. */
interface ProtoInfo {
  readonly kind: number;
  /** The class's `equals` method, or null. */
  readonly method: EqualsMethod | null;
}

/** Plain objects (kind PLAIN, declared below) have no class and no method. */
const PLAIN_INFO: ProtoInfo = { kind: 0, method: null };

/** Prototypes already classified (an object's kind and method follow from its prototype). */
const INFOS = new WeakMap<object, ProtoInfo>();

function infoOf(proto: object | null): ProtoInfo {
  if (proto === Object.prototype || proto === null) return PLAIN_INFO;
  let info = INFOS.get(proto);
  if (info === undefined) {
    info = { kind: kindOf(proto), method: methodOf(proto) };
    INFOS.set(proto, info);
  }
  return info;
}

/**
 * The `equals` method of a class: found on the prototype chain, never an own property or
 * a plain object's member (an own `equals` field is data), and read without running a
 * getter. It runs with its own object as `this`, and is only handed objects: a function
 * value never reaches application code this way.
 */
function methodOf(proto: object): EqualsMethod | null {
  for (let p: object | null = proto; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, "equals");
    if (d === undefined) continue;
    return typeof d.value === "function" ? (d.value as EqualsMethod) : null;
  }
  return null;
}

/** Is boxed primitive `box` the primitive `p` (SameValueZero)? False for any other object. */
function unboxed(box: object, p: unknown): boolean {
  if (infoOf(Object.getPrototypeOf(box)).kind !== BOXED) return false;
  return sameValueZero(primitiveOf(box), p);
}

/** `===`, except that NaN equals NaN. */
function sameValueZero(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b));
}

/** The primitive in a box; an object that only inherits from a box class is equal to nothing but itself. */
function primitiveOf(box: object): unknown {
  try {
    if (box instanceof Number) return Number.prototype.valueOf.call(box);
    if (box instanceof String) return String.prototype.valueOf.call(box);
    if (box instanceof Boolean) return Boolean.prototype.valueOf.call(box);
    return BigInt.prototype.valueOf.call(box);
  } catch {
    return {};
  }
}

function equalContents(a: object, b: object, seen: Map<object, object> | null): boolean {
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
  const bs = b as Set<unknown>;
  const as = a as Set<unknown>;
  if (as.size !== bs.size) return false;
  for (const v of as) if (!bs.has(v)) return false;
  return true;
}

/**
 * Field by field, stopping at the first difference (usually the first field, an id)
 * before listing the other object's keys. A class instance with no own enumerable field
 * shows no state: only identity (checked by the caller) makes it equal.
 */
function equalFields(a: object, b: object, kind: number, seen: Map<object, object> | null): boolean {
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra);
  if (keys.length === 0) return kind === PLAIN && Object.keys(rb).length === 0;
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

/** Plain objects: prototype `Object.prototype` or `null`. */
const PLAIN = 0;
/** Instances of other classes, compared by own fields when they have some. */
const INSTANCE = 1;
/** Arrays, Dates, RegExps, Maps and Sets: compared by contents. */
const COLLECTION = 2;
/** Number, String, Boolean and BigInt objects: compared by primitive value. */
const BOXED = 3;

/** The kind of the objects of a (non-plain) prototype. */
function kindOf(proto: object): number {
  const is = (cls: { prototype: object }) =>
    proto === cls.prototype || Object.prototype.isPrototypeOf.call(cls.prototype, proto);
  if (is(Array) || is(Date) || is(RegExp) || is(Map) || is(Set)) return COLLECTION;
  if (is(Number) || is(String) || is(Boolean) || is(BigInt)) return BOXED;
  return INSTANCE;
}

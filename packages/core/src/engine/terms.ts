/**
 * Runtime terms.
 *
 * Polar values are plain JavaScript values wherever that is unambiguous, so host objects
 * cross into a policy and back with no conversion:
 * - strings, booleans, numbers (Integer and Float alike; Oso's JS host does not tell them
 *   apart either) and bigints (integers beyond 2^53);
 * - arrays are Polar lists (their elements are terms);
 * - {@link Dict} is a Polar dictionary;
 * - {@link Var} is a logic variable; {@link ListRest}, {@link Predicate} and the pattern
 *   classes are the other internal shapes;
 * - anything else (objects, class instances, functions, classes, `null`, `undefined`) is a
 *   host instance, held by reference.
 * @module
 */

/** Marker for "not bound" (a variable may be bound to `undefined`, a legal host value). */
export const UNBOUND: unique symbol = Symbol("unbound");

/** Base of every internal term class, so one `instanceof` tells them from host values. */
export abstract class Internal {}

/**
 * A logic variable. `ref` is its binding; bindings are undone through the machine's trail,
 * so a variable belongs to one query and is never shared between queries.
 */
export class Var extends Internal {
  ref: unknown = UNBOUND;
  /** Goals waiting for this variable to be bound (comparisons on unbound values...). */
  constraints: Constraint[] | null = null;
  constructor(readonly name: string) {
    super();
  }
}

/** A goal suspended on an unbound variable, re-run when the variable is bound. */
export interface Constraint {
  /** Re-check the constraint (the variable is now bound); false fails the binding. */
  readonly describe: () => string;
  readonly goal: unknown;
  readonly frame: unknown;
}

/**
 * A logic variable as the application sees it: pass one to `queryRule` to ask for a
 * value, and receive one in results for a variable left unbound.
 */
export class Variable {
  constructor(readonly name: string) {}
  toString(): string {
    return `Variable(${JSON.stringify(this.name)})`;
  }
}

/** A list whose tail is a variable: `[a, b, *rest]`. Only built while unifying with rest variables. */
export class ListRest extends Internal {
  constructor(
    readonly items: readonly unknown[],
    readonly rest: unknown,
  ) {
    super();
  }
}

/**
 * A Polar dictionary. Its fields are own enumerable properties (a key like `__proto__` is
 * just a key, never the prototype), kept in sorted order.
 *
 * @example
 * ```ts
 * oso.queryRule("f", new Dict({ a: 1 }));
 * ```
 */
export class Dict extends Internal {
  [key: string]: unknown;
  /** `[key, value]` pairs in key order (`Dictionary.entries(d)` in a policy). */
  static entries(d: object): [string, unknown][] {
    return Dict.keys(d).map((k) => [k, (d as Record<string, unknown>)[k]]);
  }
  /** Keys in key order (`Dictionary.keys(d)`). */
  static keys(d: object): string[] {
    return Object.keys(d).sort(compareKeys);
  }
  /** Values in key order (`Dictionary.values(d)`). */
  static values(d: object): unknown[] {
    return Dict.keys(d).map((k) => (d as Record<string, unknown>)[k]);
  }

  constructor(fields?: Record<string, unknown> | Iterable<readonly [string, unknown]>) {
    super();
    if (!fields) return;
    const entries: (readonly [string, unknown])[] =
      Symbol.iterator in Object(fields)
        ? [...(fields as Iterable<readonly [string, unknown]>)]
        : Object.entries(fields as Record<string, unknown>);
    entries.sort((a, b) => compareKeys(a[0], b[0]));
    for (const [k, v] of entries) {
      // assignment would set the prototype for "__proto__"; define it as a plain key instead
      if (k === "__proto__") Object.defineProperty(this, k, { value: v, enumerable: true, writable: true });
      else this[k] = v;
    }
  }
}

/** The keys of a dict in Polar's order (Unicode code point order). */
export function dictKeys(d: Dict): string[] {
  const keys = Object.keys(d);
  for (let i = 1; i < keys.length; i++) {
    if (compareKeys(keys[i - 1]!, keys[i]!) > 0) return keys.sort(compareKeys);
  }
  return keys;
}

/** A predicate term `name(args)`: a query built by the application, or a call held as a value. */
export class Predicate extends Internal {
  constructor(
    readonly name: string,
    readonly args: readonly unknown[],
  ) {
    super();
  }
}

/** A residual constraint returned for a query variable when the caller accepts expressions. */
export class Expression extends Internal {
  constructor(
    readonly operator: string,
    readonly args: readonly unknown[],
  ) {
    super();
  }
}

/** A dictionary pattern `{k: p}` (keys sorted). */
export class DictPattern extends Internal {
  constructor(
    readonly keys: readonly string[],
    readonly values: readonly unknown[],
  ) {
    super();
  }
}

/** An instance pattern `Tag{k: p}`; `tag` is a class name resolved at match time. */
export class InstancePattern extends Internal {
  constructor(
    readonly tag: string,
    readonly keys: readonly string[],
    readonly values: readonly unknown[],
  ) {
    super();
  }
}

/** Follow variable bindings to a non-variable term or an unbound variable. */
export function deref(t: unknown): unknown {
  while (t instanceof Var) {
    const r = t.ref;
    if (r === UNBOUND) return t;
    t = r;
  }
  return t;
}

/** True for an application object held by reference (not a Polar-native value). */
export function isHostValue(t: unknown): boolean {
  switch (typeof t) {
    case "string":
    case "number":
    case "bigint":
    case "boolean":
      return false;
    case "object":
      return t === null || (!(t instanceof Internal) && !Array.isArray(t));
    default:
      return true;
  }
}

/** Compare strings by Unicode code point, as Polar (Rust) orders them. */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // surrogates (astral code points) sort above every BMP character
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

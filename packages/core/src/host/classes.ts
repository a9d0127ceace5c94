/**
 * The class registry: application classes the policy may name (in specializers, `matches`,
 * `new`) and the built-in classes of Polar.
 * @module
 */

import { Dict } from "../engine/terms.js";
import { polarError } from "../errors.js";
import type { EqualityFn } from "./equality.js";

/** Options of `registerClass`. */
export interface ClassOptions {
  /** The name the policy uses (default: the class's own `name`). */
  name?: string;
  /**
   * Field types, for documentation and data filtering: `{ id: Number, org: Org }`.
   * Accepted for compatibility with Oso; the decision engine does not need them.
   */
  fields?: Record<string, unknown> | Map<string, unknown>;
  /** Decides membership for values that are not instances of the class (plain objects from an ORM, say). */
  isaCheck?: (value: unknown) => boolean;
  /**
   * How instances of the class (and of its subclasses) compare, for `=`, `==`, `!=` and
   * the resources of role checks: `(a, b) => a.id === b.id`. `a` is an instance of the
   * class; `b` is any value (check its type). It must be symmetric, reflexive and free of
   * side effects. It takes precedence over an `equals` method and over the `equalityFn`
   * option.
   */
  equals?: (a: unknown, b: unknown) => boolean;
}

/** A registered class. */
export interface RegisteredClass {
  readonly name: string;
  readonly cls: unknown;
  /** Is `value` a member of the class? */
  readonly check: (value: unknown) => boolean;
  /** Built-in classes describe Polar values; they have no prototype chain to rank. */
  readonly builtin: boolean;
  /** The class's own equality (the `equals` option), if it has one. */
  readonly equals?: EqualityFn | undefined;
}

type Constructor = abstract new (...args: never[]) => unknown;

function builtin(name: string, cls: unknown, check: (v: unknown) => boolean): RegisteredClass {
  return { name, cls, check, builtin: true };
}

/** Polar's built-in classes, as in Oso's JS library (Integer and Float both mean "a number"). */
export function builtinClasses(): RegisteredClass[] {
  // a Number object (what `new Integer(1)` builds) is an Integer too, as in Oso
  const isNumber = (v: unknown) => typeof v === "number" || typeof v === "bigint" || v instanceof Number;
  return [
    builtin("Boolean", Boolean, (v) => typeof v === "boolean" || v instanceof Boolean),
    builtin("Integer", Number, isNumber),
    builtin("Float", Number, isNumber),
    builtin("String", String, (v) => typeof v === "string" || v instanceof String),
    builtin("List", Array, (v) => Array.isArray(v)),
    builtin("Dictionary", Dict, (v) => v instanceof Dict),
  ];
}

/** The options of `registerClass`, checked when it is called rather than ignored. */
function checkClassOptions(options: unknown): asserts options is ClassOptions {
  const bad = (what: string) => polarError("invalid_argument", `registerClass: ${what}`);
  if (typeof options !== "object" || options === null) throw bad("the options must be an object");
  const { name, isaCheck, fields, equals } = options as Record<string, unknown>;
  if (name !== undefined && (typeof name !== "string" || name === ""))
    throw bad("`name` must be a non-empty string");
  if (isaCheck !== undefined && typeof isaCheck !== "function") throw bad("`isaCheck` must be a function");
  if (equals !== undefined && typeof equals !== "function")
    throw bad("`equals` must be a function (a, b) => boolean");
  if (fields !== undefined && (typeof fields !== "object" || fields === null || Array.isArray(fields))) {
    throw bad("`fields` must be an object or a Map of field names to classes");
  }
}

/** Build the registry entry for an application class. */
export function applicationClass(cls: unknown, options: ClassOptions): RegisteredClass {
  if (typeof cls !== "function" || !cls.prototype) {
    throw polarError("invalid_constructor", `${String(cls)} is not a constructor`, {
      hint: "registerClass takes a class (or constructor function); use registerConstant for other values.",
    });
  }
  checkClassOptions(options);
  const ctor = cls as Constructor;
  const name = options.name ?? ctor.name;
  if (!name) throw polarError("invalid_argument", "registerClass: an anonymous class needs a `name` option");
  const custom = options.isaCheck;
  const check = (v: unknown): boolean => {
    // a registered class object matches itself and its superclasses (Oso's class ids)
    if (v === ctor || (typeof v === "function" && v.prototype instanceof ctor)) return true;
    if (v !== null && typeof v === "object" && (v instanceof ctor || v.constructor === ctor)) return true;
    return custom !== undefined && custom(v) === true;
  };
  return { name, cls, check, builtin: false, equals: options.equals };
}

/**
 * The equality registered for `value`'s class (the nearest class on its prototype chain
 * registered with an `equals` option), if any. `byClass` maps classes to those functions.
 */
export function classEquality(
  byClass: ReadonlyMap<unknown, EqualityFn>,
  value: unknown,
): EqualityFn | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  for (const c of ancestors(value)) {
    const f = byClass.get(c);
    if (f !== undefined) return f;
  }
  return undefined;
}

/**
 * The classes on `instance`'s prototype chain, most specific first. The specificity sort
 * ranks two registered classes by their position in this list.
 */
export function ancestors(instance: unknown): readonly unknown[] {
  if (instance === null || (typeof instance !== "object" && typeof instance !== "function"))
    return NO_ANCESTORS;
  const proto = Object.getPrototypeOf(instance);
  if (proto === null) return NO_ANCESTORS;
  // the chain of a prototype does not change in practice: computed once per prototype,
  // not per comparison of two rules
  let chain = CHAINS.get(proto);
  if (chain === undefined) {
    const found: unknown[] = [];
    for (let p = proto; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
      if (Object.hasOwn(p, "constructor")) found.push(p.constructor);
    }
    chain = found;
    CHAINS.set(proto, chain);
  }
  return chain;
}

const NO_ANCESTORS: readonly unknown[] = [];
const CHAINS = new WeakMap<object, readonly unknown[]>();

/**
 * The host: how policies reach application objects.
 *
 * It holds the registered classes and constants and implements the engine's
 * {@link HostPort}. It is also the one place that enforces the safety contract: a policy
 * can look up fields and call methods on what the application handed it, never reach the
 * prototype chain (`constructor`, `__proto__`, `prototype`, ...) and never a global.
 * @module
 */

import { FORBIDDEN_NAMES, forbiddenLookupMessage } from "../check/forbidden-names.js";
import { type HostPort, isThenable, MISSING } from "../engine/host-port.js";
import { CMP_EQ, CMP_GEQ, CMP_GT, CMP_LEQ, CMP_LT, CMP_NEQ } from "../engine/operators.js";
import type { ConstantCell } from "../engine/templates.js";
import { Internal, isHostValue } from "../engine/terms.js";
import { polarError } from "../errors.js";
import { checkCall, checkConstruct, isGuarded } from "./call-guards.js";
import {
  ancestors,
  applicationClass,
  builtinClasses,
  type ClassOptions,
  classEquality,
  type RegisteredClass,
} from "./classes.js";
import { defaultEqualityFn, defaultEqualityProbe, type EqualityFn, type EqualityProbe } from "./equality.js";
import { repr } from "./repr.js";

/** Names that can never be registered: Polar's built-in union specializers. */
const RESERVED_NAMES = new Set(["Actor", "Resource"]);

export interface HostOptions {
  equalityFn?: EqualityFn | undefined;
  print?: ((message: string) => void) | undefined;
  /** The bound on what a host call receives and builds (see call-guards.ts). */
  maxHostValueSize?: number | undefined;
}

/** Default of the `maxHostValueSize` option: elements of a list, characters of a string. */
export const DEFAULT_MAX_HOST_VALUE_SIZE = 10_000_000;

export class Host implements HostPort {
  private readonly classes = new Map<string, RegisteredClass>();
  /** Classes registered with an `isaCheck`: membership then depends on values, not classes. */
  private customIsaChecks = 0;
  private readonly constants = new Map<string, ConstantCell>();
  readonly equalityFn: EqualityFn;
  /** Classes registered with an `equals` option, and that function. */
  private readonly classEquals = new Map<unknown, EqualityFn>();
  private readonly printer: (message: string) => void;
  private readonly maxSize: number;
  /** A host value as Polar prints it, with its registered class: `User { name: 'a' } TYPE \`User\``. */
  readonly repr = (value: unknown): string => `${repr(value, 0, true)} TYPE \`${this.classNameOf(value)}\``;

  private classNameOf(value: unknown): string {
    if (value === null || typeof value !== "object") return "UNKNOWN";
    let ctor: unknown;
    try {
      ctor = (value as object).constructor;
    } catch {
      // a Proxy that refuses to be read (this runs while reporting another error)
      return "UNKNOWN";
    }
    for (const c of this.classes.values()) if (!c.builtin && c.cls === ctor) return c.name;
    return "UNKNOWN";
  }

  constructor(options: HostOptions = {}) {
    this.equalityFn = options.equalityFn ?? defaultEqualityFn;
    this.printer = options.print ?? ((m) => console.log(m));
    this.maxSize = options.maxHostValueSize ?? DEFAULT_MAX_HOST_VALUE_SIZE;
    for (const c of builtinClasses()) {
      this.classes.set(c.name, c);
      this.setConstant(c.name, c.cls);
    }
    this.setConstant("nil", null);
  }

  /** Register an application class under its name (or `options.name`). */
  registerClass(cls: unknown, options: ClassOptions = {}): string {
    const entry = applicationClass(cls, options);
    if (RESERVED_NAMES.has(entry.name)) {
      throw polarError(
        "invalid_registration",
        `Invalid attempt to register '${entry.name}': '${entry.name}' is a built-in specializer.`,
      );
    }
    const existing = this.classes.get(entry.name);
    if (existing) {
      throw polarError(
        "duplicate_class_alias",
        `Attempted to alias ${repr(cls)} as '${entry.name}', but ${repr(existing.cls)} already has that alias.`,
      );
    }
    this.classes.set(entry.name, entry);
    if (options.isaCheck) this.customIsaChecks++;
    if (entry.equals) this.classEquals.set(cls, entry.equals);
    this.setConstant(entry.name, cls);
    return entry.name;
  }

  /** Register a constant (a later registration under the same name replaces it). */
  registerConstant(value: unknown, name: string): void {
    if (typeof name !== "string" || name === "") {
      throw polarError(
        "invalid_argument",
        "registerConstant(value, name): the name must be a non-empty string",
      );
    }
    if (RESERVED_NAMES.has(name)) {
      throw polarError(
        "invalid_registration",
        `Invalid attempt to register '${name}': '${name}' is a built-in specializer.`,
      );
    }
    this.setConstant(name, value);
  }

  private setConstant(name: string, value: unknown): void {
    let cell = this.constants.get(name);
    if (cell) {
      cell.value = value;
      cell.rejected = undefined;
    } else {
      cell = { name, value };
      this.constants.set(name, cell);
    }
    if (isThenable(value)) this.awaitConstant(cell, value);
  }

  /** Constants registered as Promises, not settled yet. */
  private readonly pending = new Map<ConstantCell, Promise<void>>();

  /** A Promise constant stands for its value once settled (queries wait for it). */
  private awaitConstant(cell: ConstantCell, promise: PromiseLike<unknown>): void {
    const settled = Promise.resolve(promise).then(
      (v) => {
        if (cell.value === promise) cell.value = v;
        this.pending.delete(cell);
      },
      (reason: unknown) => {
        if (cell.value === promise) cell.rejected = { reason };
        this.pending.delete(cell);
      },
    );
    this.pending.set(cell, settled);
  }

  /** A Promise settling every pending Promise constant, or null when there is none. */
  /** Is a constant still a Promise? (Cheap: no Promise made.) */
  hasPendingConstants(): boolean {
    return this.pending.size > 0;
  }

  pendingConstants(): Promise<unknown> | null {
    return this.pending.size === 0 ? null : Promise.all(this.pending.values());
  }

  /** The cell holding constant `name`, if registered. */
  constant(name: string): ConstantCell | undefined {
    return this.constants.get(name);
  }

  /** The names of every registered class and constant. */
  names(): string[] {
    return [...this.constants.keys()];
  }

  /** Is `name` a registered class? */
  hasClass(name: string): boolean {
    return this.classes.has(name);
  }

  /** The registered class `name`. */
  classNamed(name: string): RegisteredClass | undefined {
    return this.classes.get(name);
  }

  /** Names of registered classes whose class is, or extends, class `name` (for rule types). */
  isSubclass(sub: string, sup: string): boolean {
    if (sub === sup) return true;
    const a = this.classes.get(sub);
    const b = this.classes.get(sup);
    if (!a || !b || a.builtin || b.builtin) return false;
    const proto = (b.cls as { prototype?: unknown }).prototype;
    return (
      typeof a.cls === "function" &&
      proto !== undefined &&
      (a.cls as { prototype: object }).prototype instanceof (b.cls as new () => unknown)
    );
  }

  // ---- HostPort ----

  lookupField(receiver: unknown, name: string): unknown {
    checkLookup(receiver, name);
    if (receiver === null || receiver === undefined)
      throw appError(`${name} not found on ${repr(receiver)}.`);
    // a declared Relation is read through the adapter, as Oso does, even when the object
    // holds a value of its own (a stale or empty in-memory copy must not decide)
    if (this.isRelationField(receiver, name)) return this.relations!.read(receiver, name);
    const target = asObject(receiver);
    if (!(name in target)) throw appError(`${name} not found on ${repr(receiver)}.`);
    return target[name];
  }

  /**
   * Set by data filtering: `names` holds every field name some class declares as a
   * Relation (so a lookup of any other name costs one Set check), `declared` says whether
   * the receiver's class declares `name` as one, and `read` fetches it through the adapter
   * (the value or a Promise of it).
   */
  relations: {
    readonly names: ReadonlySet<string>;
    declared(receiver: unknown, name: string): boolean;
    read(receiver: unknown, name: string): unknown;
  } | null = null;

  mayBeRelation(name: string): boolean {
    return this.relations?.names.has(name) ?? false;
  }

  /** Is `receiver.name` a declared Relation, read through the adapter rather than the object? */
  isRelationField(receiver: unknown, name: string): boolean {
    const r = this.relations;
    if (r === null || !r.names.has(name)) return false;
    return r.declared(receiver, name);
  }

  callMethod(receiver: unknown, name: string, args: unknown[]): unknown {
    checkLookup(receiver, name);
    if (receiver === null || receiver === undefined)
      throw appError(`${repr(receiver)}.${name} is not a function`);
    const f = asObject(receiver)[name];
    if (typeof f !== "function") throw appError(`${repr(receiver)}.${name} is not a function`);
    checkCall(f, receiver, name, args, this.maxSize);
    return f.apply(receiver, args);
  }

  patternField(receiver: unknown, name: string): unknown {
    checkLookup(receiver, name);
    if (receiver === null || receiver === undefined) return MISSING;
    // `repo matches {org: o}` reads a declared Relation as `repo.org` does
    if (this.isRelationField(receiver, name)) return this.relations!.read(receiver, name);
    const target = asObject(receiver);
    return name in target ? target[name] : MISSING;
  }

  /**
   * True when no value can belong to both registered classes: neither extends the other
   * and no custom `isaCheck` could admit a value to both. Built-in classes overlap (1 is
   * both an Integer and a Float), so they are never unrelated.
   */
  unrelatedClasses(a: string, b: string): boolean {
    if (this.customIsaChecks > 0) return false;
    const ca = this.classes.get(a);
    const cb = this.classes.get(b);
    if (!ca || !cb || ca.builtin || cb.builtin) return false;
    return !this.isSubclass(a, b) && !this.isSubclass(b, a);
  }

  membershipKey(value: unknown): object | null {
    if (this.customIsaChecks > 0 || typeof value !== "object" || value === null) return null;
    const ctor = (value as object).constructor;
    return typeof ctor === "function" && ctor !== Object ? ctor : null;
  }

  isa(value: unknown, tag: string): boolean {
    const c = this.classes.get(tag);
    if (!c)
      throw polarError("unregistered_class_runtime", `Unregistered class: ${tag}.`, {
        hint: `Register it with oso.registerClass(${tag}).`,
      });
    return c.check(value);
  }

  isSubclassFirst(instance: unknown, a: string, b: string): boolean {
    const ca = this.classes.get(a);
    const cb = this.classes.get(b);
    if (!ca || !cb) return false;
    const chain = ancestors(instance);
    const ia = chain.indexOf(ca.cls);
    if (ia < 0) return false;
    const ib = chain.indexOf(cb.cls);
    return ib < 0 || ia < ib;
  }

  isHostInstance(value: unknown): boolean {
    return isHostValue(value);
  }

  /**
   * The equality probe of `key` (see host/equality.ts), when equality with it is the
   * default one: no `equalityFn` option, no class registered with `equals`.
   */
  equalityProbe(key: object): EqualityProbe | null {
    if (this.equalityFn !== defaultEqualityFn || this.classEquals.size > 0) return null;
    return defaultEqualityProbe(key);
  }

  /** A class's registered `equals` first (that of `a`, else of `b`), then the equality function. */
  equal(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    // a function is equal only to itself, and is never handed to application code
    if (typeof a === "function" || typeof b === "function") return false;
    if (this.classEquals.size > 0) {
      const byA = classEquality(this.classEquals, a);
      if (byA !== undefined) return byA(a, b) === true;
      const byB = classEquality(this.classEquals, b);
      if (byB !== undefined) return byB(b, a) === true;
    }
    return this.equalityFn(a, b);
  }

  compare(op: number, a: unknown, b: unknown): boolean {
    if (op !== CMP_EQ && op !== CMP_NEQ && (isPolarContainer(a) || isPolarContainer(b))) {
      // `<` on a dict runs its `valueOf`/`toString` fields: a function of the policy's choosing
      throw polarError("unsupported", "Not supported: ordering a list or dict against an application value");
    }
    switch (op) {
      case CMP_EQ:
        return this.equal(a, b);
      case CMP_LT:
        return (a as number) < (b as number);
      case CMP_LEQ:
        return (a as number) <= (b as number);
      case CMP_GT:
        return (a as number) > (b as number);
      case CMP_GEQ:
        return (a as number) >= (b as number);
      default:
        return !this.equal(a, b);
    }
  }

  iterate(value: unknown): Iterator<unknown> | AsyncIterator<unknown> {
    if (value !== null && value !== undefined) {
      const o = asObject(value);
      const asyncIt = o[Symbol.asyncIterator as unknown as string];
      if (typeof asyncIt === "function") return Reflect.apply(asyncIt, value, []) as AsyncIterator<unknown>;
      const it = o[Symbol.iterator as unknown as string];
      if (typeof it === "function") return Reflect.apply(it, value, []) as Iterator<unknown>;
    }
    throw polarError("invalid_iterator", `${repr(value)} is not iterable`, {
      hint: "`x in y` needs a list, dict, string, or an iterable host value.",
    });
  }

  construct(tag: string, args: unknown[]): unknown {
    const c = this.classes.get(tag);
    if (!c)
      throw polarError("unregistered_class_runtime", `Unregistered class: ${tag}.`, {
        hint: `Register it with oso.registerClass(${tag}).`,
      });
    checkConstruct(c.cls, tag, args, this.maxSize);
    return Reflect.construct(c.cls as new (...a: unknown[]) => unknown, args);
  }

  isGuarded(f: unknown): boolean {
    return isGuarded(f);
  }

  print(message: string): void {
    this.printer(message);
  }

  checkName(name: string): void {
    checkName(name);
  }

  checkLookup(receiver: unknown, name: string): void {
    checkLookup(receiver, name);
  }
}

function checkName(name: string): void {
  if (FORBIDDEN_NAMES.has(name)) throw polarError("forbidden_lookup_runtime", forbiddenLookupMessage(name));
}

/**
 * `f.call(x)`, `f.apply(x)` and `f.bind(x)` run an application function with a `this` of
 * the policy's choosing: for a function written in sloppy mode, `nil` means `globalThis`.
 */
const REBINDING: ReadonlySet<string> = new Set(["call", "apply", "bind"]);

function checkLookup(receiver: unknown, name: string): void {
  checkName(name);
  if (typeof receiver === "function" && REBINDING.has(name)) {
    throw polarError(
      "forbidden_lookup_runtime",
      `Looking up \`${name}\` on a function is not allowed: it would run the function with a \`this\` of the policy's choosing`,
    );
  }
}

function isPolarContainer(v: unknown): boolean {
  return typeof v === "object" && v !== null && (Array.isArray(v) || v instanceof Internal);
}

function asObject(v: unknown): Record<string, unknown> {
  return (typeof v === "object" || typeof v === "function" ? v : Object(v)) as Record<string, unknown>;
}

function appError(message: string) {
  return polarError("application_error", `Application error: ${message}`);
}

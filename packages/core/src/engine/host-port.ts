/**
 * The engine's view of the application: everything it asks of host objects.
 *
 * The machine never touches application objects directly; it goes through this port, so
 * it can be tested against a fake host and the real host can enforce the safety rules
 * (no prototype-chain escapes) in one place. Lookups and method calls may return
 * Promises; the machine suspends on them. Everything else is synchronous.
 * @module
 */
import type { ComparisonHost } from "./operators.js";
import type { SpecificityHost } from "./specializers.js";
import type { EqualityHost } from "./unify.js";

/**
 * Brands objects whose methods are the library's own helpers (the built-in roles' `Grant`):
 * they only read fields of what they are given, so a list scan calling them reads the clock
 * as often as for field reads, not after every call. Not exported from the package: an
 * application object cannot carry it, and a policy cannot write a symbol.
 */
export const LIBRARY_HELPER: unique symbol = Symbol("oso-ts library helper");

/** Returned by {@link HostPort.patternField} when the field is absent. */
export const MISSING: unique symbol = Symbol("missing");

export interface HostPort extends EqualityHost, ComparisonHost, SpecificityHost {
  /** `receiver.name`: the value, or a Promise of it. Throws a PolarError when absent or forbidden. */
  lookupField(receiver: unknown, name: string): unknown;
  /** `receiver.name(...args)`: the result, or a Promise of it. Throws a PolarError on failure. */
  callMethod(receiver: unknown, name: string, args: unknown[]): unknown;
  /**
   * Does `receiver`'s class declare `name` as a data-filtering Relation? Such a field is
   * read through {@link lookupField} (the adapter) even when the object holds a value of
   * its own, so fast paths that read properties directly must leave it to the ordinary path.
   */
  isRelationField(receiver: unknown, name: string): boolean;
  /** Can a field named `name` be a Relation of some class? False lets a fast path skip {@link isRelationField} per object. */
  mayBeRelation(name: string): boolean;
  /** A field checked by a dict or instance pattern: the value, a Promise of it, or MISSING. */
  patternField(receiver: unknown, name: string): unknown;
  /** Is `value` an instance of the class registered as `tag`? Throws when `tag` is not registered. */
  isa(value: unknown, tag: string): boolean;
  /**
   * A key (its class) under which `value`'s class memberships may be remembered, or null
   * when membership may depend on the value itself (a custom `isaCheck`, a plain object).
   */
  membershipKey(value: unknown): object | null;
  /** An iterator over a host value (`x in value`). Throws when it is not iterable. */
  iterate(value: unknown): Iterator<unknown> | AsyncIterator<unknown>;
  /** `new Tag(...args)` for a registered class. */
  construct(tag: string, args: unknown[]): unknown;
  /**
   * True when calls of function `f` must go through {@link callMethod} (a refused or
   * size-checked built-in): fast paths that call methods directly must not call it.
   */
  isGuarded(f: unknown): boolean;
  /**
   * A cheap necessary condition for equality with `key` (objects of `proto` whose own
   * `field` is another primitive are not equal to it), or null when equality is not the
   * default one or `key` has none. Lets list indexes skip elements without comparing.
   */
  equalityProbe(
    key: object,
  ): { readonly proto: object; readonly field: string; readonly value: unknown } | null;
  /** Output of `print(...)`. */
  print(message: string): void;
  /** Throw when a policy may not look up `name` on anything (prototype-chain escapes). */
  checkName(name: string): void;
  /** Throw when a policy may not look up `name` on `receiver` (`checkName`, and `f.call`...). */
  checkLookup(receiver: unknown, name: string): void;
  /** A host value as Polar prints it: `User { name: 'a' } TYPE \`User\``. */
  repr(value: unknown): string;
}

/** True for a Promise or any thenable. */
export function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (
    v !== null &&
    (typeof v === "object" || typeof v === "function") &&
    typeof (v as { then?: unknown }).then === "function"
  );
}

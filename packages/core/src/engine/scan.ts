/**
 * Fast scans: `x in list and <tests of x>` without interpreting the tests per element.
 *
 * Role checks are scans: `role in user.roles and role.name = name and role.resource = r`,
 * or the roles helper's `grant.has(role)`. When the goals right after an `in` are field
 * lookups or method calls that depend on the element only through the unbound item
 * variable, the machine pre-checks each element with direct property reads and calls. An
 * element a pre-check rejects is skipped without binding anything; otherwise the goals
 * are finished through the ordinary path with the values already computed, so the same
 * host calls happen in the same order and the answers are the same. A pre-check stops at
 * the first goal it cannot judge (an unusual element, a Promise), and the rest of the goals
 * run the ordinary way.
 * @module
 */
import { Cont, G_DOT, G_ISA, type Goal } from "./goals.js";
import { type HostPort, isThenable, LIBRARY_HELPER } from "./host-port.js";
import { probeRejects } from "./list-index.js";
import { build, type Frame } from "./templates.js";
import { DictPattern, deref, Internal, Var } from "./terms.js";

/**
 * Set by a test that let its element through without knowing that the goal succeeds (a
 * value the ordinary path must judge): the scan then runs no later test on that element,
 * since the ordinary path might stop at this goal and never run them (a getter read twice,
 * a method called that would not have been).
 */
export const UNSURE = { on: false };

/** The element certainly passes a `matches` test: the goal succeeds without running (it binds nothing). */
export const PASSED: unique symbol = Symbol("passed");

/** The element fails the test: skip it. */
export const SKIP: unique symbol = Symbol("skip");
/** The element is unusual: run this test (and the following ones) the ordinary way. */
export const ORDINARY: unique symbol = Symbol("ordinary");

/** A prepared test: `SKIP`, `ORDINARY`, or the lookup's result to finish the goal with. */
export type ScanTest = (element: unknown) => unknown;

/** Pre-checks for consecutive goals after an `in`, with the continuation after each. */
export interface Scan {
  readonly tests: readonly ScanTest[];
  readonly goals: readonly Goal[];
  readonly after: readonly (Cont | null)[];
  readonly frame: Frame;
  /** Does a test call a host method (the clock is then read after every element)? */
  readonly calls: boolean;
  /**
   * When the first test is `item matches {k: v, ...}` with known values: the pattern, by
   * which the list may be indexed for the query (list-index.ts).
   */
  readonly pattern: { readonly keys: readonly string[]; readonly values: readonly unknown[] } | null;
}

/** An application object (not a Polar value or an internal term). */
function isPlainHost(v: unknown): v is Record<string, unknown> {
  return (
    (typeof v === "object" && v !== null && !(v instanceof Internal) && !Array.isArray(v)) ||
    typeof v === "function"
  );
}

function isPrimitive(v: unknown): v is string | number | bigint | boolean {
  const t = typeof v;
  return t === "string" || t === "number" || t === "boolean" || t === "bigint";
}

/** A string the ordinary path refuses (`maxHostValueSize`): a pre-check must not skip it. */
function tooLong(v: unknown, maxSize: number): boolean {
  return typeof v === "string" && v.length > maxSize;
}

/** Does primitive `v` certainly fail to unify with primitive `key`? */
function differs(v: string | number | bigint | boolean, key: string | number | bigint | boolean): boolean {
  if (v === key) return false;
  const tv = typeof v;
  const tk = typeof key;
  if ((tv === "number" || tv === "bigint") && (tk === "number" || tk === "bigint")) {
    // biome-ignore lint/suspicious/noDoubleEquals: exact comparison across number and bigint
    return v != key;
  }
  return true;
}

/**
 * Plan pre-checks for the goals of `k` (the continuation after `item in list`), or null when
 * the first of them is not a test the scan can pre-check.
 */
export function planScan(item: unknown, k: Cont | null, host: HostPort, maxSize: number): Scan | null {
  const v = deref(item);
  // constraints waiting on the item run before the goals after the `in`; a pre-check would
  // call the host for elements they reject, in another order than the ordinary path
  if (k === null || !(v instanceof Var) || v.constraints !== null) return null;
  const tests: ScanTest[] = [];
  const goals: Goal[] = [];
  const after: (Cont | null)[] = [];
  let next: Cont | null = k;
  let pattern: Scan["pattern"] = null;
  for (let i = k.i; i < k.goals.length; i++) {
    const goal = k.goals[i]!;
    const isa = goal.op === G_ISA ? planMatches(v, goal, k.frame, host, maxSize) : null;
    const test = isa !== null ? isa.test : planTest(v, goal, k.frame, host, maxSize);
    if (test === null) break;
    tests.push(test);
    goals.push(goal);
    next = i + 1 < k.goals.length ? new Cont(k.goals, i + 1, k.frame, k.barrier, k.next, k.depth) : k.next;
    after.push(next);
    if (isa !== null) {
      if (i === k.i) pattern = isa.pattern;
      // the test read the element's fields: the goals after it read them again, not sooner
      break;
    }
  }
  if (tests.length === 0) return null;
  if (pattern === null) pattern = fieldPattern(v, goals, k.frame);
  return {
    tests,
    goals,
    after,
    frame: k.frame,
    calls: goals.some((g) => g.op === G_DOT && callsApplication(g, k.frame)),
    pattern,
  };
}

/**
 * Leading field tests `item.f = v` with known values read as the pattern `{f: v, ...}`, by
 * which the list may be indexed: the index only rules out elements whose first field the
 * first test would reject (see list-index.ts), in the tests' order.
 */
function fieldPattern(item: Var, goals: readonly Goal[], frame: Frame): Scan["pattern"] {
  const keys: string[] = [];
  const values: unknown[] = [];
  for (const g of goals) {
    if (g.op !== G_DOT || g.c !== null || g.d === null || typeof g.b !== "string") break;
    if (deref(build(g.a, frame)) !== item) break;
    const value = deref(build(g.d, frame));
    if (!isKnown(value)) break;
    keys.push(g.b);
    values.push(value);
  }
  return keys.length === 0 ? null : { keys, values };
}

/** A value a pattern field is compared with, known before the scan: a primitive or an application object. */
function isKnown(v: unknown): boolean {
  return isPrimitive(v) || (isPlainHost(v) && typeof v !== "function") || v === null || v === undefined;
}

/**
 * `item matches {k: v, ...}` with every `v` known: each element's fields are read directly
 * and compared as unification would (primitives by value, objects by identity, then the
 * host's equality). Every field equal: the goal succeeds (matching binds nothing). One
 * field certainly different: skip. Anything else (a missing field, which may be a Relation;
 * a Promise; a list; a string over the size bound...): the ordinary path runs the goal.
 */
function planMatches(
  item: Var,
  goal: Goal,
  frame: Frame,
  host: HostPort,
  maxSize: number,
): { test: ScanTest; pattern: NonNullable<Scan["pattern"]> } | null {
  if (deref(build(goal.a, frame)) !== item) return null;
  const pattern = deref(build(goal.b, frame));
  if (!(pattern instanceof DictPattern) || pattern.keys.length === 0) return null;
  const keys = pattern.keys;
  const values = pattern.values.map(deref);
  if (!values.every(isKnown)) return null;
  try {
    for (const k of keys) host.checkName(k);
  } catch {
    return null; // the ordinary path reports it
  }
  const n = keys.length;
  const probes = values.map((v) =>
    isPlainHost(v) && typeof v !== "function" ? host.equalityProbe(v) : null,
  );
  const test: ScanTest = (e) => {
    if (typeof e !== "object" || e === null || e instanceof Internal || Array.isArray(e)) return ORDINARY;
    const fields = e as Record<string, unknown>;
    for (let i = 0; i < n; i++) {
      const k = keys[i]!;
      const key = values[i];
      const v = fields[k];
      if (v === key) continue;
      if (v === undefined && !(k in fields)) return ORDINARY;
      if (isPrimitive(key)) {
        if (isPrimitive(v) && differs(v, key) && !tooLong(v, maxSize)) return SKIP;
        return ORDINARY;
      }
      if (
        tooLong(v, maxSize) ||
        (typeof v === "object" && v !== null && (isThenable(v) || v instanceof Internal || Array.isArray(v)))
      ) {
        return ORDINARY;
      }
      if (typeof v === "function" || isPrimitive(v)) return ORDINARY;
      const probe = probes[i];
      if (probe !== null && probeRejects(probe!, v)) return SKIP;
      // as unification of the field with the pattern's value compares an application object
      if (!host.equal(v, key)) return SKIP;
    }
    return PASSED;
  };
  return { test, pattern: { keys, values } };
}

function planTest(item: Var, goal: Goal, frame: Frame, host: HostPort, maxSize: number): ScanTest | null {
  if (goal.op !== G_DOT || typeof goal.b !== "string") return null;
  const name = goal.b;
  try {
    host.checkName(name);
  } catch {
    return null; // the ordinary path reports it
  }
  const receiver = deref(build(goal.a, frame));
  const onItem = receiver === item;
  if (!onItem) {
    if (!isPlainHost(receiver)) return null;
    try {
      host.checkLookup(receiver, name);
    } catch {
      return null;
    }
  }
  const verdict = verdictFor(goal, frame, host, maxSize);
  if (verdict === null) return null;

  const argTemplates = goal.c as readonly unknown[] | null;
  if (argTemplates === null) {
    if (!onItem) return null;
    return fieldTest(name, verdict, host);
  }
  const args = argTemplates.map((t) => deref(build(t, frame)));
  const itemAt = args.indexOf(item);
  // a function value is never an argument: the ordinary path refuses it
  const fixed = (a: unknown, i: number) =>
    i === itemAt ||
    isPrimitive(a) ||
    (isPlainHost(a) && typeof a !== "function") ||
    a === null ||
    a === undefined;
  if (!args.every(fixed) || args.some((a, i) => i !== itemAt && a === item)) return null;
  return (e) => {
    const target = onItem ? e : receiver;
    if (!isPlainHost(target)) return ORDINARY;
    // an element's own methods are its to have; a function's (`f.call`) the ordinary path's to refuse
    if (onItem && typeof target === "function") return ORDINARY;
    const f = target[name];
    // a refused or size-checked built-in: the ordinary path's to judge
    if (typeof f !== "function" || host.isGuarded(f)) return ORDINARY;
    if (itemAt < 0) return verdict(f.apply(target, args));
    // the element goes to the host as it is: only when it is an application object
    if (!isPlainHost(e) || typeof e === "function") return ORDINARY;
    if (args.length === 1) return verdict(f.call(target, e));
    const callArgs = args.slice();
    callArgs[itemAt] = e;
    return verdict(f.apply(target, callArgs));
  };
}

/** Does method-call goal `goal` run application code (not one of the library's own helpers)? */
function callsApplication(goal: Goal, frame: Frame): boolean {
  if (goal.c === null) return false;
  const receiver = deref(build(goal.a, frame));
  return !(isPlainHost(receiver) && (receiver as { [LIBRARY_HELPER]?: unknown })[LIBRARY_HELPER] === true);
}

/** Results the machine will not use after all: a Promise among them must not reject unobserved. */
export function dropResults(results: readonly unknown[], from: number, to: number): void {
  for (let t = from; t < to; t++) {
    const r = results[t];
    if (typeof r === "object" && r !== null && isThenable(r)) Promise.resolve(r).catch(() => {});
  }
}

/** A field test (`x.name = key`): a direct property read, judged by `verdict`. */
function fieldTest(name: string, verdict: (result: unknown) => unknown, host: HostPort): ScanTest {
  return (e) => {
    if (typeof e !== "object" || e === null || e instanceof Internal || Array.isArray(e)) return ORDINARY;
    // a declared Relation is the adapter's to answer, not the object's own property
    if (host.isRelationField(e, name)) return ORDINARY;
    const value = (e as Record<string, unknown>)[name];
    // a missing field is the ordinary path's error to report
    if (value === undefined && !(name in e)) return ORDINARY;
    return verdict(value);
  };
}

/**
 * How a result is judged: against the value the goal's result must unify with (a
 * primitive, or an application object compared with the host's equality, exactly as
 * unification would), or as a condition when the goal has no result.
 */
function verdictFor(
  goal: Goal,
  frame: Frame,
  host: HostPort,
  maxSize: number,
): ((result: unknown) => unknown) | null {
  if (goal.d === null)
    return (result) => {
      if (result === false) return SKIP;
      if (result !== true) UNSURE.on = true;
      return result;
    };
  const key = deref(build(goal.d, frame));
  if (isPrimitive(key)) {
    return (result) => {
      if (result === key) return result;
      // a string over the size bound is an error on the ordinary path, never a skip
      if (isPrimitive(result) && differs(result, key) && !tooLong(result, maxSize)) return SKIP;
      UNSURE.on = true;
      return result;
    };
  }
  if (isPlainHost(key) || key === null || key === undefined) {
    const probe = isPlainHost(key) && typeof key !== "function" ? host.equalityProbe(key) : null;
    return (result) => {
      if (result === key) return result;
      if (
        tooLong(result, maxSize) ||
        (typeof result === "object" &&
          result !== null &&
          (isThenable(result) || result instanceof Internal || Array.isArray(result)))
      ) {
        // Promises, Polar values and refused values are for the ordinary path to judge
        UNSURE.on = true;
        return result;
      }
      // another object of the key's class with another id: not equal (no need to compare)
      if (probe !== null && probeRejects(probe, result)) return SKIP;
      // equality is asked again when the goal is finished: it must be a pure function
      return host.equal(key, result) ? result : SKIP;
    };
  }
  return null;
}

/**
 * Prechecks of the compiled tier's list loops: `role in list and role matches {name: n,
 * resource: r}` reads the fields of each element directly and skips those the pattern
 * certainly rejects, without binding and running the pattern goal.
 *
 * A precheck is a filter only: it may skip an element only when the pattern goal would
 * fail on it without an error, a wait or a bail. So the fields are judged in the pattern's
 * order (the goal reads them in that order, and an earlier field may be an error), and a
 * field is "certainly different" only when both sides are plain primitives (a string
 * within the size bound), or when the host's equality probe rules an object out (see
 * `HostPort.equalityProbe`). Anything else keeps the element for the goal to decide. A
 * field that may be a data-filtering Relation is read through the adapter by the goal:
 * then the loop runs without a precheck.
 *
 * The test is generated code with the field names written in (see access.ts: one inline
 * cache per field), or a closure where code generation is not allowed.
 * @module
 */
import { G_ISA, type Goal } from "../goals.js";
import { isThenable } from "../host-port.js";
import { probeRejects } from "../list-index.js";
import { Slot, TDictPattern, Tmpl } from "../templates.js";
import { Internal } from "../terms.js";
import { generateCode } from "./codegen.js";
import { type Env, HOLE, type Runtime } from "./runtime.js";
import { forbiddenName, same } from "./values.js";

/** Keep (true) or skip (false) element `e` of the list, in `env`. */
export type PrecheckTest = (env: Env, e: unknown) => boolean;

/** A precheck, and whether it may run for this loop (no field is a Relation). */
export interface Precheck {
  usable(): boolean;
  readonly test: PrecheckTest;
  /** The pattern's fields, and the templates of the values they are matched with. */
  readonly keys: readonly string[];
  readonly values: readonly unknown[];
}

const SAME = 1;
const DIFFERENT = 0;
const UNSURE = -1;

/** The precheck for `item in list` followed by `following`, or null when there is none. */
export function precheckFor(rt: Runtime, item: Slot, following: Goal | undefined): Precheck | null {
  if (following === undefined || following.op !== G_ISA || following.a !== item) return null;
  const p = following.b;
  if (!(p instanceof TDictPattern) || p.keys.length === 0) return null;
  // only values the pattern compares as they are (not nested patterns)
  if (p.values.some((v) => v instanceof Tmpl && !(v instanceof Slot))) return null;
  // a name the host refuses is an error of the pattern goal, which must see every element
  if (p.keys.some((k) => forbiddenName(rt, k))) return null;
  const { keys, values } = p;
  const compareTo = (v: unknown, target: unknown): number => compare(rt, v, target);
  return {
    usable: () => !keys.some((k) => rt.host.mayBeRelation(k)),
    test: generated(rt, keys, values, compareTo) ?? interpreted(rt, keys, values, compareTo),
    keys,
    values,
  };
}

function generated(
  rt: Runtime,
  keys: readonly string[],
  values: readonly unknown[],
  compareTo: (v: unknown, target: unknown) => number,
): PrecheckTest | null {
  const constants: unknown[] = [];
  const fields = keys.map((k, i) => {
    const t = values[i];
    const target = t instanceof Slot ? `env[${t.index}]` : `K[${constants.push(t) - 1}]`;
    const key = JSON.stringify(k);
    // With a timeout, a field that is not an own one (a getter) is left to the pattern
    // goal, which reads the clock around it (the interpreter would report the timeout).
    // A slot may hold a Promise (an element of a list): the same Promise in the field is
    // no match, the interpreter waits for the field's value.
    return `
    t = ${target};
    if (t === HOLE) return true;
    try {
      if (timed && !Object.hasOwn(e, ${key})) return true;
      v = e[${key}];
      if (v === undefined && !(${key} in e)) return false;
    } catch (_) {
      return true;
    }
    if (typeof v === "string" && typeof t === "string") {
      if (v.length > rt.limits.maxHostValueSize || t.length > rt.limits.maxHostValueSize) return true;
      if (v !== t) return false;
    } else if (v === t) {
      if (isThenable(v)) return true;
    } else {
      if (typeof t === "object" && t !== null && !(t instanceof Internal)) {
        p = rt.probeOf(t);
        if (p === null || typeof v !== "object" || v === null || Object.getPrototypeOf(v) !== p.proto) return true;
        f = v[p.field];
        if (f !== null && (typeof f === "object" || typeof f === "function")) return true;
        return f === p.value || (f !== f && p.value !== p.value);
      }
      c = compareTo(v, t);
      if (c !== 1) return c === -1;
    }`;
  });
  return generateCode(
    () =>
      new Function(
        "Internal",
        "HOLE",
        "K",
        "compareTo",
        "rt",
        "isThenable",
        `return function precheck(env, e) {
    if (typeof e !== "object" || e === null || e instanceof Internal || Array.isArray(e)) return true;
    const timed = rt.timed;
    let t, v, c, p, f;${fields.join("")}
    return true;
  };`,
      )(Internal, HOLE, constants, compareTo, rt, isThenable) as PrecheckTest,
  );
}

function interpreted(
  rt: Runtime,
  keys: readonly string[],
  values: readonly unknown[],
  compareTo: (v: unknown, target: unknown) => number,
): PrecheckTest {
  return (env, e) => {
    if (typeof e !== "object" || e === null || e instanceof Internal || Array.isArray(e)) return true;
    for (let i = 0; i < keys.length; i++) {
      const t = values[i];
      const target = t instanceof Slot ? env[t.index] : t;
      if (target === HOLE) return true;
      const k = keys[i]!;
      let v: unknown;
      try {
        // a getter with a timeout: the pattern goal reads the clock around it
        if (rt.timed && !Object.hasOwn(e, k)) return true;
        v = (e as Record<string, unknown>)[k];
        if (v === undefined && !(k in e)) return false; // the pattern fails on a missing field
      } catch {
        return true; // the goal reports it
      }
      const verdict = compareTo(v, target);
      if (verdict !== SAME) return verdict === UNSURE;
    }
    return true;
  };
}

function isPlainPrimitive(rt: Runtime, v: unknown): boolean {
  const t = typeof v;
  if (t === "string") return (v as string).length <= rt.limits.maxHostValueSize;
  return t === "number" || t === "boolean" || t === "bigint";
}

function compare(rt: Runtime, v: unknown, target: unknown): number {
  if (v === target && typeof v !== "string" && !isThenable(v)) return SAME;
  if (isPlainPrimitive(rt, v)) {
    if (isPlainPrimitive(rt, target)) return same(rt, v, target) ? SAME : DIFFERENT;
    return UNSURE;
  }
  if (typeof target === "object" && target !== null && !(target instanceof Internal)) {
    const probe = rt.probeOf(target);
    if (probe !== null && probeRejects(probe, v)) return DIFFERENT;
  }
  return UNSURE;
}

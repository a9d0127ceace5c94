/**
 * Values in the compiled tier: reading fields, comparing finished values, and unifying a
 * rule's templates with values into its slots, each the way the interpreter does it
 * (lookups.ts, matching.ts, unify.ts) or not at all (a bail, see runtime.ts).
 *
 * Bindings made into slots are recorded in an `undo` list of slot indexes; the caller
 * resets them when the rest of its conjunction fails.
 * @module
 */
import { isThenable } from "../host-port.js";
import { isMemberOf } from "../matching.js";
import {
  ConstRef,
  makeDict,
  Slot,
  TDict,
  TDictPattern,
  TInstancePattern,
  TList,
  Tmpl,
} from "../templates.js";
import { Dict, Internal, isHostValue } from "../terms.js";
import { unify } from "../unify.js";
import { ABSENT_FIELD, type FieldReader, fieldReader, type OwnCheck, ownCheck } from "./access.js";
import { bail, type Env, HOLE, type Runtime } from "./runtime.js";

/** A Polar dict without the key: the lookup fails (no error), as in the interpreter. */
export const ABSENT: unique symbol = Symbol("absent");

/**
 * `receiver.name` (a field, not a method): the value, or {@link ABSENT} for a dict without
 * the key. Everything the interpreter would report as an error, wait for, or hand to an
 * adapter bails: a primitive or missing receiver, a missing field, a Relation field, a
 * Promise, a value over the size bound.
 */
export function readField(
  rt: Runtime,
  receiver: unknown,
  name: string,
  read: FieldReader,
  own: OwnCheck,
): unknown {
  if (typeof receiver !== "object" || receiver === null) bail();
  if (receiver instanceof Internal) {
    if (receiver instanceof Dict) return Object.hasOwn(receiver, name) ? receiver[name] : ABSENT;
    bail();
  }
  if (Array.isArray(receiver) || rt.host.isRelationField(receiver, name)) bail();
  const slow = mayBeSlow(rt, receiver, own);
  const v = read(receiver);
  if (v === ABSENT_FIELD) bail();
  return received(rt, v, slow);
}

/**
 * Is reading a field of `receiver` application code that may be slow (not an own field:
 * a getter)? Then the decision's clock starts before it runs (see `Runtime.startClock`),
 * and {@link received} reads it after. False when decisions have no timeout.
 */
export function mayBeSlow(rt: Runtime, receiver: object, own: OwnCheck): boolean {
  if (!rt.timed || own(receiver)) return false;
  rt.startClock();
  return true;
}

/**
 * A value read from the application, checked as `Machine.received` checks it. An own
 * field ran no code; anything else (a getter, `slow`) may have been slow: past the
 * deadline the interpreter takes over (and reports the timeout).
 */
export function received(rt: Runtime, v: unknown, slow: boolean): unknown {
  if (isThenable(v)) bail();
  if ((typeof v === "string" || Array.isArray(v)) && v.length > rt.limits.maxHostValueSize) bail();
  if (slow && rt.expired()) bail();
  return v;
}

/**
 * Do two finished values unify? (They hold no variables, so nothing is bound.)
 *
 * NaN against NaN bails: NaN unifies with nothing, but the interpreter unifies a variable
 * with itself whatever it holds (`n = n` with `n` bound to NaN by the body holds), and
 * the tier's slots do not say whether a value came through one variable or two.
 */
export function same(rt: Runtime, a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "string" && typeof b === "string") return false;
  // biome-ignore lint/suspicious/noSelfCompare: NaN is the only value unequal to itself
  if (a !== a && b !== b) bail();
  return unify(a, b, rt.bindings, rt.host);
}

/** A template's value in `env`: HOLE for an unbound slot; a compound with an unbound part bails. */
export function valueIn(t: unknown, env: Env): unknown {
  if (!(t instanceof Tmpl)) return t;
  if (t instanceof Slot) return env[t.index];
  if (t instanceof ConstRef) return t.build();
  if (t instanceof TList) {
    const items = t.items.map((i) => finished(i, env));
    if (t.rest === null) return items;
    // `[x, *rest]` with `rest` bound to a list: one list, as the application would see it
    const rest = finished(t.rest, env);
    return Array.isArray(rest) ? items.concat(rest) : bail();
  }
  if (t instanceof TDict) {
    return makeDict(
      t.keys,
      t.values.map((v) => finished(v, env)),
    );
  }
  return bail();
}

/** A template's value, which must be bound. */
export function finished(t: unknown, env: Env): unknown {
  const v = valueIn(t, env);
  if (v === HOLE) bail();
  return v;
}

/** Unify template `t` with finished value `v`, binding unbound slots of `env` (recorded in `undo`). */
export function unifyInto(rt: Runtime, t: unknown, v: unknown, env: Env, undo: number[]): boolean {
  if (!(t instanceof Tmpl)) return same(rt, t, v);
  if (t instanceof Slot) {
    const cur = env[t.index];
    if (cur !== HOLE) return same(rt, cur, v);
    env[t.index] = v;
    undo.push(t.index);
    return true;
  }
  if (t instanceof ConstRef) return same(rt, t.build(), v);
  if (t instanceof TList && t.rest === null && Array.isArray(v)) {
    if (t.items.length !== v.length) return false;
    for (let i = 0; i < v.length; i++) if (!unifyInto(rt, t.items[i], v[i], env, undo)) return false;
    return true;
  }
  // a compound against something else: compared whole when bound, else the interpreter's
  return same(rt, finished(t, env), v);
}

/** `v matches p` for one compiled pattern: binds slots of `env` (recorded in `undo`). */
export type Matcher = (v: unknown, env: Env, undo: number[]) => boolean;

/** Compile pattern template `p` (the right side of `matches`, or a specializer). */
export function compileMatcher(rt: Runtime, p: unknown): Matcher {
  if (p instanceof TInstancePattern) {
    const member = memberCheck(rt, p.tag);
    const fields = fieldsMatcher(rt, p.keys, p.values);
    return (v, env, undo) => member(v) && fields(v, env, undo);
  }
  if (p instanceof TDictPattern) return fieldsMatcher(rt, p.keys, p.values);
  if (p instanceof TList || Array.isArray(p)) return () => bail();
  return (v, env, undo) => matchValue(rt, v, p, env, undo);
}

/**
 * `v matches p` for a pattern that is a value (a variable, a constant, a literal): the
 * interpreter unifies `v` with it, `v` first (see {@link unifyLeft}), except that a list
 * is matched element by element (`matchList`), which the tier leaves to it.
 */
function matchValue(rt: Runtime, v: unknown, p: unknown, env: Env, undo: number[]): boolean {
  if (p instanceof Slot || p instanceof ConstRef) {
    const cur = valueIn(p, env);
    if (Array.isArray(cur)) bail();
  }
  return unifyLeft(rt, v, p, env, undo);
}

/**
 * Unify finished value `v` with template `t`, in the order `v = t`: the interpreter's
 * unification asks the host's equality with its left operand first, and an equality
 * (`equalityFn`, a class's `equals`) need not be symmetric. {@link unifyInto} is the order
 * `t = v` (a rule's head: the parameter first).
 */
export function unifyLeft(rt: Runtime, v: unknown, t: unknown, env: Env, undo: number[]): boolean {
  if (!(t instanceof Tmpl)) return same(rt, v, t);
  if (t instanceof Slot) {
    const cur = env[t.index];
    if (cur !== HOLE) return same(rt, v, cur);
    env[t.index] = v;
    undo.push(t.index);
    return true;
  }
  if (t instanceof TList && t.rest === null && Array.isArray(v)) {
    if (t.items.length !== v.length) return false;
    for (let i = 0; i < v.length; i++) if (!unifyLeft(rt, v[i], t.items[i], env, undo)) return false;
    return true;
  }
  return same(rt, v, finished(t, env));
}

/** A field name the host refuses to look up (`constructor`...): reading or matching it on an application value is an error. */
export function forbiddenName(rt: Runtime, name: string): boolean {
  try {
    rt.host.checkName(name);
    return false;
  } catch {
    return true;
  }
}

function fieldsMatcher(rt: Runtime, keys: readonly string[], values: readonly unknown[]): Matcher {
  if (keys.length === 0) return () => true;
  const readers = keys.map(fieldReader);
  const owns = keys.map(ownCheck);
  const subs = values.map((v) => compileMatcher(rt, v));
  // the host checks each name as it reaches it (a dict's keys are not checked)
  const refused = keys.map((k) => forbiddenName(rt, k));
  const n = keys.length;
  return (v, env, undo) => {
    if (v instanceof Dict) {
      for (let i = 0; i < n; i++) {
        const k = keys[i]!;
        if (!Object.hasOwn(v, k) || !subs[i]!(v[k], env, undo)) return false;
      }
      return true;
    }
    // Polar values other than dicts have no fields a pattern could name
    if (!isHostValue(v)) return false;
    if (v === null || v === undefined) {
      // the first field is missing, once its name has been checked
      if (refused[0]) bail();
      return false;
    }
    if (typeof v !== "object") bail();
    for (let i = 0; i < n; i++) {
      const k = keys[i]!;
      if (refused[i] || rt.host.isRelationField(v, k)) bail();
      const slow = mayBeSlow(rt, v, owns[i]!);
      const f = readers[i]!(v);
      if (f === ABSENT_FIELD || !subs[i]!(received(rt, f, slow), env, undo)) return false;
    }
    return true;
  };
}

/**
 * Class membership (`isMember`), remembered at this site for the last class seen: the
 * host's membership key says when membership depends on the class alone.
 */
export function memberCheck(rt: Runtime, tag: string): (v: unknown) => boolean {
  let lastKey: object | null = null;
  let last = false;
  return (v) => {
    const key = rt.host.membershipKey(v);
    if (key !== null && key === lastKey) return last;
    const member = isMemberOf(rt.kb, rt.host, v, tag);
    if (key !== null) {
      lastKey = key;
      last = member;
    }
    return member;
  };
}

/** Unbind the slots recorded in `undo` from position `from` on. */
export function restore(env: Env, undo: number[], from = 0): void {
  while (undo.length > from) env[undo.pop()!] = HOLE;
}

/** Every field name a pattern template reads (to check them against forbidden names at compile time). */
export function patternKeys(p: unknown, out: string[] = []): string[] {
  if (p instanceof TInstancePattern || p instanceof TDictPattern) {
    out.push(...p.keys);
    for (const v of p.values) patternKeys(v, out);
  }
  return out;
}

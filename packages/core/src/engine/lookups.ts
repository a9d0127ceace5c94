/**
 * The `.` goal: dict field lookups in Polar, field lookups and method calls on host
 * values, and the conversion of Polar terms into plain JavaScript values for host calls.
 * @module
 */
import { polarError } from "../errors.js";
import { FAIL, OK } from "./choices.js";
import type { Cont, Goal } from "./goals.js";
import { isThenable, LIBRARY_HELPER } from "./host-port.js";
import type { Machine } from "./machine.js";
import { rebuild } from "./rebuild.js";
import { build, type Frame, isLiteral } from "./templates.js";
import {
  Dict,
  DictPattern,
  deref,
  dictKeys,
  InstancePattern,
  Internal,
  ListRest,
  Var,
  Variable,
} from "./terms.js";
import { flattenList, unify } from "./unify.js";

/** The G_DOT goal. */
export function dotGoal(m: Machine, goal: Goal, c: Cont): number {
  const frame = c.frame;
  const receiver = deref(build(goal.a, frame));
  let name = goal.b;
  if (typeof name !== "string") {
    const key = deref(build(name, frame));
    if (key instanceof Var) {
      if (receiver instanceof Dict && goal.c === null) return enumerateDict(m, receiver, key, goal, frame);
      if (receiver instanceof Var) return m.freeze(receiver, goal, frame);
      throw polarError("unsupported", "Not supported: looking up an unbound key on a host value");
    }
    if (typeof key !== "string") {
      throw polarError("type_error", `Type error: a field name must be a string, this is ${m.print(key)}`);
    }
    name = key;
  }
  const argTemplates = goal.c as readonly unknown[] | null;
  if (receiver instanceof Var) {
    if (argTemplates !== null) {
      throw polarError(
        "unsupported",
        `Not supported: cannot call method on unbound variable ${receiver.name}`,
      );
    }
    // a field of a value not known yet: check it once the receiver is bound
    return m.freeze(receiver, goal, frame);
  }
  if (receiver instanceof Dict && argTemplates === null) {
    m.host.checkName(name as string);
    return Object.hasOwn(receiver, name as string)
      ? finishDot(m, goal, frame, receiver[name as string])
      : FAIL;
  }
  if (
    typeof receiver === "boolean" ||
    receiver instanceof DictPattern ||
    receiver instanceof InstancePattern
  ) {
    throw polarError(
      "type_error",
      `Type error: can only perform lookups on dicts and instances, this is ${m.print(receiver)}`,
    );
  }
  const target = toHost(receiver);
  let result: unknown;
  if (argTemplates === null) {
    result = m.host.lookupField(target, name as string);
    // an own field ran no application code: no clock read (see Machine.received)
    if (!isThenable(result) && isOwnField(target, name as string))
      return finishDot(m, goal, frame, m.checkSize(result));
  } else {
    const args = new Array<unknown>(argTemplates.length);
    for (let i = 0; i < args.length; i++) args[i] = toHost(build(argTemplates[i], frame));
    result = m.host.callMethod(target, name as string, args);
    // the library's own helpers (the built-in roles) are not slow application code
    if (isLibraryHelper(target) && !isThenable(result)) return finishDot(m, goal, frame, result);
  }
  return completeDot(m, goal, frame, result);
}

function isLibraryHelper(v: unknown): boolean {
  return (
    typeof v === "object" && v !== null && (v as { [LIBRARY_HELPER]?: unknown })[LIBRARY_HELPER] === true
  );
}

/**
 * Finish a `.` goal with the host's result (awaiting it when it is a Promise). `clock`:
 * read the clock (false when the caller, a list scan, has its own schedule for it).
 */
export function completeDot(m: Machine, goal: Goal, frame: Frame, result: unknown, clock = true): number {
  if (isThenable(result)) return m.suspendOn(result, goal, (v) => finishDot(m, goal, frame, m.received(v)));
  return finishDot(m, goal, frame, clock ? m.received(result) : m.checkSize(result));
}

function finishDot(m: Machine, goal: Goal, frame: Frame, value: unknown): number {
  if (m.tracer !== null) m.tracer.host(goal, frame, value);
  const out = goal.d;
  if (out === null) return truthy(m, value);
  return unify(build(out, frame), value, m.bindings, m.host) ? OK : FAIL;
}

/** A value used as a condition: true succeeds, false fails, an unbound variable becomes true. */
export function truthy(m: Machine, value: unknown): number {
  const v = deref(value);
  if (v === true) return OK;
  if (v === false) return FAIL;
  if (v instanceof Var) {
    m.bindings.bind(v, true);
    return OK;
  }
  throw polarError(
    "type_error",
    `Type error: ${m.print(v)} isn't something that is true or false so can't be a condition`,
  );
}

/** `d.(k)` with `k` unbound: one solution per key, in key order. */
function enumerateDict(m: Machine, d: Dict, key: Var, goal: Goal, frame: Frame): number {
  const out = goal.d === null ? true : build(goal.d, frame);
  const pairs = dictKeys(d).map((k) => [k, d[k]]);
  return m.iterateList([key, out], pairs);
}

/**
 * A term as a plain JavaScript value for a host call: bound variables replaced by their
 * values, unbound ones by {@link Variable}s. Values without variables are returned as they
 * are (no copy), so host arrays and objects keep their identity; the policy's own list
 * and dict literals are copied, so the application never holds (and mutates) them.
 */
export function toHost(t: unknown): unknown {
  if (typeof t !== "object" || t === null) return t;
  if (!(t instanceof Internal) && !Array.isArray(t)) return t;
  // the common case, a list of application objects (`[resource]`): nothing to rebuild
  if (Array.isArray(t) && !isLiteral(t) && t.every(isHostLeaf)) return t;
  return rebuild(t, hostLeaf, isLiteral, "A value handed to the application");
}

function isHostLeaf(e: unknown): boolean {
  return typeof e !== "object" || e === null || (!(e instanceof Internal) && !Array.isArray(e));
}

/** A term's leaf as the application sees it: unbound variables as `Variable`s, open lists closed. */
function hostLeaf(term: unknown): unknown {
  const t = deref(term);
  if (t instanceof Var) return new Variable(t.name);
  if (t instanceof ListRest) {
    const flat = flattenList(t);
    if (flat === null) return t;
    return flat.tail === null ? flat.items : [...flat.items, new Variable(flat.tail.name)];
  }
  return t;
}

/**
 * Is `receiver.name` an own property? Reading one runs no application code (unless it is
 * an accessor defined on the instance itself, or the receiver is a Proxy), so it needs no
 * clock read; getters of a class live on its prototype and do get one.
 */
export function isOwnField(receiver: unknown, name: string): boolean {
  return typeof receiver === "object" && receiver !== null && Object.hasOwn(receiver, name);
}

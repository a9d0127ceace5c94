/**
 * Fast scans: `x in list and <test of x>` without interpreting the test per element.
 *
 * Role checks are scans: `role in user.roles and role.name = "admin"`, or the roles
 * helper's `grant.has(role)`. When the goal right after an `in` is a field lookup or
 * method call that depends on the element only through the unbound item variable, the
 * machine asks this module to pre-check each element with a direct property read or call.
 * An element the pre-check rejects is skipped without binding anything; any other outcome
 * (a match, a Promise, a value only the host's equality can judge, an unusual element)
 * goes on through the ordinary path with the value already computed, so the same host
 * calls happen in the same order and the answers are the same.
 * @module
 */
import { G_DOT, type Goal } from "./goals.js";
import type { HostPort } from "./host-port.js";
import { build, type Frame } from "./templates.js";
import { deref, Internal, Var } from "./terms.js";

/** The element fails the test: skip it. */
export const SKIP: unique symbol = Symbol("skip");
/** The element is unusual: run the test the ordinary way. */
export const ORDINARY: unique symbol = Symbol("ordinary");

/** A prepared test: `SKIP`, `ORDINARY`, or the lookup's result to finish the goal with. */
export type ScanTest = (element: unknown) => unknown;

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

/** Does `v` certainly fail to unify with the primitive `key`? (Only for primitive `v`.) */
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
 * Prepare a pre-check of `filter` (the goal after `item in list`, run in `frame`), or null
 * when the goal is not a simple enough test of the item.
 */
export function planScan(item: unknown, filter: Goal, frame: Frame, host: HostPort): ScanTest | null {
  if (filter.op !== G_DOT || typeof filter.b !== "string") return null;
  const v = deref(item);
  if (!(v instanceof Var)) return null;
  const name = filter.b;
  try {
    host.checkName(name);
  } catch {
    return null; // the ordinary path reports it
  }
  const receiver = deref(build(filter.a, frame));
  const onItem = receiver === v;
  if (!onItem && !isPlainHost(receiver)) return null;

  let key: string | number | bigint | boolean | null = null;
  if (filter.d !== null) {
    const out = deref(build(filter.d, frame));
    if (!isPrimitive(out)) return null;
    key = out;
  }
  const verdict = (result: unknown): unknown => {
    if (key === null) return result === false ? SKIP : result;
    return isPrimitive(result) && differs(result, key) ? SKIP : result;
  };

  const argTemplates = filter.c as readonly unknown[] | null;
  if (argTemplates === null) {
    if (!onItem) return null;
    return (e) => {
      if (!isPlainHost(e) || !(name in e)) return ORDINARY;
      return verdict(e[name]);
    };
  }
  const args = argTemplates.map((t) => deref(build(t, frame)));
  const itemAt = args.indexOf(v);
  if (
    args.some((a, i) => i !== itemAt && !isPrimitive(a) && !isPlainHost(a) && a !== null && a !== undefined)
  )
    return null;
  if (args.some((a, i) => i !== itemAt && a === v)) return null;
  return (e) => {
    const target = onItem ? e : receiver;
    if (!isPlainHost(target)) return ORDINARY;
    const f = target[name];
    if (typeof f !== "function") return ORDINARY;
    if (itemAt < 0) return verdict(f.apply(target, args));
    // the element goes to the host as it is: only when it is an application object
    if (!isPlainHost(e)) return ORDINARY;
    if (args.length === 1) return verdict(f.call(target, e));
    const callArgs = args.slice();
    callArgs[itemAt] = e;
    return verdict(f.apply(target, callArgs));
  };
}

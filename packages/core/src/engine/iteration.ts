/**
 * The `in` goal: one solution per element of a list, dict (as `[key, value]` pairs in key
 * order), string (its characters) or host iterable (sync or async, fetched lazily one
 * element per backtrack).
 * @module
 */
import { polarError } from "../errors.js";
import { CH_ITER, CH_LIST, Choice, FAIL, OK } from "./choices.js";
import { type Cont, G_IN, G_ITER_NEXT, G_OR, G_UNIFY, Goal } from "./goals.js";
import { isThenable } from "./host-port.js";
import type { Machine } from "./machine.js";
import { build } from "./templates.js";
import { Dict, deref, dictKeys, Internal, ListRest, Var } from "./terms.js";
import { flattenList, unify } from "./unify.js";

/** The G_IN goal. */
export function inGoal(m: Machine, goal: Goal, c: Cont): number {
  const item = build(goal.a, c.frame);
  const coll = deref(build(goal.b, c.frame));
  if (Array.isArray(coll)) return iterateList(m, item, coll);
  if (coll instanceof Var) return m.freeze(coll, goal, c.frame);
  if (coll instanceof Dict)
    return iterateList(
      m,
      item,
      dictKeys(coll).map((k) => [k, coll[k]]),
    );
  if (typeof coll === "string") return iterateList(m, item, Array.from(coll));
  if (coll instanceof ListRest) return iterateOpenList(m, item, coll, c);
  if (
    typeof coll === "number" ||
    typeof coll === "bigint" ||
    typeof coll === "boolean" ||
    coll instanceof Internal
  ) {
    throw polarError(
      "type_error",
      `Type error: can only use \`in\` on an iterable value, this is ${m.print(coll)}`,
    );
  }
  const ch = new Choice(CH_ITER, m.bindings.trail.length, m.cont, 0, c.depth);
  ch.iter = m.host.iterate(coll);
  ch.item = item;
  ch.nextGoal = new Goal(G_ITER_NEXT, ch, null, null, null, goal.node);
  m.pushChoice(ch);
  return iterNext(m, ch);
}

/** One solution per candidate element of `list`, the first now, the rest on backtracking. */
export function iterateList(m: Machine, item: unknown, list: readonly unknown[]): number {
  const first = nextCandidate(list, 0, deref(item));
  if (first < 0) return FAIL;
  const ch = new Choice(CH_LIST, m.bindings.trail.length, m.cont, 0, 0);
  ch.alts = list;
  ch.idx = first;
  ch.item = item;
  m.pushChoice(ch);
  return m.nextElement(ch);
}

/**
 * The index of the next element at or after `from` that may unify with `key`. When the
 * item is a known string, number or boolean, elements of the same kind that differ are
 * skipped without a choice point (`"admin" in user.roles` is a scan, not a search).
 */
export function nextCandidate(list: readonly unknown[], from: number, key: unknown): number {
  const n = list.length;
  if (from >= n) return -1;
  const t = typeof key;
  if (t !== "string" && t !== "number" && t !== "boolean") return from;
  for (let i = from; i < n; i++) {
    const e = list[i];
    if (typeof e !== t || e === key) return i;
  }
  return -1;
}

/** The G_ITER_NEXT goal (and the first element of a host iteration). */
export function iterNext(m: Machine, ch: Choice): number {
  const r = (ch.iter as Iterator<unknown> | AsyncIterator<unknown>).next();
  if (isThenable(r))
    return m.suspendOn(r, ch.nextGoal!, (res) => iterStep(m, ch, res as IteratorResult<unknown>));
  return iterStep(m, ch, r as IteratorResult<unknown>);
}

function iterStep(m: Machine, ch: Choice, r: IteratorResult<unknown>): number {
  if (r.done) {
    // the iteration's choice is on top: nothing ran since it was last resumed
    if (m.choices[m.choices.length - 1] === ch) m.choices.pop();
    return FAIL;
  }
  return unify(ch.item, r.value, m.bindings, m.host) ? OK : FAIL;
}

/** `x in [a, b, *rest]` with `rest` unbound: the known elements, then `x in rest`. */
function iterateOpenList(m: Machine, item: unknown, list: ListRest, c: Cont): number {
  const flat = flattenList(list);
  if (flat === null) throw polarError("type_error", "Type error: can only use `in` on an iterable value");
  if (flat.tail === null) return iterateList(m, item, flat.items);
  const branches = flat.items.map((e) => new Goal(G_UNIFY, item, e));
  branches.push(new Goal(G_IN, item, flat.tail));
  const or = new Goal(
    G_OR,
    branches,
    branches.map((b) => [b]),
  );
  return m.runGoal(or, c);
}

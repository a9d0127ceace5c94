/**
 * `item in list` in the compiled tier, for lists only (anything else the interpreter
 * iterates). One copy per site (instances.ts): the loop, its precheck and the goal after
 * it are each called from one place.
 *
 * When the item is an unbound slot and the next goal matches it against a dict pattern (a
 * role check), elements the pattern certainly rejects are skipped before binding
 * (prechecks.ts).
 * @module
 */
import { fastPaths } from "../fast-paths.js";
import type { Goal } from "../goals.js";
import { candidatePositions, INDEX_MIN_LENGTH } from "../list-index.js";
import { ConstRef, Slot, Tmpl } from "../templates.js";
import { instantiate } from "./instances.js";
import { type Precheck, precheckFor } from "./prechecks.js";
import { bail, type Env, type Exit, HOLE, type Op, type Runtime } from "./runtime.js";
import { restore, same, unifyInto, valueIn } from "./values.js";

/** The operation of goal `g` (`item in list`), followed by `next`; `following` is the goal after it. */
export function inOp(rt: Runtime, g: Goal, next: Op, following: Goal | undefined): Op {
  const item = g.a;
  const simple = !(item instanceof Tmpl) || item instanceof Slot || item instanceof ConstRef;
  return instantiate(inFactory)({
    rt,
    HOLE,
    bail,
    same,
    unifyInto,
    restore,
    valueIn,
    item,
    listOf: g.b,
    simple,
    index: item instanceof Slot ? item.index : -1,
    precheck: item instanceof Slot ? precheckFor(rt, item, following) : null,
    next,
    indexed: indexedPositions,
    minIndexed: INDEX_MIN_LENGTH,
  });
}

interface InDeps {
  readonly rt: Runtime;
  readonly HOLE: typeof HOLE;
  readonly bail: () => never;
  readonly same: typeof same;
  readonly unifyInto: typeof unifyInto;
  readonly restore: typeof restore;
  readonly valueIn: typeof valueIn;
  readonly item: unknown;
  readonly listOf: unknown;
  readonly simple: boolean;
  readonly index: number;
  readonly precheck: Precheck | null;
  readonly next: Op;
  readonly indexed: typeof indexedPositions;
  readonly minIndexed: number;
}

/**
 * The positions of `list` a role-check loop must visit, from the decision's list index
 * (list-index.ts: the interpreter's, per decision here), or null for every position.
 */
function indexedPositions(
  rt: Runtime,
  p: Precheck,
  list: readonly unknown[],
  env: Env,
): readonly number[] | null {
  if (!fastPaths.listIndex) return null;
  const values = p.values.map((t) => valueIn(t, env));
  if (values.includes(HOLE)) return null;
  // building the index reads every element's field (getters too): the clock runs from here
  rt.startClock();
  return candidatePositions(rt.indexOwner(), p, list, p.keys, values);
}

function inFactory(d: InDeps): Op {
  const { rt, HOLE, bail, same, unifyInto, restore, valueIn, item, listOf, simple, index, precheck, next } =
    d;
  const { indexed, minIndexed } = d;
  const test = precheck === null ? null : precheck.test;
  // the elements of `list` tried for an unbound item, each bound then `next`
  function bindEach(env: Env, exit: Exit, list: readonly unknown[]): boolean {
    const check = test !== null && precheck!.usable() ? test : null;
    // a long list checked by a role pattern: the positions the decision's index leaves
    const positions = check !== null && list.length >= minIndexed ? indexed(rt, precheck!, list, env) : null;
    // a long list tested by something else (a method after a rule's exit): the
    // interpreter's scans, inline filters and indexes do better
    if (check === null && list.length >= minIndexed) bail();
    if (positions !== null) {
      // the interpreter counts a step for every element its scan passes, visited or not
      let from = 0;
      for (let j = 0; j < positions.length; j++) {
        const p = positions[j]!;
        rt.charge(p - from);
        from = p;
        const e = list[p];
        if (!check!(env, e)) continue;
        env[index] = e;
        if (next(env, exit)) return true;
      }
      rt.charge(list.length - from);
    } else {
      for (let i = 0; i < list.length; i++) {
        rt.tick();
        const e = list[i];
        if (check !== null && !check(env, e)) continue;
        env[index] = e;
        if (next(env, exit)) return true;
      }
    }
    env[index] = HOLE;
    return false;
  }
  function tryEach(env: Env, exit: Exit, list: readonly unknown[], v: unknown): boolean {
    if (v !== null) {
      for (let i = 0; i < list.length; i++) {
        rt.tick();
        if (same(rt, v, list[i]) && next(env, exit)) return true;
      }
      return false;
    }
    const undo: number[] = [];
    for (let i = 0; i < list.length; i++) {
      rt.tick();
      if (unifyInto(rt, item, list[i], env, undo) && next(env, exit)) return true;
      restore(env, undo);
    }
    return false;
  }
  return function inList(env: Env, exit: Exit): boolean {
    rt.tick();
    const list = valueIn(listOf, env);
    if (!Array.isArray(list)) return bail();
    if (list.length === 0) return false;
    const v = simple ? valueIn(item, env) : null;
    // the interpreter holds a choice point while it iterates (dropped before the last element)
    rt.choice();
    const found = v === HOLE ? bindEach(env, exit, list) : tryEach(env, exit, list, v);
    rt.choices--;
    return found;
  };
}

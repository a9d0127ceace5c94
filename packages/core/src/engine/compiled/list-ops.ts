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
import type { Goal } from "../goals.js";
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
}

function inFactory(d: InDeps): Op {
  const { rt, HOLE, bail, same, unifyInto, restore, valueIn, item, listOf, simple, index, precheck, next } =
    d;
  const test = precheck === null ? null : precheck.test;
  return function inList(env: Env, exit: Exit): boolean {
    rt.tick();
    const list = valueIn(listOf, env);
    if (!Array.isArray(list)) return bail();
    const v = simple ? valueIn(item, env) : null;
    if (v === HOLE) {
      const check = test !== null && precheck!.usable() ? test : null;
      for (let i = 0; i < list.length; i++) {
        rt.tick();
        const e = list[i];
        if (check !== null && !check(env, e)) continue;
        env[index] = e;
        if (next(env, exit)) return true;
      }
      env[index] = HOLE;
      return false;
    }
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
  };
}

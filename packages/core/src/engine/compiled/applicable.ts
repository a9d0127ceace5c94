/**
 * The applicability pass and specificity sort of a call whose candidates' order depends on
 * its arguments (rules.ts of the interpreter, `applicableSorted`): each candidate's head is
 * matched tentatively (an unbound argument passes every specializer, as the interpreter's
 * unbound variable does: it would only get a constraint), then the applicable ones are
 * sorted with the interpreter's own `sortBySpecificity`.
 * @module
 */
import type { CompiledRule } from "../compile.js";
import type { Specializer } from "../specializers.js";
import { sortBySpecificity } from "../specializers.js";
import { Slot } from "../templates.js";
import { Var } from "../terms.js";
import { type Env, HOLE, type Runtime } from "./runtime.js";
import { compileMatcher, type Matcher, memberCheck, unifyInto, unifyLeft } from "./values.js";

/** Stands for an unbound argument in the sort (which asks whether an argument is an application object). */
const UNBOUND_ARGUMENT = new Var("_unbound");

/** The candidates that apply to `args`, most specific first, as the interpreter orders them. */
export function applicableSorted(
  rt: Runtime,
  rules: readonly CompiledRule[],
  args: readonly unknown[],
): CompiledRule[] {
  const applicable = rules.filter((rule) => tentativeHead(rt, rule, args));
  if (applicable.length < 2) return applicable;
  const forSort = args.map((a) => (a === HOLE ? UNBOUND_ARGUMENT : a));
  return sortBySpecificity(applicable, forSort, rt.host);
}

const matchers = new WeakMap<Specializer, Matcher>();
const members = new WeakMap<Specializer, (v: unknown) => boolean>();

function tentativeHead(rt: Runtime, rule: CompiledRule, args: readonly unknown[]): boolean {
  const frame: Env = new Array<unknown>(rule.nslots).fill(HOLE);
  const undo: number[] = [];
  const { params, specs } = rule;
  for (let i = 0; i < params.length; i++) {
    const a = args[i];
    // an unbound argument unifies with anything and passes any specializer tentatively
    if (a === HOLE) continue;
    const p = params[i];
    if (p instanceof Slot && frame[p.index] === HOLE) frame[p.index] = a;
    else if (!unifyInto(rt, p, a, frame, undo)) return false;
    const spec = specs[i];
    if (spec == null) continue;
    switch (spec.kind) {
      case "class":
      case "union": {
        let member = members.get(spec);
        if (member === undefined) {
          member = memberCheck(rt, spec.tag);
          members.set(spec, member);
        }
        if (!member(a)) return false;
        break;
      }
      case "pattern": {
        let match = matchers.get(spec);
        if (match === undefined) {
          match = compileMatcher(rt, spec.pattern);
          matchers.set(spec, match);
        }
        if (!match(a, frame, undo)) return false;
        break;
      }
      case "value":
        if (!unifyLeft(rt, a, spec.value, frame, undo)) return false;
    }
  }
  return true;
}

/**
 * Calling a rule: find the candidates through the index, keep the applicable ones and
 * sort them most specific first (only when the rules' specializers differ), then enter
 * the first and leave the others as one choice point (Oso §6.5).
 * @module
 */
import { polarError } from "../errors.js";
import { CH_RULES, Choice, FAIL, OK } from "./choices.js";
import type { CompiledRule } from "./compile.js";
import { fastPaths } from "./fast-paths.js";
import { Cont, type Goal } from "./goals.js";
import type { GenericRule } from "./kb.js";
import type { Machine } from "./machine.js";
import { checkSpecializer } from "./matching.js";
import { sortBySpecificity } from "./specializers.js";
import { build, type Frame, HOLE, newFrame, Slot } from "./templates.js";
import { deref, Var } from "./terms.js";
import { TRACE_EXIT_GOAL } from "./trace-hook.js";
import { unify } from "./unify.js";

/** The G_CALL goal: `name(args)`. */
export function callRule(m: Machine, goal: Goal, c: Cont): number {
  const generic = lookupGeneric(m, goal);
  if (generic === null) return FAIL;
  const templates = goal.b as readonly unknown[];
  const args = new Array<unknown>(templates.length);
  for (let i = 0; i < templates.length; i++) args[i] = deref(build(templates[i], c.frame));
  let candidates = generic.candidates(args);
  // rules that passed the applicability filter need not check their class specializers again
  let checked = false;
  if (candidates.length > 1 && (generic.needsSort || !fastPaths.fixedOrder)) {
    const fixed = generic.fixedOrder(candidates);
    if (fixed !== undefined) {
      candidates = fixed;
    } else {
      candidates = applicableSorted(m, candidates, args);
      checked = true;
    }
  }
  if (candidates.length === 0) return FAIL;
  const barrier = m.choices.length;
  const next = m.cont;
  const tracer = m.tracer;
  if (candidates.length > 1) {
    const ch = new Choice(CH_RULES, m.bindings.trail.length, next, barrier, c.depth);
    ch.alts = candidates;
    ch.idx = 1;
    ch.item = args;
    ch.checked = checked;
    // traced: the alternatives are entered from the caller's frame (see trace-hook.ts)
    if (tracer !== null) ch.frame = c.frame;
    m.pushChoice(ch);
  }
  if (tracer !== null) tracer.caller = c.frame;
  return enterRule(m, candidates[0]!, args, next, barrier, checked);
}

function lookupGeneric(m: Machine, goal: Goal): GenericRule | null {
  if (goal.d === m.kb.version) return goal.c as GenericRule | null;
  const name = goal.a as string;
  const generic = m.kb.lookup(name, (goal.b as readonly unknown[]).length);
  if (generic === undefined) {
    throw polarError("query_for_undefined_rule", `Query for undefined rule \`${name}\``);
  }
  goal.c = generic;
  goal.d = m.kb.version;
  return generic;
}

/** Enter `rule` with `args`: bind the head, check specializers, then continue with the body. */
export function enterRule(
  m: Machine,
  rule: CompiledRule,
  args: readonly unknown[],
  next: Cont | null,
  barrier: number,
  checked: boolean,
): number {
  const frame = newFrame(rule.nslots);
  const tracer = m.tracer;
  if (tracer !== null) tracer.enter(rule, args, frame);
  if (!bindHead(m, rule, args, frame, checked ? PRECHECKED : ENTER)) {
    if (tracer !== null) tracer.headFailed(frame);
    return FAIL;
  }
  if (rule.body.length > 0) {
    const depth = (next === null ? 0 : next.depth) + 1;
    if (depth > m.limits.maxDepth) {
      throw polarError(
        "stack_overflow",
        `Goal stack overflow! The query went more than ${m.limits.maxDepth} rules deep`,
        {
          hint: "Raise the `maxDepth` option if this recursion is legitimate.",
        },
      );
    }
    // traced: a goal after the body tells the tracer the rule succeeded
    const after = tracer === null ? next : new Cont([TRACE_EXIT_GOAL], 0, frame, barrier, next, depth - 1);
    m.cont = new Cont(rule.body, 0, frame, barrier, after, depth);
  } else {
    m.cont = next;
    if (tracer !== null) tracer.exit(frame);
  }
  return OK;
}

/** Entering a rule: bind the head and check every specializer. */
const ENTER = 0;
/** The applicability filter: an unbound argument passes a class specializer without a constraint. */
const TENTATIVE = 1;
/** Entering a rule the filter accepted: class specializers of bound arguments hold already. */
const PRECHECKED = 2;

function bindHead(
  m: Machine,
  rule: CompiledRule,
  args: readonly unknown[],
  frame: Frame,
  mode: number,
): boolean {
  const params = rule.params;
  const specs = rule.specs;
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    const arg = args[i];
    if (p instanceof Slot && frame[p.index] === HOLE) {
      // first occurrence of a variable: it simply is the argument
      frame[p.index] = arg;
    } else if (!unify(build(p, frame), arg, m.bindings, m.host)) {
      return false;
    }
    const spec = specs[i];
    if (spec == null) continue;
    const value = deref(arg);
    if (spec.kind === "class" || spec.kind === "union") {
      // membership never binds: it need not be checked twice, nor constrain a tentative match
      if (value instanceof Var ? mode === TENTATIVE : mode === PRECHECKED) continue;
    }
    if (!checkSpecializer(m, spec, value, frame)) return false;
  }
  return true;
}

/** Oso's applicability filter (a tentative head match, undone) followed by the specificity sort. */
function applicableSorted(
  m: Machine,
  candidates: readonly CompiledRule[],
  args: readonly unknown[],
): CompiledRule[] {
  const applicable: CompiledRule[] = [];
  const mark = m.bindings.trail.length;
  for (const rule of candidates) {
    const ok = bindHead(m, rule, args, newFrame(rule.nslots), TENTATIVE);
    m.bindings.undo(mark);
    m.bindings.woken = null;
    if (ok) applicable.push(rule);
  }
  return applicable.length > 1 ? sortBySpecificity(applicable, args, m.host) : applicable;
}

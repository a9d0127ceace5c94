/**
 * Rules in the compiled tier: calls, the choice of candidates, and entering a rule (head
 * parameters and specializers), as rules.ts does for the interpreter.
 *
 * Arguments are finished values or HOLE (an unbound slot of the caller: an output, as
 * when a resource block calls `has_relation(related, "parent", resource)`). A class
 * specializer on an output is checked when the rule's body has succeeded, and only when
 * the body's last goal binds it (the interpreter checks it as soon as the body binds the
 * value: with nothing run in between, the same rules succeed and the same checks run; see
 * `deferrableCheck`). The caller's slots
 * get the outputs' values when the callee exits; an output the callee left unbound stays
 * unbound, as the interpreter's variable would (bound to one nobody else can reach).
 *
 * Calls and rule entries are copies of the factories below, one per site and rule
 * (instances.ts): each factory refers only to its parameters.
 * @module
 */
import type { CompiledRule } from "../compile.js";
import { fastPaths } from "../fast-paths.js";
import { G_DOT, G_IN, G_ISA, G_TRUTHY, G_UNIFY, Goal } from "../goals.js";
import { type GenericRule, UNKNOWN_ARGUMENT } from "../kb.js";
import type { Specializer } from "../specializers.js";
import { Slot, TDict, TDictPattern, TInstancePattern, TList, Tmpl } from "../templates.js";
import { applicableSorted } from "./applicable.js";
import { BAIL_OP, type BodyCompiler, compileConj, FAIL_OP } from "./goals.js";
import { instantiate } from "./instances.js";
import { bail, type Env, type Exit, HOLE, type Op, type Proc, type Runtime } from "./runtime.js";
import { compileMatcher, finished, memberCheck, same, unifyInto, unifyLeft, valueIn } from "./values.js";

/** Compiles rules and their calls for one runtime; procedures are made on first use. */
export class RuleCompiler implements BodyCompiler {
  readonly procOf = (rule: CompiledRule): Proc => {
    let proc = this.rt.procs.get(rule);
    if (proc === undefined) {
      proc = compileProc(this, rule);
      this.rt.procs.set(rule, proc);
    }
    return proc;
  };

  constructor(readonly rt: Runtime) {}

  call(goal: Goal, next: Op): Op {
    const name = goal.a as string;
    const templates = goal.b as readonly unknown[];
    const generic = this.rt.kb.lookup(name, templates.length);
    if (generic === undefined) return BAIL_OP; // the interpreter's "undefined rule" error
    if (generic === null) return FAIL_OP;
    return this.callOf(generic, templates, next);
  }

  /** The operation calling `generic` with `templates` (in the caller's frame), then `next`. */
  callOf(generic: GenericRule, templates: readonly unknown[], next: Op): Op {
    const slots = templates.map((t) => (t instanceof Slot ? t.index : -1));
    const known = templates.map((t) => (t instanceof Tmpl ? UNKNOWN_ARGUMENT : t));
    const fixed = generic.staticCandidates(known);
    return instantiate(callFactory)({
      rt: this.rt,
      HOLE,
      bail,
      valueIn,
      outputOf,
      fastPaths,
      generic,
      procOf: this.procOf,
      fixedProcs: fixed === undefined ? null : fixed.map(this.procOf),
      templates,
      slots,
      constant: templates.map((t) => !(t instanceof Tmpl)),
      // one slot passed twice: unbound, the interpreter would alias the two parameters
      aliased: slots.some((s, i) => s >= 0 && slots.indexOf(s) !== i),
      next,
      applicableSorted,
    });
  }
}

interface CallDeps {
  readonly rt: Runtime;
  readonly HOLE: typeof HOLE;
  readonly bail: () => never;
  readonly valueIn: (t: unknown, env: Env) => unknown;
  readonly outputOf: (param: unknown, frame: Env) => unknown;
  readonly fastPaths: typeof fastPaths;
  readonly generic: GenericRule;
  readonly procOf: (rule: CompiledRule) => Proc;
  /** The procedures every call of this site enters, when its constants pick them (fast paths on). */
  readonly fixedProcs: readonly Proc[] | null;
  readonly templates: readonly unknown[];
  readonly slots: readonly number[];
  readonly constant: readonly boolean[];
  readonly aliased: boolean;
  readonly next: Op;
  readonly applicableSorted: typeof applicableSorted;
}

/** A call: the arguments, the candidates in the interpreter's order, each entered until one exits into a solution. */
function callFactory(d: CallDeps): Op {
  const { rt, HOLE, bail, valueIn, outputOf, fastPaths, generic, procOf, fixedProcs, templates, slots } = d;
  const { constant, aliased, next, applicableSorted } = d;
  const n = templates.length;
  // the index's candidate list is a stable array per load: its procedures are remembered
  let lastList: readonly CompiledRule[] | null = null;
  let lastProcs: Proc[] = [];
  return function call(env: Env, exit: Exit): boolean {
    rt.tick();
    const args = new Array<unknown>(n);
    let outputs = 0;
    for (let i = 0; i < n; i++) {
      const s = slots[i]!;
      const v = s >= 0 ? env[s] : constant[i] ? templates[i] : valueIn(templates[i], env);
      if (v === HOLE) outputs++;
      args[i] = v;
    }
    if (outputs > 0 && aliased) bail();
    let procs: readonly Proc[];
    if (fixedProcs !== null && fastPaths.ruleIndex && fastPaths.fixedOrder) {
      procs = fixedProcs;
    } else {
      let list = generic.candidates(args);
      let sorted: CompiledRule[] | null = null;
      if (list.length > 1 && (generic.needsSort || !fastPaths.fixedOrder)) {
        const fixed = generic.fixedOrder(list);
        // an order that depends on the arguments: the interpreter's applicability pass and sort
        if (fixed === undefined) sorted = applicableSorted(rt, list, args);
        else list = fixed;
      }
      if (sorted !== null) {
        procs = sorted.map(procOf);
      } else {
        if (list !== lastList) {
          lastProcs = list.map(procOf);
          lastList = list;
        }
        procs = lastProcs;
      }
    }
    const after: Exit =
      outputs === 0
        ? () => next(env, exit)
        : (frame, params) => {
            for (let i = 0; i < n; i++) if (args[i] === HOLE) env[slots[i]!] = outputOf(params[i], frame);
            if (next(env, exit)) return true;
            for (let i = 0; i < n; i++) if (args[i] === HOLE) env[slots[i]!] = HOLE;
            return false;
          };
    rt.enter();
    // several candidates: the interpreter holds a choice point for the others
    const several = procs.length > 1;
    if (several) rt.choice();
    for (let i = 0; i < procs.length; i++) {
      if (procs[i]!(args, after)) {
        rt.depth--;
        if (several) rt.choices--;
        return true;
      }
    }
    rt.depth--;
    if (several) rt.choices--;
    return false;
  };
}

/** A parameter's value when its rule exits: HOLE when the rule left it unbound; a compound with an unbound part bails. */
function outputOf(param: unknown, frame: Env): unknown {
  return param instanceof Slot ? frame[param.index] : finished(param, frame);
}

/** A class-checked parameter's value: it must be bound (the interpreter keeps the check as a constraint). */
function boundOutput(param: unknown, frame: Env): unknown {
  const v = outputOf(param, frame);
  if (v === HOLE) bail();
  return v;
}

/** How a head parameter takes its argument. */
const FIRST = 0; // the first occurrence of a variable: it is the argument
const CONSTANT = 1; // a finished value: compared
const TEMPLATE = 2; // anything else: unified

function headKinds(params: readonly unknown[]): number[] {
  const seen = new Set<number>();
  return params.map((p) => {
    if (p instanceof Slot && !seen.has(p.index)) {
      seen.add(p.index);
      return FIRST;
    }
    return p instanceof Tmpl ? TEMPLATE : CONSTANT;
  });
}

/** A specializer check on a finished argument. */
type SpecCheck = ((a: unknown, frame: Env, undo: number[]) => boolean) | null;

function specCheck(rt: Runtime, spec: Specializer | null): SpecCheck {
  if (spec === null) return null;
  switch (spec.kind) {
    case "class":
    case "union": {
      const member = memberCheck(rt, spec.tag);
      return (a) => member(a);
    }
    case "pattern":
      return compileMatcher(rt, spec.pattern);
    case "value": {
      // the interpreter unifies the argument with the value, in that order
      const value = spec.value;
      return (a, frame, undo) => unifyLeft(rt, a, value, frame, undo);
    }
  }
}

/**
 * Can the class specializer of parameter `i` wait for the rule's exit when the argument is
 * an output? The interpreter checks it as soon as the value is bound (a constraint), and a
 * check can raise an error (an unregistered class, an `isaCheck` that throws): the tier
 * may check it later only when nothing can run in between, that is when the parameter is
 * a variable that no other parameter mentions, bound by the body's last goal (a field
 * read, a unification, an `in`, a `matches`, a condition) and mentioned by no goal before.
 */
function deferrableCheck(rule: CompiledRule, i: number): boolean {
  const spec = rule.specs[i];
  if (spec == null || (spec.kind !== "class" && spec.kind !== "union")) return false;
  const p = rule.params[i];
  if (!(p instanceof Slot)) return false;
  if (rule.params.some((q, j) => j !== i && mentions(q, p.index))) return false;
  const body = rule.body;
  const last = body[body.length - 1];
  if (last === undefined || !BINDING_LAST.has(last.op)) return false;
  for (let j = 0; j < body.length - 1; j++) if (mentions(body[j], p.index)) return false;
  return true;
}

/** Goals that, as a body's last goal, run the rule's exit right after binding. */
const BINDING_LAST: ReadonlySet<number> = new Set([G_UNIFY, G_DOT, G_IN, G_ISA, G_TRUTHY]);

/** Does template or goal `t` mention slot `index`? */
function mentions(t: unknown, index: number): boolean {
  if (t instanceof Slot) return t.index === index;
  if (Array.isArray(t)) return t.some((x) => mentions(x, index));
  if (t instanceof Goal) return [t.a, t.b, t.c, t.d].some((x) => mentions(x, index));
  if (t instanceof TList) return t.items.some((x) => mentions(x, index)) || mentions(t.rest, index);
  if (t instanceof TDict || t instanceof TDictPattern || t instanceof TInstancePattern)
    return t.values.some((x) => mentions(x, index));
  return false;
}

function compileProc(cx: RuleCompiler, rule: CompiledRule): Proc {
  const rt = cx.rt;
  const { params, nslots } = rule;
  const specs = rule.specs.map((s) => s ?? null);
  const checks = specs.map((s) => specCheck(rt, s));
  // a packed array (`new Array(n).fill` stays holey): frames are copies of it; slot
  // `nslots` lists the parameters whose class check waits for the exit
  const blank: unknown[] = [];
  for (let i = 0; i < nslots; i++) blank.push(HOLE);
  blank.push(null);
  const last: Op = (frame, exit) => {
    const waiting = frame[nslots] as number[] | null;
    if (waiting !== null) {
      for (const i of waiting) if (!checks[i]!(boundOutput(params[i], frame), frame, [])) return false;
    }
    return exit(frame, params);
  };
  return instantiate(procFactory)({
    rt,
    HOLE,
    bail,
    same,
    unifyInto,
    Slot,
    params,
    kinds: headKinds(params),
    deferrable: params.map((_, i) => deferrableCheck(rule, i)),
    checks,
    blank,
    nslots,
    compileBody: () => compileConj(cx, rule.body, 0, last),
  });
}

interface ProcDeps {
  readonly rt: Runtime;
  readonly HOLE: typeof HOLE;
  readonly bail: () => never;
  readonly same: typeof same;
  readonly unifyInto: typeof unifyInto;
  readonly Slot: typeof Slot;
  readonly params: readonly unknown[];
  readonly kinds: readonly number[];
  /** Per parameter: may its class check wait for the exit when it is an output (see deferrableCheck)? */
  readonly deferrable: readonly boolean[];
  readonly checks: readonly SpecCheck[];
  readonly blank: readonly unknown[];
  readonly nslots: number;
  readonly compileBody: () => Op;
}

/** Entering one rule: the head (kinds: 0 first occurrence, 1 constant, 2 template), its specializers, then the body. */
function procFactory(d: ProcDeps): Proc {
  const {
    rt,
    HOLE,
    bail,
    same,
    unifyInto,
    Slot,
    params,
    kinds,
    deferrable,
    checks,
    blank,
    nslots,
    compileBody,
  } = d;
  const n = params.length;
  let body: Op | null = null;
  // the frame is new: a failed head needs nothing undone, only this list emptied
  const undo: number[] = [];
  return function enter(args: readonly unknown[], exit: Exit): boolean {
    rt.tick();
    const frame = blank.slice();
    for (let i = 0; i < n; i++) {
      const a = args[i];
      const kind = kinds[i];
      if (kind === 0) {
        frame[(params[i] as Slot).index] = a; // HOLE: an output
      } else if (a === HOLE) {
        // an output meeting a constant or a bound parameter: the exit reports that value
        const p = params[i];
        if (p instanceof Slot && frame[p.index] === HOLE) bail(); // two outputs aliased
      } else if (kind === 1) {
        if (!same(rt, params[i], a)) return false;
      } else if (!unifyInto(rt, params[i], a, frame, undo)) {
        undo.length = 0;
        return false;
      }
      const check = checks[i];
      if (check === null || check === undefined) continue;
      if (a === HOLE) {
        if (!deferrable[i]) bail();
        let waiting = frame[nslots] as number[] | null;
        if (waiting === null) frame[nslots] = waiting = [];
        waiting.push(i);
      } else if (!check(a, frame, undo)) {
        undo.length = 0;
        return false;
      }
    }
    if (undo.length !== 0) undo.length = 0;
    if (body === null) body = compileBody();
    return body(frame, exit);
  };
}

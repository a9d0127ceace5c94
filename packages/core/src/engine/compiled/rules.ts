/**
 * Rules in the compiled tier: calls, the choice of candidates, and entering a rule (head
 * parameters and specializers), as rules.ts does for the interpreter.
 *
 * Arguments are finished values or HOLE (an unbound slot of the caller: an output, as
 * when a resource block calls `has_relation(related, "parent", resource)`). A class
 * specializer on an output is checked when the rule's body has succeeded (the interpreter
 * checks it as soon as the body binds the value: the same rules succeed, and the tier runs
 * no application code in between that it would have to take back). The caller's slots
 * get the outputs' values when the callee exits.
 * @module
 */
import type { CompiledRule } from "../compile.js";
import { fastPaths } from "../fast-paths.js";
import type { Goal } from "../goals.js";
import type { GenericRule } from "../kb.js";
import type { Specializer } from "../specializers.js";
import { Slot, Tmpl } from "../templates.js";
import { BAIL_OP, type BodyCompiler, compileConj, FAIL_OP } from "./goals.js";
import { bail, type Env, type Exit, HOLE, type Op, type Proc, type Runtime } from "./runtime.js";
import { compileMatcher, finished, memberCheck, same, unifyInto, valueIn } from "./values.js";

/** Compiles rules and their calls for one runtime; procedures are made on first use. */
export class RuleCompiler implements BodyCompiler {
  constructor(readonly rt: Runtime) {}

  /** The procedure of `rule` (its body is compiled when first entered). */
  procOf(rule: CompiledRule): Proc {
    let proc = this.rt.procs.get(rule);
    if (proc === undefined) {
      proc = compileProc(this, rule);
      this.rt.procs.set(rule, proc);
    }
    return proc;
  }

  call(goal: Goal, next: Op): Op {
    const name = goal.a as string;
    const templates = goal.b as readonly unknown[];
    const generic = this.rt.kb.lookup(name, templates.length);
    if (generic === undefined) return BAIL_OP; // the interpreter's "undefined rule" error
    if (generic === null) return FAIL_OP;
    return callOp(this, new CallSite(this, generic), templates, next);
  }
}

/**
 * The rules one call site enters, in order: the index's candidate list (a stable array
 * per load) and its procedures, remembered for the last list seen.
 */
export class CallSite {
  private lastList: readonly CompiledRule[] | null = null;
  private lastProcs: readonly Proc[] = [];

  constructor(
    private readonly cx: RuleCompiler,
    private readonly generic: GenericRule,
  ) {}

  /** Enter the candidates for `args` until one exits into a solution. */
  run(args: readonly unknown[], after: Exit): boolean {
    const rt = this.cx.rt;
    const generic = this.generic;
    let list = generic.candidates(args);
    if (list.length > 1 && (generic.needsSort || !fastPaths.fixedOrder)) {
      // the applicability pass and the specificity sort are the interpreter's
      const fixed = generic.fixedOrder(list);
      if (fixed === undefined) bail();
      list = fixed;
    }
    if (list !== this.lastList) {
      this.lastProcs = list.map((r) => this.cx.procOf(r));
      this.lastList = list;
    }
    const procs = this.lastProcs;
    rt.enter();
    for (let i = 0; i < procs.length; i++) {
      if (procs[i]!(args, after)) {
        rt.depth--;
        return true;
      }
    }
    rt.depth--;
    return false;
  }
}

function callOp(cx: RuleCompiler, site: CallSite, templates: readonly unknown[], next: Op): Op {
  const rt = cx.rt;
  const n = templates.length;
  const slots = templates.map((t) => (t instanceof Slot ? t.index : -1));
  const constant = templates.map((t) => !(t instanceof Tmpl));
  // one slot passed twice: unbound, the interpreter would alias the two parameters
  const aliased = slots.some((s, i) => s >= 0 && slots.indexOf(s) !== i);
  return (env, exit) => {
    rt.tick();
    const args = new Array<unknown>(n);
    let outputs = 0;
    for (let i = 0; i < n; i++) {
      const s = slots[i]!;
      const v = s >= 0 ? env[s] : constant[i] ? templates[i] : valueIn(templates[i], env);
      if (v === HOLE) outputs++;
      args[i] = v;
    }
    if (outputs === 0) return site.run(args, () => next(env, exit));
    if (aliased) bail();
    return site.run(args, (frame, params) => {
      for (let i = 0; i < n; i++) if (args[i] === HOLE) env[slots[i]!] = outputOf(params[i], frame);
      if (next(env, exit)) return true;
      for (let i = 0; i < n; i++) if (args[i] === HOLE) env[slots[i]!] = HOLE;
      return false;
    });
  };
}

/**
 * A parameter's value when its rule exits: HOLE when the rule left it unbound (the
 * caller's variable stays unbound, as the interpreter's would, bound to a variable nobody
 * else can reach); a compound with an unbound part bails.
 */
function outputOf(param: unknown, frame: Env): unknown {
  return param instanceof Slot ? frame[param.index] : finished(param, frame);
}

/** A class-checked parameter's value: it must be bound. */
function boundOutput(param: unknown, frame: Env): unknown {
  const v = outputOf(param, frame);
  if (v === HOLE) bail(); // the interpreter keeps the check as a constraint
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
      const value = spec.value;
      return (a, frame, undo) => unifyInto(rt, value, a, frame, undo);
    }
  }
}

function compileProc(cx: RuleCompiler, rule: CompiledRule): Proc {
  const rt = cx.rt;
  const { params, nslots } = rule;
  const n = params.length;
  const kinds = headKinds(params);
  const specs = rule.specs.map((s) => s ?? null);
  const checks = specs.map((s) => specCheck(rt, s));
  const blank = new Array<unknown>(nslots + 1).fill(HOLE);
  // slot `nslots` of a frame lists the parameters whose class check waits for the exit
  blank[nslots] = null;
  const last: Op = (frame, exit) => {
    const waiting = frame[nslots] as number[] | null;
    if (waiting !== null) {
      for (const i of waiting) if (!checks[i]!(boundOutput(params[i], frame), frame, [])) return false;
    }
    return exit(frame, params);
  };
  let body: Op | null = null;
  const undo: number[] = [];
  return (args, exit) => {
    rt.tick();
    const frame = blank.slice();
    for (let i = 0; i < n; i++) {
      const a = args[i];
      const kind = kinds[i];
      if (kind === FIRST) {
        frame[(params[i] as Slot).index] = a; // HOLE: an output
      } else if (a === HOLE) {
        // an output meeting a constant or a bound parameter: the exit reports that value
        const p = params[i];
        if (p instanceof Slot && frame[p.index] === HOLE) bail(); // two outputs aliased
      } else if (kind === CONSTANT) {
        if (!same(rt, params[i], a)) return false;
      } else if (!unifyInto(rt, params[i], a, frame, undo)) {
        undo.length = 0; // the frame is new: a failed head needs nothing undone
        return false;
      }
      const check = checks[i];
      if (check === null || check === undefined) continue;
      if (a === HOLE) {
        const kindOf = specs[i]!.kind;
        if (kindOf !== "class" && kindOf !== "union") bail();
        let waiting = frame[nslots] as number[] | null;
        if (waiting === null) frame[nslots] = waiting = [];
        waiting.push(i);
      } else if (!check(a, frame, undo)) {
        undo.length = 0;
        return false;
      }
    }
    if (undo.length !== 0) undo.length = 0;
    body ??= compileConj(cx, rule.body, 0, last);
    return body(frame, exit);
  };
}

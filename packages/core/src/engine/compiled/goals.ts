/**
 * Goals of a compiled rule body as operations of the compiled tier (see runtime.ts). Each
 * goal kind does what the interpreter's goal of that kind does (machine.ts, lookups.ts,
 * iteration.ts, value-goals.ts) for the cases it handles, and bails for the others: a
 * method call on application code, a cut, arithmetic, `new`, `print`, an unbound value
 * where the interpreter would wait for a binding, an iteration over anything but a list.
 * @module
 */
import {
  G_AND,
  G_CALL,
  G_CMP,
  G_DOT,
  G_FAIL,
  G_IN,
  G_ISA,
  G_NOT,
  G_OR,
  G_TRUE,
  G_TRUTHY,
  G_UNIFY,
  type Goal,
} from "../goals.js";
import { isThenable, LIBRARY_HELPER } from "../host-port.js";
import { toHost } from "../lookups.js";
import { compare } from "../operators.js";
import { ConstRef, Slot, Tmpl } from "../templates.js";
import { Variable } from "../terms.js";
import { fieldReader, ownCheck } from "./access.js";
import { fieldToSlot } from "./field-ops.js";
import { inOp } from "./list-ops.js";
import { bail, type Env, type Exit, HOLE, type Op, type Runtime } from "./runtime.js";
import {
  ABSENT,
  compileMatcher,
  finished,
  forbiddenName,
  patternKeys,
  readField,
  restore,
  same,
  unifyInto,
  unifyLeft,
  valueIn,
} from "./values.js";

/** What compiling a body needs: the runtime, and how to compile a rule call (rules.ts). */
export interface BodyCompiler {
  readonly rt: Runtime;
  call(goal: Goal, next: Op): Op;
}

export const FAIL_OP: Op = () => false;
export const BAIL_OP: Op = () => bail();
/** Ends a negated goal: it has a solution. */
const PROVED: Op = () => true;

/** Compile `goals[i..]` followed by `last`. */
export function compileConj(cx: BodyCompiler, goals: readonly Goal[], i: number, last: Op): Op {
  if (i >= goals.length) return last;
  const next = compileConj(cx, goals, i + 1, last);
  const goal = goals[i]!;
  if (goal.op === G_IN) return inOp(cx.rt, goal, next, goals[i + 1]);
  return compileGoal(cx, goal, next);
}

function compileGoal(cx: BodyCompiler, g: Goal, next: Op): Op {
  const rt = cx.rt;
  switch (g.op) {
    case G_TRUE:
      return next;
    case G_FAIL:
      return FAIL_OP;
    case G_AND:
      return compileConj(cx, g.a as Goal[], 0, next);
    case G_OR:
      return orOp(
        rt,
        (g.b as readonly (readonly Goal[])[]).map((b) => compileConj(cx, b, 0, next)),
      );
    case G_NOT:
      return notOp(rt, compileConj(cx, [g.a as Goal], 0, PROVED), next);
    case G_CALL:
      return cx.call(g, next);
    case G_UNIFY:
      return unifyOp(rt, g.a, g.b, next);
    case G_DOT:
      return dotOp(rt, g, next);
    case G_ISA:
      return isaOp(rt, g, next);
    case G_CMP:
      return cmpOp(rt, g, next);
    case G_TRUTHY:
      return thenTest(rt, (env) => valueIn(g.a, env), g.a, null, next);
    default:
      return BAIL_OP;
  }
}

function orOp(rt: Runtime, branches: readonly Op[]): Op {
  if (branches.length === 1) {
    const only = branches[0]!;
    return (env, exit) => {
      rt.tick();
      return only(env, exit);
    };
  }
  return (env, exit) => {
    rt.tick();
    // the interpreter holds a choice point for the other branches
    rt.choice();
    for (const b of branches) {
      if (b(env, exit)) {
        rt.choices--;
        return true;
      }
    }
    rt.choices--;
    return false;
  };
}

function notOp(rt: Runtime, inner: Op, next: Op): Op {
  return (env, exit) => {
    rt.tick();
    // the interpreter's `not` holds a choice point while the negated goal runs
    rt.choice();
    // a proof leaves its bindings in place (only failures undo): put the slots back
    const saved = env.slice();
    const proved = inner(env, exit);
    rt.choices--;
    if (proved) {
      for (let i = 0; i < saved.length; i++) env[i] = saved[i];
      return false;
    }
    return next(env, exit);
  };
}

/** Bind unbound slot `index` to `v` for the rest of the conjunction. */
function bindThen(env: Env, index: number, v: unknown, next: Op, exit: Exit): boolean {
  env[index] = v;
  if (next(env, exit)) return true;
  env[index] = HOLE;
  return false;
}

/** Unify template `t` with finished value `v`, then the rest. */
function unifyThen(rt: Runtime, t: unknown, v: unknown, env: Env, next: Op, exit: Exit): boolean {
  if (t instanceof Slot) {
    const cur = env[t.index];
    if (cur === HOLE) return bindThen(env, t.index, v, next, exit);
    return same(rt, cur, v) && next(env, exit);
  }
  const undo: number[] = [];
  if (unifyInto(rt, t, v, env, undo) && next(env, exit)) return true;
  restore(env, undo);
  return false;
}

function isSimple(t: unknown): boolean {
  return !(t instanceof Tmpl) || t instanceof Slot || t instanceof ConstRef;
}

/** `a = b`: unified in the interpreter's order, `a` first (the host's equality may not be symmetric). */
function unifyOp(rt: Runtime, a: unknown, b: unknown, next: Op): Op {
  const aSimple = isSimple(a);
  const bSimple = isSimple(b);
  if (!aSimple && !bSimple) return BAIL_OP;
  return (env, exit) => {
    rt.tick();
    if (aSimple && bSimple) {
      const va = valueIn(a, env);
      const vb = valueIn(b, env);
      if (va === HOLE) {
        if (vb === HOLE) bail(); // two unbound variables: the interpreter aliases them
        return bindThen(env, (a as Slot).index, vb, next, exit);
      }
      if (vb === HOLE) return bindThen(env, (b as Slot).index, va, next, exit);
      return same(rt, va, vb) && next(env, exit);
    }
    if (aSimple) {
      // a compound template on the right: an unbound left side needs it finished
      const va = valueIn(a, env);
      if (va === HOLE) return bindThen(env, (a as Slot).index, finished(b, env), next, exit);
      const undo: number[] = [];
      if (unifyLeft(rt, va, b, env, undo) && next(env, exit)) return true;
      restore(env, undo);
      return false;
    }
    const vb = valueIn(b, env);
    if (vb === HOLE) return bindThen(env, (b as Slot).index, finished(a, env), next, exit);
    return unifyThen(rt, a, vb, env, next, exit);
  };
}

/**
 * Finish a goal that produced `value`: test it as a condition (`out` null), or unify it
 * with `out`. A condition on an unbound slot binds it to true, as the interpreter does.
 */
function thenTest(
  rt: Runtime,
  produce: (env: Env) => unknown,
  condition: unknown,
  out: unknown,
  next: Op,
): Op {
  if (out !== null) {
    return (env, exit) => {
      rt.tick();
      const v = produce(env);
      return v !== ABSENT && unifyThen(rt, out, v, env, next, exit);
    };
  }
  return (env, exit) => {
    rt.tick();
    const v = produce(env);
    if (v === true) return next(env, exit);
    if (v === false || v === ABSENT) return false;
    if (v === HOLE && condition instanceof Slot) return bindThen(env, condition.index, true, next, exit);
    return bail();
  };
}

function dotOp(rt: Runtime, g: Goal, next: Op): Op {
  const name = g.b;
  if (typeof name !== "string" || forbiddenName(rt, name)) return BAIL_OP;
  const receiverOf = (env: Env): unknown => {
    const r = valueIn(g.a, env);
    if (r === HOLE) bail();
    return r;
  };
  const args = g.c as readonly unknown[] | null;
  if (args === null) {
    if (g.a instanceof Slot && g.d instanceof Slot) return fieldToSlot(rt, g.a, name, g.d, next);
    const read = fieldReader(name);
    const own = ownCheck(name);
    return thenTest(rt, (env) => readField(rt, receiverOf(env), name, read, own), null, g.d, next);
  }
  // the built-in roles' helpers are the library's own code; application methods are not run here
  const call = (env: Env): unknown => {
    const r = receiverOf(env);
    if (typeof r !== "object" || r === null || (r as { [LIBRARY_HELPER]?: unknown })[LIBRARY_HELPER] !== true)
      bail();
    const result = rt.host.callMethod(
      r,
      name,
      args.map((t) => helperArgument(t, env)),
    );
    if (isThenable(result)) bail();
    return result;
  };
  return thenTest(rt, call, null, g.d, next);
}

/** An argument for a library helper: an unbound variable goes as a `Variable`, as the interpreter passes it. */
function helperArgument(t: unknown, env: Env): unknown {
  if (t instanceof Slot && env[t.index] === HOLE) return new Variable(t.name);
  return toHost(finished(t, env));
}

function isaOp(rt: Runtime, g: Goal, next: Op): Op {
  if (patternKeys(g.b).some((k) => forbiddenName(rt, k))) return BAIL_OP;
  const match = compileMatcher(rt, g.b);
  return (env, exit) => {
    rt.tick();
    const v = valueIn(g.a, env);
    if (v === HOLE) bail(); // the interpreter waits for the binding (a constraint)
    const undo: number[] = [];
    if (match(v, env, undo) && next(env, exit)) return true;
    restore(env, undo);
    return false;
  };
}

function cmpOp(rt: Runtime, g: Goal, next: Op): Op {
  const op = g.c as number;
  return (env, exit) => {
    rt.tick();
    const a = valueIn(g.a, env);
    const b = valueIn(g.b, env);
    if (a === HOLE || b === HOLE) bail();
    return compare(op, a, b, rt.host) && next(env, exit);
  };
}

/**
 * Goals on values: comparison, arithmetic, assignment and `new`. A comparison or an
 * arithmetic operation on a variable not bound yet waits for it (a constraint) instead of
 * failing, as in Oso.
 * @module
 */
import { isPolarError, polarError } from "../errors.js";
import { FAIL, OK } from "./choices.js";
import type { Goal } from "./goals.js";
import { toHost } from "./lookups.js";
import type { Machine } from "./machine.js";
import { ARITH_SYMBOLS, arithmetic, compare } from "./operators.js";
import { build, type Frame } from "./templates.js";
import { deref, Var } from "./terms.js";
import { unify } from "./unify.js";

/** The G_CMP goal. */
export function cmpGoal(m: Machine, goal: Goal, frame: Frame): number {
  const a = deref(build(goal.a, frame));
  if (a instanceof Var) return m.freeze(a, goal, frame);
  const b = deref(build(goal.b, frame));
  if (b instanceof Var) return m.freeze(b, goal, frame);
  return compare(goal.c as number, a, b, m.host) ? OK : FAIL;
}

/** The G_ARITH goal: integer overflow and integer division by zero are errors. */
export function arithGoal(m: Machine, goal: Goal, frame: Frame): number {
  const a = deref(build(goal.a, frame));
  if (a instanceof Var) return m.freeze(a, goal, frame);
  const b = deref(build(goal.b, frame));
  if (b instanceof Var) return m.freeze(b, goal, frame);
  const op = goal.c as number;
  let r: number | bigint | undefined;
  try {
    r = arithmetic(op, a, b);
  } catch (e) {
    if (isPolarError(e)) {
      throw polarError(
        "unsupported",
        `Not supported: unsupported arithmetic operands: ${m.print(a)} ${ARITH_SYMBOLS[op]} ${m.print(b)}`,
      );
    }
    throw e;
  }
  if (r === undefined) {
    throw polarError(
      "arithmetic_error",
      `Arithmetic error: ${m.print(a)} ${ARITH_SYMBOLS[op]} ${m.print(b)}`,
    );
  }
  return unify(build(goal.d, frame), r, m.bindings, m.host) ? OK : FAIL;
}

/** The G_ASSIGN goal (`x := v`): only an unbound variable may be assigned. */
export function assignGoal(m: Machine, goal: Goal, frame: Frame): number {
  const v = deref(build(goal.a, frame));
  if (!(v instanceof Var) || v.constraints !== null) {
    const name = (goal.a as { name?: string }).name ?? m.print(v);
    throw polarError(
      "type_error",
      `Type error: Can only assign to unbound variables, ${name} is not unbound.`,
    );
  }
  m.bindings.bind(v, deref(build(goal.b, frame)));
  return OK;
}

/** The G_NEW goal: construct a registered class. */
export function newGoal(m: Machine, goal: Goal, frame: Frame): number {
  const args = (goal.b as unknown[]).map((t) => toHost(build(t, frame)));
  const instance = m.received(m.host.construct(goal.a as string, args));
  return unify(build(goal.c, frame), instance, m.bindings, m.host) ? OK : FAIL;
}

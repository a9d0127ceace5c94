/**
 * The commonest goal of a decision, `x.f = y` with `x` a bound variable and `y` a
 * variable (`issue.repo = repo`, the `user.roles` a list check reads): one copy per site
 * (instances.ts), so the field's reader is inlined where it is read. It does what
 * `readField` (values.ts) does, without the cases that need it: a receiver that is a Polar
 * value goes there.
 * @module
 */
import { isThenable } from "../host-port.js";
import type { Slot } from "../templates.js";
import { Internal } from "../terms.js";
import { ABSENT_FIELD, type FieldReader, fieldReader, type OwnCheck, ownCheck } from "./access.js";
import { instantiate } from "./instances.js";
import { bail, type Env, type Exit, HOLE, type Op, type Runtime } from "./runtime.js";
import { ABSENT, readField, same } from "./values.js";

/** The operation reading `receiver.name` into slot `out`, then `next`. */
export function fieldToSlot(rt: Runtime, receiver: Slot, name: string, out: Slot, next: Op): Op {
  return instantiate(fieldFactory)({
    rt,
    HOLE,
    ABSENT,
    ABSENT_FIELD,
    Internal,
    bail,
    isThenable,
    readField,
    same,
    read: fieldReader(name),
    own: ownCheck(name),
    name,
    recv: receiver.index,
    out: out.index,
    next,
  });
}

interface FieldDeps {
  readonly rt: Runtime;
  readonly HOLE: typeof HOLE;
  readonly ABSENT: typeof ABSENT;
  readonly ABSENT_FIELD: typeof ABSENT_FIELD;
  readonly Internal: typeof Internal;
  readonly bail: () => never;
  readonly isThenable: typeof isThenable;
  readonly readField: typeof readField;
  readonly same: typeof same;
  readonly read: FieldReader;
  readonly own: OwnCheck;
  readonly name: string;
  readonly recv: number;
  readonly out: number;
  readonly next: Op;
}

function fieldFactory(d: FieldDeps): Op {
  const { rt, HOLE, ABSENT, ABSENT_FIELD, Internal, bail, isThenable, readField, same } = d;
  const { read, own, name, recv, out, next } = d;
  return function field(env: Env, exit: Exit): boolean {
    rt.tick();
    const r = env[recv];
    let v: unknown;
    if (typeof r === "object" && r !== null && !(r instanceof Internal) && !Array.isArray(r)) {
      if (rt.host.isRelationField(r, name)) bail();
      // not an own field (a getter): the clock runs while it does (see mayBeSlow)
      const slow = rt.timed && !own(r);
      if (slow) rt.startClock();
      v = read(r);
      if (v === ABSENT_FIELD || isThenable(v)) bail();
      if ((typeof v === "string" || Array.isArray(v)) && v.length > rt.limits.maxHostValueSize) bail();
      if (slow && rt.expired()) bail();
    } else {
      if (r === HOLE) bail(); // the interpreter waits for the receiver (a constraint)
      v = readField(rt, r, name, read, own);
      if (v === ABSENT) return false;
    }
    const cur = env[out];
    if (cur !== HOLE) return same(rt, cur, v) && next(env, exit);
    env[out] = v;
    if (next(env, exit)) return true;
    env[out] = HOLE;
    return false;
  };
}

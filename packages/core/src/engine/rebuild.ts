/**
 * Converting values at the host boundary: the lists and dicts of a value rebuilt with its
 * leaves converted (logic variables to `Variable`s and back), copying only what changes.
 *
 * A part shared by several parents (`[x, x]`) is converted once, so a value that shares
 * its parts stays linear however often it is reached; a cyclic value, or one nested
 * deeper than unification would go, is a `stack_overflow` error instead of a crash.
 * @module
 */
import { polarError } from "../errors.js";
import { Dict, dictKeys } from "./terms.js";
import { MAX_UNIFY_DEPTH } from "./unify.js";
import { charge } from "./work-clock.js";

/**
 * `root` with `visit` applied to it and to every element and value below its lists and
 * dicts. `visit` returns the value to use; when that is a list or a dict, its contents are
 * converted in turn. `fresh(container)` says when an unchanged container must be copied
 * anyway (a policy literal the application must not hold). `what` names the value in the
 * error for one nested too deeply.
 */
export function rebuild(
  root: unknown,
  visit: (value: unknown) => unknown,
  fresh: (container: object) => boolean,
  what: string,
): unknown {
  let memo: Map<object, unknown> | null = null;
  const tooDeep = () => polarError("stack_overflow", `${what} is nested too deeply (cyclic data?)`);
  const walk = (value: unknown, depth: number): unknown => {
    const t = visit(value);
    const isList = Array.isArray(t);
    if (!isList && !(t instanceof Dict)) return t;
    if (depth > MAX_UNIFY_DEPTH) throw tooDeep();
    const known = memo?.get(t);
    if (known !== undefined) return known;
    const child = (e: unknown): unknown => {
      if (typeof e !== "object" || e === null) return e;
      memo ??= new Map();
      return walk(e, depth + 1);
    };
    let out: unknown = t;
    charge(isList ? t.length + 1 : 1);
    if (isList) {
      let copy: unknown[] | null = null;
      for (let i = 0; i < t.length; i++) {
        const e = t[i];
        const c = child(e);
        if (c !== e && copy === null) copy = t.slice(0, i);
        if (copy !== null) copy.push(c);
      }
      out = copy ?? (fresh(t) ? t.slice() : t);
    } else {
      const dict = t as Dict;
      const keys = dictKeys(dict);
      let changed = false;
      const values = keys.map((k) => {
        const c = child(dict[k]);
        if (c !== dict[k]) changed = true;
        return c;
      });
      if (changed || fresh(dict)) out = new Dict(keys.map((k, i) => [k, values[i]] as const));
    }
    memo?.set(t, out);
    return out;
  };
  try {
    return walk(root, 0);
  } catch (e) {
    // the engine's own frames are heavier than the depth bound assumes in some hosts
    throw e instanceof RangeError ? tooDeep() : e;
  }
}

/**
 * Unification (`=` and parameter passing), Oso 0.27.3 semantics:
 * numbers unify numerically (`1 = 1.0`; NaN never), booleans never with numbers, lists
 * element-wise with rest variables, dicts only with identical key sets, patterns never,
 * and a host instance with anything but itself by asking the host's equality.
 * There is no occurs check; cyclic terms are cut off by a depth bound.
 * @module
 */
import { polarError } from "../errors.js";
import type { Bindings } from "./bindings.js";
import {
  Dict,
  DictPattern,
  deref,
  dictKeys,
  Expression,
  InstancePattern,
  isHostValue,
  ListRest,
  Predicate,
  Var,
} from "./terms.js";
import { charge } from "./work-clock.js";

/** What unification needs from the host: equality involving host instances. */
export interface EqualityHost {
  equal(a: unknown, b: unknown): boolean;
}

/** Deeper than this, unification stops with a stack-overflow error (cyclic terms). */
export const MAX_UNIFY_DEPTH = 4000;

/**
 * More compound pairs than this in one unification is an error: a term that shares its
 * parts (`[x, x]` with `x = [y, y]`...) is small in memory but exponential to walk.
 */
export const MAX_UNIFY_WORK = 1_000_000;

/** Compound pairs visited by the unification in progress (reset by each top-level call). */
let work = 0;

/** Unify `a` and `b`, recording bindings in `bs`. False means they do not unify (bindings made so far stay on the trail for the caller to undo). */
export function unify(a: unknown, b: unknown, bs: Bindings, host: EqualityHost, depth = 0): boolean {
  // a variable unifies with itself whatever it holds (`x = nan and x = x`)
  if (a === b && a instanceof Var) return true;
  if (a instanceof Var) a = deref(a);
  if (b instanceof Var) b = deref(b);
  if (a === b) return true;
  if (a instanceof Var) {
    bs.bind(a, b);
    return true;
  }
  if (b instanceof Var) {
    bs.bind(b, a);
    return true;
  }
  switch (typeof a) {
    case "string":
    case "boolean":
      return typeof b !== typeof a && isHostValue(b) ? host.equal(a, b) : false;
    case "number":
    case "bigint":
      if (typeof b === "number" || typeof b === "bigint") {
        // mixed number/bigint: loose equality compares the exact mathematical values
        // biome-ignore lint/suspicious/noDoubleEquals: exact comparison across number and bigint
        return typeof a !== typeof b && a == b;
      }
      return isHostValue(b) ? host.equal(a, b) : false;
  }
  if (depth === 0) work = 0;
  if (depth > MAX_UNIFY_DEPTH) {
    throw polarError("stack_overflow", "Unification went too deep (a cyclic term?)");
  }
  charge(1);
  if (++work > MAX_UNIFY_WORK) {
    throw polarError("stack_overflow", "Unification gave up: the terms are too large to compare");
  }
  if (Array.isArray(a) || a instanceof ListRest) {
    if (Array.isArray(b) || b instanceof ListRest) return unifyLists(a, b, bs, host, depth + 1);
    if (isPattern(b)) throw patternError(a, b);
    return isHostValue(b) && Array.isArray(a) ? host.equal(a, b) : false;
  }
  if (a instanceof Dict) {
    if (b instanceof Dict) return unifyDicts(a, b, bs, host, depth + 1);
    if (isPattern(b)) throw patternError(a, b);
    return isHostValue(b) ? host.equal(a, b) : false;
  }
  if (a instanceof Predicate) {
    if (!(b instanceof Predicate)) return false;
    if (a.name !== b.name || a.args.length !== b.args.length) return false;
    for (let i = 0; i < a.args.length; i++) {
      if (!unify(a.args[i], b.args[i], bs, host, depth + 1)) return false;
    }
    return true;
  }
  if (isPattern(a) || isPattern(b)) throw patternError(a, b);
  if (a instanceof Expression || b instanceof Expression) {
    throw polarError("type_error", "Type error: cannot unify expressions directly");
  }
  // a is a host instance
  return host.equal(a, b);
}

function isPattern(t: unknown): boolean {
  return t instanceof DictPattern || t instanceof InstancePattern;
}

function patternError(_a: unknown, _b: unknown) {
  return polarError("type_error", "Type error: cannot unify patterns directly");
}

function unifyDicts(a: Dict, b: Dict, bs: Bindings, host: EqualityHost, depth: number): boolean {
  const ka = dictKeys(a);
  const kb = dictKeys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return false;
  for (const k of ka) if (!unify(a[k], b[k], bs, host, depth)) return false;
  return true;
}

/** A list seen as its known elements and its unbound tail variable (null when closed). */
interface FlatList {
  readonly items: readonly unknown[];
  readonly tail: Var | null;
}

/**
 * Flatten `[a, *r]` where `r` is bound to a list (possibly itself with a rest).
 * A list built by recursion (`mk(n, [n, *t]) if mk(n - 1, t)`) is a chain of one
 * `ListRest` per element: the items are appended in place, so flattening costs time
 * linear in the length (copying the prefix at each link made it quadratic).
 */
export function flattenList(t: unknown): FlatList | null {
  if (Array.isArray(t)) return { items: t, tail: null };
  if (!(t instanceof ListRest)) return null;
  const items: unknown[] = t.items.slice();
  let rest = deref(t.rest);
  for (;;) {
    if (rest instanceof Var) return { items, tail: rest };
    if (Array.isArray(rest)) {
      charge(rest.length);
      for (const e of rest) items.push(e);
      return { items, tail: null };
    }
    if (rest instanceof ListRest) {
      charge(rest.items.length + 1);
      for (const e of rest.items) items.push(e);
      rest = deref(rest.rest);
      continue;
    }
    return null; // rest bound to a non-list: not a list
  }
}

function unifyLists(a: unknown, b: unknown, bs: Bindings, host: EqualityHost, depth: number): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    // elements that are not compound cost no `work` below, but a long list is still work
    charge(a.length);
    for (let i = 0; i < a.length; i++) if (!unify(a[i], b[i], bs, host, depth)) return false;
    return true;
  }
  return unifyOpenLists(new ListCursor(a), new ListCursor(b), bs, host, depth);
}

/**
 * A position in a list term: `items[i..]`, then `rest` (a list term, or an unbound
 * variable once reached; null when the list is closed). Links of a chain of open lists
 * are entered one at a time, so unifying `[_, *t]` with a long list costs the one item,
 * not a copy of the whole list: walking a list built by recursion is linear.
 */
class ListCursor {
  items: readonly unknown[];
  i = 0;
  rest: unknown;
  constructor(list: unknown) {
    if (Array.isArray(list)) {
      this.items = list;
      this.rest = null;
    } else {
      const l = list as ListRest;
      this.items = l.items;
      this.rest = l.rest;
    }
  }

  /**
   * Move past exhausted links. True when an item is at hand; false at the end (a closed
   * list, `rest` null, or an unbound tail, `rest` that variable). Null when the rest is
   * bound to something that is not a list.
   */
  ready(): boolean | null {
    while (this.i >= this.items.length) {
      if (this.rest === null) return false;
      const r = deref(this.rest);
      if (r instanceof Var) {
        this.rest = r;
        return false;
      }
      if (Array.isArray(r)) {
        this.items = r;
        this.rest = null;
      } else if (r instanceof ListRest) {
        this.items = r.items;
        this.rest = r.rest;
      } else {
        return null;
      }
      this.i = 0;
    }
    return true;
  }

  /** What is left, as a list term (shares the current link's items when at its start). */
  remainder(): unknown {
    const items = this.i === 0 ? this.items : this.items.slice(this.i);
    charge(this.items.length - this.i);
    return this.rest === null ? items : new ListRest(items, this.rest);
  }
}

function unifyOpenLists(
  a: ListCursor,
  b: ListCursor,
  bs: Bindings,
  host: EqualityHost,
  depth: number,
): boolean {
  for (;;) {
    const ha = a.ready();
    const hb = b.ready();
    if (ha === null || hb === null) return false;
    if (ha && hb) {
      charge(1);
      if (!unify(a.items[a.i++], b.items[b.i++], bs, host, depth)) return false;
      continue;
    }
    // at least one side ended: closed (rest null) or at its unbound tail variable
    if (!ha && !hb) {
      if (a.rest === null && b.rest === null) return true;
      return unify(a.rest ?? [], b.rest ?? [], bs, host, depth);
    }
    const [ended, other] = ha ? [b, a] : [a, b];
    // a closed list cannot take the other's remaining items; a tail variable takes them all
    return ended.rest !== null && unify(ended.rest, other.remainder(), bs, host, depth);
  }
}

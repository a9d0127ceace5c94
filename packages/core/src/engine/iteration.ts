/**
 * The `in` goal: one solution per element of a list, dict (as `[key, value]` pairs in key
 * order), string (its characters) or host iterable (sync or async, fetched lazily one
 * element per backtrack).
 * @module
 */
import { polarError } from "../errors.js";
import { CH_ITER, CH_LIST, Choice, FAIL, OK } from "./choices.js";
import { fastPaths } from "./fast-paths.js";
import { Cont, G_CMP, G_DOT, G_IN, G_ISA, G_ITER_NEXT, G_OR, G_TRUTHY, G_UNIFY, Goal } from "./goals.js";
import { isThenable } from "./host-port.js";
import { candidatePositions, firstAtOrAfter, INDEX_MIN_LENGTH } from "./list-index.js";
import { completeDot } from "./lookups.js";
import type { Machine } from "./machine.js";
import { dropResults, ORDINARY, PASSED, planScan, type Scan, SKIP, UNSURE } from "./scan.js";
import { build } from "./templates.js";
import { Dict, deref, dictKeys, Internal, ListRest, Var } from "./terms.js";
import { flattenList, unify } from "./unify.js";

/** Lists shorter than this are iterated without pre-checks. */
const SCAN_MIN_LENGTH = 8;

/** Goals cheap and safe to run inline while scanning a list (they never replay). */
const INLINE_FILTERS: ReadonlySet<number> = new Set([G_DOT, G_UNIFY, G_CMP, G_TRUTHY]);

/** The G_IN goal. */
export function inGoal(m: Machine, goal: Goal, c: Cont): number {
  const item = build(goal.a, c.frame);
  const coll = deref(build(goal.b, c.frame));
  if (Array.isArray(coll)) return iterateList(m, item, coll);
  if (coll instanceof Var) return m.freeze(coll, goal, c.frame);
  if (coll instanceof Dict)
    return iterateList(
      m,
      item,
      dictKeys(coll).map((k) => [k, coll[k]]),
    );
  if (typeof coll === "string") return iterateList(m, item, Array.from(coll));
  if (coll instanceof ListRest) return iterateOpenList(m, item, coll, c);
  if (
    typeof coll === "number" ||
    typeof coll === "bigint" ||
    typeof coll === "boolean" ||
    coll instanceof Internal
  ) {
    throw polarError(
      "type_error",
      `Type error: can only use \`in\` on an iterable value, this is ${m.print(coll)}`,
    );
  }
  const ch = new Choice(CH_ITER, m.bindings.trail.length, m.cont, 0, c.depth);
  ch.iter = m.host.iterate(coll);
  ch.item = item;
  ch.nextGoal = new Goal(G_ITER_NEXT, ch, null, null, null, goal.node);
  m.pushChoice(ch);
  return iterNext(m, ch);
}

/** One solution per candidate element of `list`, the first now, the rest on backtracking. */
export function iterateList(m: Machine, item: unknown, list: readonly unknown[]): number {
  const first = nextCandidate(list, 0, deref(item));
  if (first < 0) return FAIL;
  const ch = new Choice(CH_LIST, m.bindings.trail.length, m.cont, 0, 0);
  ch.alts = list;
  ch.idx = first;
  ch.item = item;
  m.pushChoice(ch);
  return nextElement(m, ch);
}

/**
 * Position a list choice on its next element (`ch.idx`), popping it after the last one.
 *
 * The goals right after the `in` usually reject most elements (`role in user.roles and
 * role.name = "admin"`), so when they are simple tests they run here, inline: pre-checked
 * (see scan.ts) when they can be, run through the ordinary path otherwise. A rejected element
 * costs a property read and a comparison, with no trip through the machine's loop and no
 * allocation. The same goals run in the same order as without this shortcut.
 */
export function nextElement(m: Machine, ch: Choice): number {
  const list = ch.alts;
  const bindings = m.bindings;
  const key = deref(ch.item);
  const k = ch.cont;
  const first = k === null ? null : k.goals[k.i]!;
  const inline = first !== null && fastPaths.inlineFilters && INLINE_FILTERS.has(first.op);
  // `matches` may replay (a Promise in a field): never run inline, but pre-checked by a scan
  const scannable = inline || (first !== null && first.op === G_ISA && fastPaths.inlineFilters);
  // planning costs a little: worth it only over lists long enough to scan
  if (scannable && ch.scan === undefined)
    // a traced query runs every goal the ordinary way, so each is observed
    ch.scan =
      list.length >= SCAN_MIN_LENGTH && fastPaths.scan && m.tracer === null
        ? planScan(ch.item, k, m.host, m.limits.maxHostValueSize)
        : null;
  const scan = scannable ? ch.scan! : null;
  if (scan !== null && ch.results === null) ch.results = new Array<unknown>(scan.tests.length);
  const results = ch.results;
  for (;;) {
    let i = ch.idx;
    // how many goals were pre-checked for element i (their values are in `results`)
    let checked = 0;
    if (scan !== null) {
      const found = scanFrom(m, scan, list, i, results!);
      if (found.index < 0) {
        // nothing left passes the pre-checks
        if (m.choices[m.choices.length - 1] === ch) m.choices.pop();
        bindings.undo(ch.trail);
        bindings.woken = null;
        return FAIL;
      }
      i = found.index;
      checked = found.checked;
    }
    const j = nextCandidate(list, i + 1, key);
    ch.idx = j;
    // INVARIANT: a list choice is on top of the stack whenever it is resumed
    if (j < 0) m.choices.pop();
    bindings.undo(ch.trail);
    bindings.woken = null;
    if (unify(ch.item, list[i], bindings, m.host)) {
      if (bindings.woken !== null || (!inline && checked === 0)) {
        m.cont = k;
        return OK;
      }
      const r = checked > 0 ? finishChecked(m, scan!, results!, checked) : runFirst(m, ch, first!, k!);
      if (r !== FAIL) return r;
    }
    if (j < 0) {
      bindings.woken = null;
      return FAIL;
    }
  }
}

/** Where {@link scanFrom} stopped: the element, and how many of its goals were pre-checked. */
const FOUND = { index: -1, checked: 0 };

/**
 * The first element at or after `from` that the pre-checks do not reject, in a tight loop:
 * rejected elements bind nothing and leave no trace but the steps they count.
 */
function scanFrom(
  m: Machine,
  scan: Scan,
  list: readonly unknown[],
  from: number,
  results: unknown[],
): typeof FOUND {
  const tests = scan.tests;
  const calls = scan.calls;
  const n = list.length;
  // the positions an index leaves to visit (list-index.ts), or every one
  const positions =
    scan.pattern !== null && fastPaths.listIndex && n >= INDEX_MIN_LENGTH
      ? candidatePositions(m, scan, list, scan.pattern.keys, scan.pattern.values)
      : null;
  let at = positions === null ? 0 : firstAtOrAfter(positions, from);
  let t = 0;
  let i = from;
  let found = false;
  try {
    for (; !found; i++) {
      if (positions !== null) {
        if (at >= positions.length) {
          i = n;
          break;
        }
        i = positions[at++]!;
      } else if (i >= n) {
        break;
      }
      const e = list[i];
      found = true;
      for (t = 0; t < tests.length; t++) {
        UNSURE.on = false;
        const r = tests[t]!(e);
        if (r === SKIP) {
          found = false;
          break;
        }
        if (r === ORDINARY) break;
        results[t] = r;
        // a Promise, or a value only the ordinary path can judge, ends the pre-check: later
        // tests must not run before this goal has succeeded
        if (UNSURE.on || (typeof r === "object" && r !== null && isThenable(r))) {
          t++;
          break;
        }
      }
      // the clock after every host call; a plain field read is cheap, so every 32 of those
      if (calls || ((i - from) & 31) === 31) m.checkDeadline();
    }
  } catch (e) {
    // the error belongs to the goal whose test raised it
    m.tick(scan.goals[t]!, i - from + 1);
    throw e;
  }
  if (!found) {
    m.tick(scan.goals[0]!, n - from);
    FOUND.index = -1;
    FOUND.checked = 0;
    return FOUND;
  }
  try {
    m.tick(scan.goals[Math.min(t, tests.length - 1)]!, i - from);
  } catch (e) {
    dropResults(results, 0, t);
    throw e;
  }
  FOUND.index = i - 1;
  FOUND.checked = t;
  return FOUND;
}

/** Finish the pre-checked goals with their values, in order, then continue after them. */
function finishChecked(m: Machine, scan: Scan, results: unknown[], checked: number): number {
  for (let t = 0; t < checked; t++) {
    m.cont = scan.after[t]!;
    let r: number;
    try {
      // an error is this goal's (the scan counted its step already: zero more)
      m.tick(scan.goals[t]!, 0);
      // every field of a `matches` pattern compared equal: matching binds nothing
      if (results[t] === PASSED) continue;
      // the scan read the clock on its own schedule (see scanFrom)
      r = completeDot(m, scan.goals[t]!, scan.frame, results[t], false);
    } catch (e) {
      dropResults(results, t + 1, checked);
      throw e;
    }
    if (r !== OK) {
      if (r === FAIL) dropResults(results, t + 1, checked);
      return r;
    }
  }
  return OK;
}

/** Run the goal after the `in` through the ordinary path (it could not be pre-checked). */
function runFirst(m: Machine, ch: Choice, goal: Goal, k: Cont): number {
  m.tick(goal);
  if (ch.afterFilter === undefined) {
    ch.afterFilter =
      k.i + 1 < k.goals.length ? new Cont(k.goals, k.i + 1, k.frame, k.barrier, k.next, k.depth) : k.next;
  }
  m.cont = ch.afterFilter;
  return m.runGoal(goal, k);
}

/**
 * The index of the next element at or after `from` that may unify with `key`. When the
 * item is a known string, number or boolean, elements of the same kind that differ are
 * skipped without a choice point (`"admin" in user.roles` is a scan, not a search).
 */
export function nextCandidate(list: readonly unknown[], from: number, key: unknown): number {
  const n = list.length;
  if (from >= n) return -1;
  const t = typeof key;
  if (!fastPaths.skipCandidates) return from;
  if (t !== "string" && t !== "number" && t !== "boolean") return from;
  for (let i = from; i < n; i++) {
    const e = list[i];
    if (typeof e !== t || e === key) return i;
  }
  return -1;
}

/** The G_ITER_NEXT goal (and the first element of a host iteration). */
export function iterNext(m: Machine, ch: Choice): number {
  const r = (ch.iter as Iterator<unknown> | AsyncIterator<unknown>).next();
  if (isThenable(r))
    return m.suspendOn(r, ch.nextGoal!, (res) => iterStep(m, ch, res as IteratorResult<unknown>));
  return iterStep(m, ch, r as IteratorResult<unknown>);
}

function iterStep(m: Machine, ch: Choice, r: IteratorResult<unknown>): number {
  // as `for...of` does: a result that is not an object is a broken iterator, not an endless one
  if (typeof r !== "object" || r === null) {
    throw polarError(
      "invalid_iterator",
      `Invalid iterator: next() returned ${String(r)}, not an iterator result`,
    );
  }
  if (r.done) {
    m.received(undefined); // the clock, after the host's next()
    // the iteration's choice is on top: nothing ran since it was last resumed
    if (m.choices[m.choices.length - 1] === ch) m.choices.pop();
    return FAIL;
  }
  return unify(ch.item, m.received(r.value), m.bindings, m.host) ? OK : FAIL;
}

/** `x in [a, b, *rest]` with `rest` unbound: the known elements, then `x in rest`. */
function iterateOpenList(m: Machine, item: unknown, list: ListRest, c: Cont): number {
  const flat = flattenList(list);
  if (flat === null) throw polarError("type_error", "Type error: can only use `in` on an iterable value");
  if (flat.tail === null) return iterateList(m, item, flat.items);
  const branches = flat.items.map((e) => new Goal(G_UNIFY, item, e));
  branches.push(new Goal(G_IN, item, flat.tail));
  const or = new Goal(
    G_OR,
    null,
    branches.map((b) => [b]),
  );
  return m.runGoal(or, c);
}

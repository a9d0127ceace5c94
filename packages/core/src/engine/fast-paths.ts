/**
 * Switches for the engine's fast paths, so that tests can run every query both with and
 * without them and compare (see `engine/differential-fast-paths.test.ts`).
 *
 * Each fast path claims the same answers, in the same order, with the same errors, as the
 * ordinary path it shortcuts. Turning one off makes the engine take the ordinary path.
 * They are all on in production; nothing outside tests should change them. Switches read
 * at load (`fusion`) must be set while the policy is loaded; the others are read per call.
 * @module
 */

/** The fast paths, each on (true) or off. */
export interface FastPaths {
  /** compile.ts: a temporary consumed by `=` is fused into the goal that produces it. */
  fusion: boolean;
  /** kb.ts: calls go to the rules indexed by a constant argument, not to all rules. */
  ruleIndex: boolean;
  /** kb.ts / rules.ts: no applicability pass when the order of the candidates is known at load. */
  fixedOrder: boolean;
  /** iteration.ts: a known primitive item skips elements of the same kind that differ. */
  skipCandidates: boolean;
  /** iteration.ts: the simple tests after an `in` run inline in the list loop. */
  inlineFilters: boolean;
  /** scan.ts: those tests pre-check elements with direct property reads and calls. */
  scan: boolean;
  /** list-index.ts: a list scanned by `matches` on known fields is indexed once per query. */
  listIndex: boolean;
  /** compiled/: decisions with every argument known run as compiled closures, not on a machine. */
  compiled: boolean;
}

const ALL_ON: FastPaths = {
  fusion: true,
  ruleIndex: true,
  fixedOrder: true,
  skipCandidates: true,
  inlineFilters: true,
  scan: true,
  listIndex: true,
  compiled: true,
};

/** The current switches (read by the engine on its hot paths: keep this one object). */
export const fastPaths: FastPaths = { ...ALL_ON };

/** Every switch off. */
export const NO_FAST_PATHS: Readonly<FastPaths> = Object.fromEntries(
  Object.keys(ALL_ON).map((k) => [k, false]),
) as unknown as FastPaths;

/**
 * Run `fn` (and, when it returns a Promise, everything until it settles) with the given
 * switches, then restore the previous ones. Not reentrant across concurrent Promises: for
 * tests that run one query at a time.
 */
export function withFastPaths<T>(flags: Partial<FastPaths>, fn: () => T): T {
  const saved = { ...fastPaths };
  Object.assign(fastPaths, flags);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    Object.assign(fastPaths, saved);
    throw e;
  }
  if (result instanceof Promise) {
    return result.finally(() => Object.assign(fastPaths, saved)) as T;
  }
  Object.assign(fastPaths, saved);
  return result;
}

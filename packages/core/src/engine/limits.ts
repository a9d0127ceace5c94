/**
 * The bounds on one query and the errors that report crossing them. The machine keeps
 * its counters (steps, clock) inline in its step loop; only the bounds and the error
 * construction live here, so the loop pays nothing for the split.
 * @module
 */
import { type PolarError, polarError } from "../errors.js";

/** Bounds on one query. */
export interface Limits {
  /** Goals executed, at most. */
  readonly maxSteps: number;
  /** Rule activations pending at once, at most (non-tail recursion depth). */
  readonly maxDepth: number;
  /** Choice points at once, at most. */
  readonly maxChoices: number;
  /** Wall-clock time in milliseconds, including time spent waiting for host Promises (0: none). */
  readonly timeoutMs: number;
  /** Length of a string or list a host call hands back, at most. */
  readonly maxHostValueSize: number;
}

/** The query ran more than `limits.maxSteps` goals. */
export function stepLimitError(limits: Limits): PolarError {
  return polarError("step_limit", `Query exceeded the limit of ${limits.maxSteps} steps`, {
    hint: "An infinite loop in the policy? Raise the `maxSteps` option if this query is legitimate.",
  });
}

/** The query, started at `started` (epoch ms), outlived `limits.timeoutMs`. */
export function timeoutError(limits: Limits, started: number): PolarError {
  return polarError(
    "query_timeout",
    `Query timeout: Query running for ${Date.now() - started}ms, which exceeds the timeout of ${limits.timeoutMs}ms.`,
    { hint: "Raise the `timeoutMs` option (0 disables the timeout) if this query is legitimate." },
  );
}

/** The query holds more than `limits.maxChoices` choice points. */
export function tooManyChoicesError(limits: Limits): PolarError {
  return polarError(
    "stack_overflow",
    `Too many choices: more than ${limits.maxChoices} pending alternatives`,
    {
      hint: "Raise the `maxChoices` option if this query is legitimate.",
    },
  );
}

/** A string or list of `length` from the application is longer than `limits.maxHostValueSize`. */
export function hostValueTooLargeError(limits: Limits, length: number): PolarError {
  return polarError(
    "host_value_too_large",
    `A value of length ${length} from the application exceeds the bound of ${limits.maxHostValueSize} (the maxHostValueSize option)`,
    { hint: "Raise the `maxHostValueSize` option if the value is legitimate." },
  );
}

/**
 * The value of `promise`, but no later than `started + limits.timeoutMs`: a host Promise
 * that never settles ends the query with `query_timeout` instead of hanging it (and the
 * request holding it) for good.
 */
export function raceDeadline(
  promise: PromiseLike<unknown> | null,
  limits: Limits,
  started: number,
): Promise<unknown> {
  const pending = Promise.resolve(promise);
  const timeout = limits.timeoutMs;
  if (timeout <= 0) return pending;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(timeoutError(limits, started)),
      Math.max(0, started + timeout - Date.now()),
    );
  });
  return Promise.race([pending, expired]).finally(() => clearTimeout(timer));
}

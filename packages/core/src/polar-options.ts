/**
 * The options of `Polar` (and so of `Oso`): their defaults, and the checks that turn what
 * the application passed into the values the instance runs with, refusing bad ones with
 * `invalid_argument`.
 * @module
 */
import { polarError } from "./errors.js";
import type { LogSink } from "./explain/log-tracer.js";
import type { EqualityFn } from "./host/equality.js";
import { DEFAULT_MAX_HOST_VALUE_SIZE } from "./host/host.js";
import type { PolarWarning } from "./warnings.js";

/** Default bound on the size of what one host call receives or hands back. */
export { DEFAULT_MAX_HOST_VALUE_SIZE };
/** Default bound on goals executed by one query. */
export const DEFAULT_MAX_STEPS = 10_000_000;
/** Default bound on pending (non-tail) rule activations: legitimate 1,000-level recursion fits. */
export const DEFAULT_MAX_DEPTH = 10_000;
/** Default bound on pending alternatives. */
export const DEFAULT_MAX_CHOICES = 100_000;
/** Default wall-clock bound of one query, as in Oso. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Options of {@link Polar}. */
export interface PolarOptions {
  /**
   * Equality of host values. The default, `defaultEqualityFn`, compares contents and
   * own fields, honours a class's `equals` method, and calls two distinct objects equal
   * only when it compared state that tells them apart. A class's `equals` registration
   * option takes precedence over this function.
   */
  equalityFn?: EqualityFn;
  /** Where `print(...)` in a policy writes (default `console.log`). */
  print?: (message: string) => void;
  /** Where load warnings go (default `console.warn`). */
  onWarning?: (warning: PolarWarning) => void;
  /** Do not warn about a policy without `allow` rules. */
  ignoreNoAllowWarning?: boolean;
  /** At most this many goals per query (default 10,000,000). */
  maxSteps?: number;
  /** At most this many nested rule calls pending at once (default 10,000). */
  maxDepth?: number;
  /** At most this many pending alternatives (default 100,000). */
  maxChoices?: number;
  /** At most this long per query in milliseconds, including waits for host Promises (default 30,000; 0 disables). */
  timeoutMs?: number;
  /**
   * At most this many elements (of a list, counting nested ones) or characters (of a string)
   * in what one host call receives or hands back, and in what the allocating built-ins
   * (`"a".repeat(n)`, `new List(n)`, ...) would build (default 10,000,000). Beyond it, a
   * query fails with `host_value_too_large` instead of exhausting memory.
   */
  maxHostValueSize?: number;
  /**
   * Decide `isAllowed`, `authorize` and the adapters' checks with the compiled tier first
   * (default true): the policy's rules run as compiled closures, and a decision they cannot
   * finish (an application method, a Promise, ...) goes to the query machine with the same
   * answer. `false`: every decision runs on the query machine (to compare, or when a getter
   * of the application must never run twice in a decision that is handed over).
   */
  compiledDecisions?: boolean;
  /**
   * Where to write the trace of every query (the rules tried, with `file:line`, their
   * arguments and outcomes, and the host values read), line by line. Without it, setting
   * the environment variable `POLAR_LOG` (to anything but `0`, `off` or `false`) when the
   * instance is created writes them to standard error. For development: tracing slows
   * queries down.
   */
  logger?: ((line: string) => void) | { log(line: string): void };
}

/** The sink of `logger` / `POLAR_LOG`, or null when queries are not logged. */
export function logSink(logger: PolarOptions["logger"]): LogSink | null {
  if (logger !== undefined) {
    if (typeof logger === "function") return logger;
    if (typeof logger === "object" && logger !== null && typeof logger.log === "function") {
      return (line) => logger.log(line);
    }
    throw polarError(
      "invalid_argument",
      "The logger option must be a function or an object with a log method",
    );
  }
  const env = typeof process !== "undefined" ? process.env?.POLAR_LOG : undefined;
  if (env === undefined || env === "" || /^(0|off|false)$/i.test(env)) return null;
  return (line) => process.stderr.write(`${line}\n`);
}

export function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value > 0)) {
    throw polarError("invalid_argument", `The ${name} option must be a positive number`);
  }
  return value;
}

/** A boolean option: `fallback` when absent, an error for anything but true or false. */
export function flag(value: boolean | undefined, fallback: boolean, name: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") {
    throw polarError("invalid_argument", `The ${name} option must be true or false`);
  }
  return value;
}

export function checkOptions(options: unknown, call: string): void {
  if (typeof options !== "object" || options === null) {
    throw polarError("invalid_argument", `${call}: the options must be an object`);
  }
}

/** The longest delay a timer can hold (Node clamps longer ones to 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** `timeoutMs`: milliseconds, 0 for none; `Infinity` means none too. */
export function timeout(value: number | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
    throw polarError(
      "invalid_argument",
      "The timeoutMs option must be a number of milliseconds (0 for no timeout)",
    );
  }
  if (value > MAX_TIMER_MS) {
    if (value === Number.POSITIVE_INFINITY) return 0;
    throw polarError(
      "invalid_argument",
      `The timeoutMs option must be at most ${MAX_TIMER_MS} (or 0 for no timeout)`,
    );
  }
  return value;
}

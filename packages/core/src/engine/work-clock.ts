/**
 * The clock for work done inside one step.
 *
 * Unifying, flattening or converting a big term is one step for the step counter, but a
 * list built by the policy can have a million elements, and a loop repeating such a step
 * would run for minutes between two readings of the clock by the step loop. So the loops
 * that walk terms element by element (unification, list flattening, the conversion of
 * values for the application) {@link charge} the elements they visit, and every
 * {@link WORK_CHECK_EVERY} units the clock is read against the deadline of the query
 * running now.
 *
 * INVARIANT: a query's machine runs synchronously and never interleaves with another one
 * on the same thread, so the running query's clock is one module-level slot, installed
 * when the machine starts running and restored when it stops ({@link enterClock} /
 * {@link leaveClock}, nested runs included).
 * @module
 */

/** The deadline of the running query and the error its expiry raises. */
export interface WorkClock {
  /** `Date.now()` value after which the query has timed out. */
  readonly deadline: number;
  readonly expired: () => Error;
}

/** Units of work between two readings of the clock (an element visited is one unit, well under a microsecond). */
export const WORK_CHECK_EVERY = 16_384;

let current: WorkClock | null = null;
let units = 0;
let total = 0;

/** Count `n` units of work; throws the running query's timeout error once its deadline passed. */
export function charge(n: number): void {
  units += n;
  if (units < WORK_CHECK_EVERY) return;
  total += units;
  units = 0;
  const clock = current;
  if (clock !== null && Date.now() > clock.deadline) throw clock.expired();
}

/** Make `clock` the running query's clock; returns the previous one, for {@link leaveClock}. */
export function enterClock(clock: WorkClock | null): WorkClock | null {
  const previous = current;
  current = clock;
  return previous;
}

/** Restore the clock {@link enterClock} replaced. */
export function leaveClock(previous: WorkClock | null): void {
  current = previous;
}

/** Units of work charged since the process started (for tests and measurements). */
export function workDone(): number {
  return total + units;
}

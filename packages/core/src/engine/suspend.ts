/**
 * The signal of a synchronous check that needs a value the host only has as a Promise
 * (a field named by a dict pattern, whose getter is async). The machine catches it,
 * undoes the goal, awaits the value, memoizes it and runs the goal again.
 * @module
 */

/** Thrown by a synchronous check that needs a value the host only has as a Promise. */
export class Suspend {
  constructor(
    readonly promise: PromiseLike<unknown>,
    readonly receiver: unknown,
    readonly name: string,
  ) {}
}

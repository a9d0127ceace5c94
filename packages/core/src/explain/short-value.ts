/**
 * Values as traces show them: printed, cut to {@link MAX_VALUE_LENGTH} characters, and
 * never an exception (a value whose printing throws is `<unprintable>`): tracing must not
 * change a decision.
 * @module
 */

/** Longer printed values are cut, with `...`. */
export const MAX_VALUE_LENGTH = 200;

/** `v` printed by `print`, cut to {@link MAX_VALUE_LENGTH}. */
export function shortValue(print: (v: unknown) => string, v: unknown): string {
  let s: string;
  try {
    s = print(v);
  } catch {
    s = "<unprintable>";
  }
  return s.length > MAX_VALUE_LENGTH ? `${s.slice(0, MAX_VALUE_LENGTH)}...` : s;
}

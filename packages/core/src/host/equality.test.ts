import { describe, expect, test } from "vitest";
import { defaultEqualityFn as eq } from "./equality.js";

class P {
  constructor(
    readonly x: number,
    readonly y: unknown = null,
  ) {}
}
class Q {
  constructor(readonly x: number) {}
}

describe("defaultEqualityFn", () => {
  test.each([
    [1, 1, true],
    [Number.NaN, Number.NaN, true],
    ["a", "a", true],
    [1, "1", false],
    [null, undefined, false],
    [[1, [2]], [1, [2]], true],
    [[1, 2], [1, 3], false],
    [{ a: 1 }, { a: 1 }, true],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [new P(1), new P(1), true],
    [new P(1), new P(2), false],
    [new P(1), new Q(1), false],
    [new P(1, new P(2)), new P(1, new P(2)), true],
    [new P(1, new P(2)), new P(1, new P(3)), false],
    [new Map([["k", { a: 1 }]]), new Map([["k", { a: 1 }]]), true],
    [new Set([1, 2]), new Set([2, 1]), true],
    [new Date(5), new Date(5), true],
  ])("%o vs %o -> %s", (a, b, expected) => {
    expect(eq(a, b)).toBe(expected);
  });

  test("cycles terminate", () => {
    const a: Record<string, unknown> = { n: 1 };
    a.self = a;
    const b: Record<string, unknown> = { n: 1 };
    b.self = b;
    expect(eq(a, b)).toBe(true);
    const c: Record<string, unknown> = { n: 2 };
    c.self = c;
    expect(eq(a, c)).toBe(false);
  });
});

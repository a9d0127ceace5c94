import { describe, expect, test } from "vitest";
import { makeSource } from "../source.js";
import { parsePolicy } from "../syntax/parser.js";
import { AMBIGUOUS_PRECEDENCE_MESSAGE, ambiguousPrecedenceWarnings } from "./precedence.js";

function warnings(text: string): string[] {
  const { policy, errors } = parsePolicy(makeSource(text));
  expect(errors).toEqual([]);
  return ambiguousPrecedenceWarnings(policy).map((w) => {
    expect(w.code).toBe("ambiguous_precedence");
    expect(w.summary).toBe(AMBIGUOUS_PRECEDENCE_MESSAGE);
    return text.slice(w.span!.start, w.span!.end);
  });
}

describe("ambiguous precedence", () => {
  test.each<[string, string[]]>([
    ["f(x) if x = 1 and x > 1 or x < 3;", ["x = 1 and x > 1"]],
    ["f(x) if x = 1 or x > 1 and x < 3;", ["x > 1 and x < 3"]],
    ["f(x) if (x = 1 and x > 1) or x < 3;", []],
    ["f(x) if (\n\t x = 1 and  x > 1) or x < 3;", []],
    ["f(x) if x = 1 or (x > 1 and x < 3);", []],
    ["f(x) if x = 1 and (x > 1 or x < 3);", []],
    ["f(x) if x = 1 and x > 1;", []],
    ["f(x) if x = 1 or x > 1;", []],
    ["f(x) if a(x) and b(x) or c(x) and d(x);", ["a(x) and b(x)", "c(x) and d(x)"]],
    ["f(x) if not (a(x) and b(x) or c(x));", ["a(x) and b(x)"]],
    ["?= a(1) and b(1) or c(1);", ["a(1) and b(1)"]],
  ])("%s", (text, expected) => {
    expect(warnings(text)).toEqual(expected);
  });

  test("the warning message carries Oso's text and a location", () => {
    const { policy } = parsePolicy(makeSource("f(x) if x = 1 and x > 1 or x < 3;"));
    const [w] = ambiguousPrecedenceWarnings(policy);
    expect(w!.message).toBe(
      `${AMBIGUOUS_PRECEDENCE_MESSAGE} at line 1, column 9:\n\t001: f(x) if x = 1 and x > 1 or x < 3;\n\t             ^`,
    );
  });

  test("10,000 warnings are placed quickly", () => {
    const text = "f(x) if x = 1 and x = 2 or x = 3;\n".repeat(10_000);
    const started = performance.now();
    const found = ambiguousPrecedenceWarnings(parsePolicy(makeSource(text)).policy);
    expect(found).toHaveLength(10_000);
    expect(found[9_999]!.message).toContain(" at line 10000, column 9:\n\t10000: f(x) if x = 1");
    // each warning's position used to be found by scanning the text from the start: 7 s
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

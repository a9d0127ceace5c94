import { describe, expect, test } from "vitest";
import { diagnose } from "../diagnose/diagnose.js";
import { polarError } from "../errors.js";
import { makeSource } from "../source.js";
import { ErrorList, errorCount, isTooManyErrors, limitErrors, MAX_ERRORS, sortErrors } from "./error-list.js";
import { lex } from "./lexer.js";
import { parsePolicy } from "./parser.js";

const HIDDEN = 100_000 - MAX_ERRORS;

describe("a file with very many errors", () => {
  test.each([
    ["@", "invalid_token_character", "'@' is not a valid character"],
    [")", "unrecognized_token", "did not expect to find the token ')'"],
  ])("100,000 %j on one line: the first errors and one 'too many errors'", (char, code, summary) => {
    const source = makeSource(char.repeat(100_000), "big.polar");
    const started = performance.now();
    const { errors } = parsePolicy(source);
    // this used to build 100,000 errors, each copying the whole line, and run out of memory
    expect(performance.now() - started).toBeLessThan(2000);
    expect(errors).toHaveLength(MAX_ERRORS + 1);
    const first = errors[0]!;
    expect([first.code, first.line, first.column]).toEqual([code, 1, 1]);
    expect(first.summary).toContain(summary);
    const last = errors[MAX_ERRORS]!;
    expect(isTooManyErrors(last)).toBe(true);
    expect(last.summary).toBe(`too many errors (${HIDDEN} more not shown)`);
    // it points at the first error not shown, and keeps its kind
    expect([last.code, last.line, last.column]).toEqual([code, 1, MAX_ERRORS + 1]);
    expect(errorCount(errors)).toBe(100_000);
    for (const e of errors) expect(e.message.length).toBeLessThan(600);
  });

  test("a load counts parse errors and check errors together", () => {
    const started = performance.now();
    const { errors } = diagnose([makeSource(`${"@".repeat(100_000)};\nf(x);`, "big.polar")]);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(errors).toHaveLength(MAX_ERRORS + 1);
    expect(errors.at(-1)!.summary).toBe(`too many errors (${HIDDEN + 1} more not shown)`);
    expect(errorCount(errors)).toBe(100_001);
  });

  test("lines past the limit that fail are still left out of the policy", () => {
    const { policy, errors } = parsePolicy(makeSource(`${"f(;\n".repeat(200)}g(1);`));
    expect(errors).toHaveLength(MAX_ERRORS + 1);
    expect(policy.lines.map((l) => (l.kind === "rule" ? l.name : l.kind))).toEqual(["g"]);
  });

  test("lexing alone is limited too", () => {
    const { errors } = lex(makeSource("$".repeat(1000)));
    expect(errors).toHaveLength(MAX_ERRORS + 1);
    expect(errors.at(-1)!.summary).toBe(`too many errors (${1000 - MAX_ERRORS} more not shown)`);
  });

  test("static checks are limited per source", () => {
    const text = Array.from({ length: 300 }, (_, i) => `f${i}(x);`).join("\n");
    // b differs from a by a comment: two files with the same contents do not load
    const { errors } = diagnose([makeSource(text, "a.polar"), makeSource(`${text}\n# b`, "b.polar")]);
    expect(errors.map((e) => e.file)).toEqual([
      ...Array(MAX_ERRORS + 1).fill("a.polar"),
      ...Array(MAX_ERRORS + 1).fill("b.polar"),
    ]);
    expect(errors.filter(isTooManyErrors).map((e) => e.summary)).toEqual([
      "too many errors (200 more not shown)",
      "too many errors (200 more not shown)",
    ]);
  });
});

describe("ErrorList and limitErrors", () => {
  const source = makeSource("x".repeat(1000));
  const at = (start: number) => ({ source, start, end: start + 1 });

  test("only the first errors are built; the rest are counted", () => {
    const list = new ErrorList();
    for (let i = 0; i < MAX_ERRORS + 5; i++) {
      expect(list.full).toBe(i >= MAX_ERRORS);
      list.report("unrecognized_token", `e${i}`, at(i));
    }
    expect(list.count).toBe(MAX_ERRORS + 5);
    expect(list.lastSpan?.start).toBe(MAX_ERRORS + 4);
    const errors = list.finish();
    expect(errors.map((e) => e.summary).slice(-2)).toEqual([
      `e${MAX_ERRORS - 1}`,
      "too many errors (5 more not shown)",
    ]);
  });

  test("merging limited lists keeps the count of what they hide, and the diagnostic last", () => {
    const a = new ErrorList();
    for (let i = 0; i < MAX_ERRORS + 3; i++) a.report("unrecognized_token", "a", at(2 * i + 1));
    const b = [0, 2, 4].map((i) => polarError("singleton_variable", "b", { span: at(i) }));
    const merged = limitErrors(sortErrors([...a.finish(), ...b]));
    expect(merged).toHaveLength(MAX_ERRORS + 1);
    expect(merged.slice(0, 6).map((e) => e.summary)).toEqual(["b", "a", "b", "a", "b", "a"]);
    expect(merged.at(-1)!.summary).toBe("too many errors (6 more not shown)");
    expect(errorCount(merged)).toBe(MAX_ERRORS + 6);
    // a list within the limit is left alone
    expect(limitErrors(b)).toEqual(b);
  });
});

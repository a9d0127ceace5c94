import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { makeSource } from "../source.js";
import { LINE_CASES, TERM_CASES } from "./__fixtures__/samples.js";
import type { Policy, Term } from "./ast.js";
import { parsePolicy, parseTerm } from "./parser.js";
import { printNumber, printPolicy, printString, printTerm } from "./print.js";
import { stripSpans } from "./strip-spans.js";

const same = (x: unknown) => stripSpans(x, { sortFields: true });

function policyOf(text: string): Policy {
  const { policy, errors } = parsePolicy(makeSource(text));
  expect(errors.map((e) => e.message)).toEqual([]);
  return policy;
}

const example = (name: string) =>
  readFileSync(new URL(`../../../../examples/policies/${name}`, import.meta.url), "utf8");

const POLICIES: [string, string][] = [
  ["quickstart.polar", example("quickstart.polar")],
  ["gitclub.polar", example("gitclub.polar")],
  ...LINE_CASES.map(([text]): [string, string] => [text, text]),
  ["all lines together", LINE_CASES.map(([text]) => text).join("\n")],
];

describe("round trip: parse → print → parse", () => {
  test.each(TERM_CASES.map(([text]) => text))("term %s", (text) => {
    const parsed = parseTerm(makeSource(text));
    const printed = printTerm(parsed);
    const reparsed = parseTerm(makeSource(printed));
    expect(same(reparsed)).toEqual(same(parsed));
    expect(printTerm(reparsed)).toBe(printed);
  });

  test.each(POLICIES)("policy %s", (_name, text) => {
    const parsed = policyOf(text);
    const printed = printPolicy(parsed);
    const reparsed = policyOf(printed);
    expect(same(reparsed)).toEqual(same(parsed));
    expect(printPolicy(reparsed)).toBe(printed);
  });
});

describe("printString", () => {
  test.each<[string, string]>([
    ["abc", '"abc"'],
    ['say "hi"', '"say \\"hi\\""'],
    ["back\\slash", '"back\\\\slash"'],
    ["line\nbreak\r\ttab\0nul", '"line\\nbreak\\r\\ttab\\0nul"'],
    ["👩‍🔧 é", '"👩‍🔧 é"'],
  ])("%j → %s", (value, printed) => {
    expect(printString(value)).toBe(printed);
    expect(parseTerm(makeSource(printed))).toMatchObject({ kind: "string", value });
  });
});

describe("printNumber", () => {
  test.each<[number | bigint, boolean, string]>([
    [1, false, "1"],
    [-7, false, "-7"],
    [2n ** 62n, false, "4611686018427387904"],
    [1, true, "1.0"],
    [1.5, true, "1.5"],
    [1e21, true, "1e+21"],
    [1e-7, true, "1e-7"],
    [-0, true, "-0.0"],
    [Number.POSITIVE_INFINITY, true, "inf"],
    [Number.NEGATIVE_INFINITY, true, "-inf"],
    [Number.NaN, true, "nan"],
  ])("%s (float: %s) → %s", (value, isFloat, printed) => {
    expect(printNumber(value, isFloat)).toBe(printed);
    const back = parseTerm(makeSource(printed)) as { value: number | bigint; isFloat: boolean };
    expect(back.isFloat).toBe(isFloat);
    expect(Object.is(back.value, value) || back.value === value).toBe(true);
  });
});

describe("printTerm on trees the parser does not build", () => {
  const span = { source: makeSource(""), start: 0, end: 0 };
  test("an empty and / or", () => {
    expect(printTerm({ kind: "op", op: "and", args: [], span })).toBe("(true)");
    expect(printTerm({ kind: "op", op: "or", args: [], span })).toBe("(false)");
  });
  test("operators with unusual arity print in prefix form", () => {
    const x: Term = { kind: "variable", name: "x", span };
    expect(printTerm({ kind: "op", op: "unify", args: [x, x, x], span })).toBe("unify(x, x, x)");
    expect(printTerm({ kind: "op", op: "dot", args: [x, x], span })).toBe("x.(x)");
  });
});

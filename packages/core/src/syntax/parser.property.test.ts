import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { isPolarError, type PolarError } from "../errors.js";
import { makeSource } from "../source.js";
import { LINE_CASES } from "./__fixtures__/samples.js";
import { parsePolicy, parseTerm } from "./parser.js";
import { printPolicy } from "./print.js";
import { stripSpans } from "./strip-spans.js";

const example = (name: string) =>
  readFileSync(new URL(`../../../../examples/policies/${name}`, import.meta.url), "utf8");

const VALID = [example("quickstart.polar"), example("gitclub.polar"), ...LINE_CASES.map(([text]) => text)];

/** Polar-looking fragments, so random texts get past the first token often. */
const FRAGMENTS = [
  "f",
  "x",
  "Foo",
  "_",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ",",
  ";",
  ":",
  ".",
  "*",
  "+",
  "-",
  "/",
  "=",
  "==",
  ":=",
  "!=",
  "<",
  ">=",
  "?=",
  " if ",
  " and ",
  " or ",
  " not ",
  " in ",
  " matches ",
  " new ",
  " cut ",
  " isa ",
  " type ",
  "print",
  "forall",
  "1",
  "-2",
  "1.5e3",
  '"s"',
  '"\\n"',
  "true",
  "actor",
  "resource",
  " on ",
  "#c\n",
  "\n",
  " ",
  "@",
  "\\",
  '"',
  "👩‍🔧",
  "\u00a0",
];

function checkErrors(text: string, errors: readonly PolarError[]): void {
  for (const e of errors) {
    expect(isPolarError(e)).toBe(true);
    expect(e.span).toBeDefined();
    const { start, end } = e.span!;
    expect(0 <= start && start <= end && end <= text.length).toBe(true);
    expect(e.kind).toBe("parse");
  }
}

/** The whole contract for one input: a result or PolarErrors with sane spans, never another exception. */
function checkText(text: string): void {
  const source = makeSource(text);
  const { policy, errors } = parsePolicy(source);
  checkErrors(text, errors);
  for (const line of policy.lines) {
    expect(0 <= line.span.start && line.span.end <= text.length).toBe(true);
  }
  if (errors.length === 0) {
    // anything that parses prints to text that parses back to the same tree
    const printed = printPolicy(policy);
    const again = parsePolicy(makeSource(printed));
    expect(again.errors).toEqual([]);
    expect(stripSpans(again.policy, { sortFields: true })).toEqual(stripSpans(policy, { sortFields: true }));
  }
  try {
    parseTerm(source);
  } catch (e) {
    expect(isPolarError(e)).toBe(true);
    if (isPolarError(e)) checkErrors(text, [e]);
  }
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.constantFrom(...FRAGMENTS) }),
  fc.record({ kind: fc.constant("swap" as const), at: fc.nat(), other: fc.nat() }),
);

function mutate(text: string, mutations: fc.Infer<typeof mutation>[]): string {
  let out = text;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1);
    if (m.kind === "delete") out = out.slice(0, at) + out.slice(at + m.length);
    else if (m.kind === "insert") out = out.slice(0, at) + m.text + out.slice(at);
    else if (out.length > 1) {
      const i = Math.min(at, out.length - 1);
      const j = m.other % out.length;
      const chars = [...out];
      if (i < chars.length && j < chars.length) [chars[i], chars[j]] = [chars[j]!, chars[i]!];
      out = chars.join("");
    }
  }
  return out;
}

describe("parsing never fails other than with a PolarError", () => {
  test("random strings", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 80 }), checkText), { numRuns: 1000 });
  });

  test("random sequences of Polar fragments", () => {
    const text = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join(""));
    fc.assert(fc.property(text, checkText), { numRuns: 1500 });
  });

  test("mutated valid policies", () => {
    const mutated = fc
      .tuple(fc.constantFrom(...VALID), fc.array(mutation, { minLength: 1, maxLength: 4 }))
      .map(([text, ms]) => mutate(text, ms));
    fc.assert(fc.property(mutated, checkText), { numRuns: 1500 });
  });
});

import { describe, expect, test } from "vitest";
import { diagnose } from "../diagnose/diagnose.js";
import { Polar } from "../polar.js";
import { makeSource } from "../source.js";
import { MAX_ERRORS } from "../syntax/error-list.js";
import { nearest } from "../syntax/nearest.js";
import { quietOso } from "../test-helpers.js";

describe("calls to undefined rules", () => {
  test("each gets an error, with a hint when a rule has a close name", () => {
    const { errors } = diagnose([makeSource("allow(x, _, _) if fo(x) and zzz(x);\nfoo(_x);")]);
    expect(errors.map((e) => [e.summary, e.hint])).toEqual([
      ["Call to undefined rule: fo(x)", "Did you mean `foo`?"],
      ["Call to undefined rule: zzz(x)", undefined],
    ]);
  });

  test("a misspelt built-in rule gets a hint too: from check, and from loading on Oso", async () => {
    const text = "allow(actor, action, resource) if role_alow(actor, action, resource);";
    const { errors } = diagnose([makeSource(text)]);
    expect(errors.map((e) => [e.code, e.hint])).toEqual([
      ["undefined_rule_call", "Did you mean `role_allow`?"],
    ]);
    const oso = quietOso();
    const loaded = await oso.loadStr(text).catch((e: unknown) => e);
    expect(loaded).toMatchObject({ code: "undefined_rule_call", hint: "Did you mean `role_allow`?" });
    expect((loaded as Error).message).toMatch(/Did you mean `role_allow`\?$/);
    // a plain Polar has no built-in rules to suggest
    const polar = await new Polar({ onWarning: () => {} }).loadStr(text).catch((e: unknown) => e);
    expect(polar).toMatchObject({ code: "undefined_rule_call", hint: undefined });
  });

  test("10,000 of them are reported quickly, the first with hints", () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `r${i}(x) if g${i}(x);`).join("\n");
    const started = performance.now();
    const { errors } = diagnose([makeSource(`allow(_, _, _);\n${text}`)]);
    // each call used to be compared with every rule name: a minute
    expect(performance.now() - started).toBeLessThan(2000);
    expect(errors).toHaveLength(MAX_ERRORS + 1);
    expect([errors[0]!.summary, errors[0]!.hint]).toEqual([
      "Call to undefined rule: g0(x)",
      "Did you mean `r0`?",
    ]);
    expect(errors[MAX_ERRORS - 1]!.hint).toBe(`Did you mean \`r${MAX_ERRORS - 1}\`?`);
    expect(errors[MAX_ERRORS]!.summary).toBe(`too many errors (${10_000 - MAX_ERRORS} more not shown)`);
  });
});

describe("nearest", () => {
  test.each<[string, string[], string | undefined]>([
    ["foo", ["bar", "fob", "fo"], "fob"],
    ["foo", ["foo"], undefined],
    ["ab", ["abcd"], "abcd"],
    ["ab", ["abcde"], undefined],
    ["kitten", ["sitting"], undefined],
    ["kitten", ["mitten", "sitten"], "mitten"],
    ["abcdefgh", ["abxdefxh", "zzzzzzzz"], "abxdefxh"],
    ["", ["a", "ab", "abc"], "a"],
  ])("%j in %j: %j", (name, candidates, expected) => {
    expect(nearest(name, candidates)).toBe(expected);
  });
});

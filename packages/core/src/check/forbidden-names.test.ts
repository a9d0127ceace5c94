import { describe, expect, test } from "vitest";
import { makeSource } from "../source.js";
import { parsePolicy } from "../syntax/parser.js";
import { FORBIDDEN_NAMES, forbiddenLookupErrors } from "./forbidden-names.js";

function forbidden(text: string): string[] {
  const { policy, errors } = parsePolicy(makeSource(text));
  expect(errors).toEqual([]);
  return forbiddenLookupErrors(policy).map((e) => {
    expect(e.code).toBe("forbidden_lookup");
    return text.slice(e.span!.start, e.span!.end);
  });
}

describe("forbidden lookups", () => {
  test.each([...FORBIDDEN_NAMES])('x.%s, x.%s() and x.("…") are refused', (name) => {
    expect(forbidden(`f(x) if x.${name} = 1;`)).toEqual([name]);
    expect(forbidden(`f(x) if x.${name}() = 1;`)).toEqual([`${name}()`]);
    expect(forbidden(`f(x) if x.("${name}") = 1;`)).toEqual([`"${name}"`]);
  });

  test.each([
    "f(x) if x.name = 1;",
    "f(x) if x.constructorName = 1;",
    "f(x) if x = {constructor: 1};",
    "f(x) if x = new constructor();",
    "f(constructor) if constructor = 1;",
    "f(x, k) if x.(k) = 1;",
  ])("%s is allowed", (text) => {
    expect(forbidden(text)).toEqual([]);
  });

  test("nested, in parameters and in inline queries", () => {
    expect(forbidden("f(x) if x.a.__proto__.b = 1;\n?= g(y.prototype);\nh(x: Foo{a: x.caller});")).toEqual([
      "__proto__",
      "prototype",
      "caller",
    ]);
  });

  test("the message explains the rule", () => {
    const { policy } = parsePolicy(makeSource("f(x) if x.constructor = 1;"));
    expect(forbiddenLookupErrors(policy)[0]!.summary).toBe(
      "Looking up `constructor` is not allowed: policies may only reach what the application hands them",
    );
  });
});

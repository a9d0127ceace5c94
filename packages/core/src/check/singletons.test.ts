import { describe, expect, test } from "vitest";
import { makeSource } from "../source.js";
import { parsePolicy } from "../syntax/parser.js";
import { singletonErrors } from "./singletons.js";

const isConstant = (name: string) => name === "User" || name === "PI";

function singletons(text: string): [string, string][] {
  const { policy, errors } = parsePolicy(makeSource(text));
  expect(errors).toEqual([]);
  return singletonErrors(policy, { isConstant }).map((e) => {
    expect(e.code).toBe("singleton_variable");
    expect(e.kind).toBe("validation");
    return [text.slice(e.span!.start, e.span!.end), e.summary];
  });
}

const message = (x: string) => `Singleton variable ${x} is unused or undefined; try renaming to _${x} or _`;

describe("singleton variables", () => {
  test.each<[string, string[]]>([
    ["f(x);", ["x"]],
    ["f(x) if x = 1;", []],
    ["f(x, y) if x = 1;", ["y"]],
    ["f(x) if y = 1 and z = 2;", ["x", "y", "z"]],
    ["f(x: Foo) if true;", ["x"]],
    ["f(x: Foo{a: y});", ["x", "y"]],
    ["f(_x, _, __y);", []],
    ["f(a::b);", []],
    ["f(User, PI);", []],
    ["f(Actor, Resource);", []],
    ["f(x: Foo) if x.bar = 1;", []],
    ["f(x) if x = {a: y};", ["y"]],
    ["f(x) if x = {y};", ["y"]],
    ["f(x) if x.m(y);", ["y"]],
    ["f(x) if x.(k);", ["k"]],
    ["f(x) if x.k;", []],
    ["f(x) if new Foo(x, y) = 1;", ["y"]],
    ["f(x) if g(x, key: z);", ["z"]],
    ["f(x) if forall(y in x, y > 0);", []],
    ["f(x) if x matches Foo{a: w};", ["w"]],
    ["f(x) if x matches Foo;", []],
  ])("%s → %j", (text, expected) => {
    expect(singletons(text).map(([snippet]) => snippet)).toEqual(expected);
  });

  test("the message suggests an underscore", () => {
    expect(singletons("f(x);")).toEqual([["x", message("x")]]);
  });

  test("a rest variable is shown as *r", () => {
    const [[snippet, summary]] = singletons("f([x, *r]) if x = 1;") as [[string, string]];
    expect(snippet).toBe("r");
    expect(summary).toBe(message("*r"));
    expect(summary).toContain("try renaming to _*r or _");
    expect(singletons("f([x, *r]) if x = r;")).toEqual([]);
  });

  test("each rule is checked on its own, errors in source order", () => {
    expect(singletons("f(x) if x = 1;\ng(x);\nh(b, a);").map(([s]) => s)).toEqual(["x", "b", "a"]);
  });

  test("rule types and blocks are not checked", () => {
    expect(singletons("type f(x, y);\nactor User {}")).toEqual([]);
  });
});

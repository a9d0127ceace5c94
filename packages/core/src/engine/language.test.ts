/**
 * The language, case by case: policy + query -> solutions in order, or an error code.
 * Rows follow Oso 0.27.3 (spec §14); deliberate differences are marked and listed in the
 * core README.
 */
import { describe, expect, test } from "vitest";
import { isPolarError } from "../errors.js";
import { quietOso, solve } from "../test-helpers.js";

type Row = [policy: string, query: string, expected: Record<string, unknown>[] | { error: string }];

async function check([policy, query, expected]: Row) {
  const oso = quietOso({ ignoreNoAllowWarning: true });
  if (policy) await oso.loadStr(policy);
  if ("error" in expected) {
    const err = await solve(oso, query).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isPolarError(err), `expected a PolarError, got ${String(err)}`).toBe(true);
    expect((err as { code: string }).code).toBe(expected.error);
  } else {
    expect(await solve(oso, query)).toEqual(expected);
  }
}

const ONE = [{}];
const NONE: Record<string, unknown>[] = [];

describe("values, unification and comparison", () => {
  test.each<Row>([
    ["", "1 = 1.0", ONE],
    ["", "1 == 1.0", ONE],
    ["", '"1" = 1', NONE],
    ["", "true = 1", NONE],
    ["", "true == 1", ONE],
    ["", "false < true", ONE],
    ["", '"a" < "b"', ONE],
    ["", '"b" < "a"', NONE],
    ["", '"aa" < "ab"', ONE],
    ["", "0 = -0.0", ONE],
    ["", "nan == nan", NONE],
    ["", "nan != nan", ONE],
    ["", "inf > 1", ONE],
    ["", "-inf < -1e300", ONE],
    ["", "9007199254740992 == 9007199254740993.0", ONE],
    ["", "9007199254740992 < 9007199254740994.0", ONE],
    ["", "9223372036854775807 > 9223372036854775806", ONE],
    ["", "[1] == [1]", { error: "unsupported" }],
    ["", "{a: 1} == {a: 1}", { error: "unsupported" }],
    ["", '1 < "a"', { error: "unsupported" }],
    ["", "[1] = [1]", ONE],
    ["", "{} = {}", ONE],
    ["", "{a: 1} = {a: 1.0}", ONE],
    ["", "{a: x} = {a: 1, b: 2}", NONE],
    ["", "{a: x, b: y} = {a: 1, b: 2}", [{ x: 1, y: 2 }]],
    ["", "[1, 2, *r] = [1, 2, 3, 4]", [{ r: [3, 4] }]],
    ["", "[a, *r] = [1]", [{ a: 1, r: [] }]],
    ["", "[a, *r] = []", NONE],
    ["", "[1, 2, 3] = [1, *r]", [{ r: [2, 3] }]],
    ["", "[1, 2, 3] = [1, 2, 3, *r]", [{ r: [] }]],
    ["", "[1, 2, 3] = [1, 2, 3, 4, *_r]", NONE],
    ["", "[1, *a] = [*b] and b = [1, 2]", [{ a: [2], b: [1, 2] }]],
    ["", "x = 1 and x = 1", [{ x: 1 }]],
    ["", "x = 1 and x = 2", NONE],
    ["", "x = y and y = 3", [{ x: 3, y: 3 }]],
    ["", "_ = 1 and _ = 2", ONE],
    ["", "[1, 2, 3] = [_, _, _]", ONE],
    ["", "[1, 2, 3] = [__, __, __]", NONE],
    ["", "_x = 1", ONE],
    ["", "{a: 1}.a = x", [{ x: 1 }]],
    ["", "{a: 1}.b = x", NONE],
    [
      "",
      "d = {b: 2, a: 1} and d.(k) = v",
      [
        { d: { a: 1, b: 2 }, k: "a", v: 1 },
        { d: { a: 1, b: 2 }, k: "b", v: 2 },
      ],
    ],
    ["", 'x = "\\u0041"', [{ x: "u0041" }]],
    ["", "x := 1", [{ x: 1 }]],
    ["", "x = 1 and x := 2", { error: "type_error" }],
  ])("%j: %s", (policy, query, expected) => check([policy, query, expected]));
});

describe("arithmetic", () => {
  test.each<Row>([
    ["", "x = 1 + 2", [{ x: 3 }]],
    ["", "x = 7 / 2", [{ x: 3.5 }]],
    ["", "x = 6 / 2", [{ x: 3 }]],
    ["", "x = 1 / 0", [{ x: Number.POSITIVE_INFINITY }]],
    ["", "x = -7 / 2", [{ x: -3.5 }]],
    ["", "x = -7 mod 3", [{ x: 2 }]],
    ["", "x = -7 rem 3", [{ x: -1 }]],
    ["", "x = -13 rem 4", [{ x: -1 }]],
    ["", "x = 13 rem -4", [{ x: 1 }]],
    ["", "x = -1 mod 5", [{ x: 4 }]],
    ["", "x = 13 mod -4", [{ x: -3 }]],
    ["", "x = 7 mod 0", { error: "arithmetic_error" }],
    ["", "x = 7 rem 0", { error: "arithmetic_error" }],
    ["", "x = 9223372036854775807 + 1", { error: "arithmetic_error" }],
    ["", "x = -9223372036854775807 - 2", { error: "arithmetic_error" }],
    ["", "x = 4611686018427387904 * 2", { error: "arithmetic_error" }],
    ["", "x = 9007199254740991 + 2", [{ x: 9007199254740993n }]],
    ["", "x = 9223372036854775806 + 1", [{ x: 9223372036854775807n }]],
    ["", "x = 9007199254740993 - 2", [{ x: 9007199254740991 }]],
    ["", "x = 1.5 + 1", [{ x: 2.5 }]],
    ["", "x = 7 mod 2 * 2", [{ x: 2 }]],
    // deliberate difference: JavaScript has one number type, so 0.0 is the integer 0 here
    ["", "x = 1 rem 0.0", { error: "arithmetic_error" }],
    ["", "x = 1.5 rem 0", [{ x: Number.NaN }]],
    ["", '"a" + "b" = x', { error: "unsupported" }],
    ["", '1 + "a" = x', { error: "unsupported" }],
    ["", "x = 2 - 1 - 1", [{ x: 0 }]],
    ["", "x = 2 * 3 + 4 * 5", [{ x: 26 }]],
  ])("%j: %s", (policy, query, expected) => check([policy, query, expected]));
});

describe("in, matches, not, forall, or", () => {
  test.each<Row>([
    ["", "x in [1, 2, 3]", [{ x: 1 }, { x: 2 }, { x: 3 }]],
    ["", "1 in [1, 1.0]", [{}, {}]],
    ["", "1 in [1, 2, 1]", [{}, {}]],
    ["", "x in []", NONE],
    ["", "not x in []", ONE],
    [
      "",
      "x in {b: 1, a: 2, B: 3, aa: 0}",
      [{ x: ["B", 3] }, { x: ["a", 2] }, { x: ["aa", 0] }, { x: ["b", 1] }],
    ],
    ["", "[k, _] in {b: 1, a: 2}", [{ k: "a" }, { k: "b" }]],
    ["", 'x in "ab"', [{ x: "a" }, { x: "b" }]],
    ["", '"bc" in "abc"', NONE],
    ["", '"b" in "abc"', ONE],
    ["", 'x in ""', NONE],
    ["", "1 in 2", { error: "type_error" }],
    ["", "true in false", { error: "type_error" }],
    [
      "",
      "x in [1, *r] and r = [2]",
      [
        { x: 1, r: [2] },
        { x: 2, r: [2] },
      ],
    ],
    ["", "[1, 2] matches [1, *r]", [{ r: [2] }]],
    ["", "[1] matches []", NONE],
    ["", "{a: x} matches {a: 1}", [{ x: 1 }]],
    ["", "{a: 1, b: 2} matches {a: 1}", ONE],
    ["", "{a: 1} matches {a: 1, b: 2}", NONE],
    ["", "1 matches {}", ONE],
    ["", "1 matches 1", ONE],
    ["", "1 matches 2", NONE],
    ["", "1.5 matches Integer", ONE],
    ["", "1 matches Float", ONE],
    ["", "1 matches String", NONE],
    ["", '"a" matches String', ONE],
    ["", "[1] matches List", ONE],
    ["", "true matches Boolean", ONE],
    ["", "{a: 1} matches Dictionary", ONE],
    ["", "{a: 1} matches Dictionary{a: 1}", ONE],
    ["", "nil matches Dictionary", NONE],
    ["", "x matches Nope", { error: "unexpected_expression" }],
    ["", "1 matches Nope", { error: "unregistered_class_runtime" }],
    ["", "forall(x in [1, 2], x > 0)", ONE],
    ["", "forall(x in [1, -2], x > 0)", NONE],
    ["", "forall(x in [], false)", ONE],
    ["", "not 1 = 2", ONE],
    ["", "x = 1 and not x = 2", [{ x: 1 }]],
    ["", "not (x = 1 and cut and false)", ONE],
    ["", "x = 1 or x = 2", [{ x: 1 }, { x: 2 }]],
    ["", "x = 1 and x = 1 or x = 2", [{ x: 1 }, { x: 2 }]],
    ["", "(x = 1 or x = 2) and x > 1", [{ x: 2 }]],
    ["", "x = true and not x", NONE],
    ["", "x = 1 and x", { error: "type_error" }],
    ["", "a = {t: true, f: false} and a.t", [{ a: { f: false, t: true } }]],
    ["", "a = {t: true, f: false} and a.f", NONE],
    ["", "x > 0 and x = 1", [{ x: 1 }]],
    ["", "x > 0 and x = -1", NONE],
    ["", "x > 1", { error: "unexpected_expression" }],
    ["", "true", ONE],
    ["", "false", NONE],
    ["", "cut", ONE],
    ["", 'print(1, "a")', ONE],
    ["", "f(1)", { error: "query_for_undefined_rule" }],
  ])("%j: %s", (policy, query, expected) => check([policy, query, expected]));
});

describe("rules", () => {
  test.each<Row>([
    ["f(1); f(2); g(1); g(2); h(2); k(x) if f(x) and h(x) and g(x);", "k(a)", [{ a: 2 }]],
    ["k(x) if f(x) and h(x) and g(x); h(2); g(2); f(2); g(1); f(1);", "k(a)", [{ a: 2 }]],
    ["a(1); a(2); b(x) if a(x) and x > 1; c(x) if a(x) or x = 3;", "b(x)", [{ x: 2 }]],
    ["a(1); a(2); b(x) if a(x) and x > 1; c(x) if a(x) or x = 3;", "c(x)", [{ x: 1 }, { x: 2 }, { x: 3 }]],
    ["m(x) if x = 1 and cut; m(x) if x = 2; m(3);", "m(x)", [{ x: 1 }]],
    ["p(x) if x in [1, 2, 3] and cut; p(4);", "p(x)", [{ x: 1 }]],
    ["count(0); count(n) if n > 0 and count(n - 1);", "count(3)", ONE],
    ["count(0); count(n) if n > 0 and count(n - 1);", "count(5000)", ONE],
    ["f(x: 1) if x = 1;", "f(1)", ONE],
    ["f(x: 1) if x = 1;", "f(2)", NONE],
    ["h(x: {y: y}, x.y) if y = 1;", "h({y: 1}, 1)", ONE],
    ["h(x: {y: y}, x.y) if y = 1;", "h({y: 1}, 2)", NONE],
    ["foo(x, _: {x});", "foo(1, {x: 1})", ONE],
    ["foo(x, _: {x});", "foo(2, {x: 2, y: 3})", ONE],
    ["foo(x, _: {x});", "foo(2, {x: 1})", NONE],
    ["moo(x, {x});", "moo(2, {x: 2, y: 3})", NONE],
    [
      "member(x, [x, *_rest]); member(x, [_first, *rest]) if member(x, rest);",
      "member(x, [1, 2, 3])",
      [{ x: 1 }, { x: 2 }, { x: 3 }],
    ],
    [
      "append([], x, x); append([first, *rest], x, [first, *tail]) if append(rest, x, tail);",
      "append([1], [2, 3], [1, 2, 3])",
      ONE,
    ],
    [
      "append([], x, x); append([first, *rest], x, [first, *tail]) if append(rest, x, tail);",
      "append(x, y, [1, 2])",
      [
        { x: [], y: [1, 2] },
        { x: [1], y: [2] },
        { x: [1, 2], y: [] },
      ],
    ],
    [
      "fib(0, 1) if cut; fib(1, 1) if cut; fib(n, a+b) if fib(n-1, a) and fib(n-2, b);",
      "fib(5, x)",
      [{ x: 8 }],
    ],
    ["f(_x); g(x) if x = 1; g(x) if x = 2 and cut; g(3);", "g(x)", [{ x: 1 }, { x: 2 }]],
    ["f(1); f(1);", "f(1)", [{}, {}]],
    ["f(_);", "f(x)", [{ x: "Variable(x)" }]],
    [
      "a(x) if x = 1 or x = 2; b(x) if x = 3 or x = 4; c(a, b) if a(a) and b(b) and cut;",
      "c(a, b)",
      [{ a: 1, b: 3 }],
    ],
    [
      "a(x) if x = 1 or x = 2; bcut(x) if (x = 3 or x = 4) and cut; c(a, b) if a(a) and bcut(b);",
      "c(a, b)",
      [
        { a: 1, b: 3 },
        { a: 2, b: 3 },
      ],
    ],
    [
      "a(x) if x = 1 or x = 2; b(x) if x = 3 or x = 4; c(a, b) if a(a) and cut and b(b);",
      "c(a, b)",
      [
        { a: 1, b: 3 },
        { a: 1, b: 4 },
      ],
    ],
    ["f(x) if (x = 1 and cut) or x = 2;", "f(x)", [{ x: 1 }]],
    ["f(x) if (x = 1 and cut) or x = 2;", "f(2)", ONE],
    ["f(x) if x = 1;", "f(1, 2)", NONE],
    ["n(x) if not x = 1;", "n(2)", ONE],
    ["n(x) if not x = 1;", "n(1)", NONE],
    ["sum(a, b, a + b);", "sum(1, 2, x)", [{ x: 3 }]],
    ["test(foo, foo.bar()) if foo = {};", "test(x, y)", { error: "application_error" }],
    ["deep(n) if n > 0 and deep(n - 1) and true; deep(0);", "deep(1000)", ONE],
    ["loop(x) if loop(x);", "loop(1)", { error: "step_limit" }],
    ["grow(x) if grow([x]) and true;", "grow(1)", { error: "stack_overflow" }],
  ])("%j: %s", (policy, query, expected) => check([policy, query, expected]));
});

describe("rule order by specificity (dict patterns)", () => {
  const k = `k(_: {a: 1}, r) if r = "a";         k(_: {a: 1, b: 2}, r) if r = "ab";
k(_: {}, r) if r = "empty";         k(_x, r) if r = "var";
k(1, r) if r = "one";               k(_: Integer, r) if r = "Int";
k(_: 1, r) if r = "spec1";          k(_: Dictionary, r) if r = "Dict";
k(_: Dictionary{a: 1}, r) if r = "Dict{a}";`;
  test.each<Row>([
    [k, "k({a: 1, b: 2}, r)", ["Dict", "Dict{a}", "ab", "a", "empty", "var"].map((r) => ({ r }))],
    [k, "k(1, r)", ["Int", "empty", "spec1", "var", "one"].map((r) => ({ r }))],
    [k, "k({}, r)", ["Dict", "empty", "var"].map((r) => ({ r }))],
  ])("%#: %s", (policy, query, expected) => check([policy, query, expected]));
});

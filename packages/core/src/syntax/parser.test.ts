import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { makeSource } from "../source.js";
import { dict, ipat, list, num, op, param, rule, str, v } from "./__fixtures__/builders.js";
import { LINE_CASES, TERM_CASES } from "./__fixtures__/samples.js";
import type { Rule } from "./ast.js";
import { parsePolicy, parseTerm } from "./parser.js";
import { printLine, printPolicy, printTerm } from "./print.js";
import { stripSpans } from "./strip-spans.js";

const term = (text: string) => parseTerm(makeSource(text));

function lines(text: string) {
  const { policy, errors } = parsePolicy(makeSource(text));
  expect(errors.map((e) => e.message)).toEqual([]);
  return policy.lines;
}

describe("parseTerm", () => {
  test.each(TERM_CASES)("%s", (text, tree, printed) => {
    const t = term(text);
    expect(stripSpans(t)).toEqual(tree);
    expect(printTerm(t)).toBe(printed);
  });

  test("tolerates surrounding whitespace and comments", () => {
    expect(stripSpans(term("  \n x = 1 # why\n"))).toEqual(op("unify", v("x"), num(1)));
  });

  test("a trailing ';' is refused", () => {
    expect(() => term("x = 1;")).toThrow(expect.objectContaining({ code: "unrecognized_token" }));
  });

  test("an empty query is an error at the end of the input", () => {
    for (const text of ["", "   ", "# nothing"]) {
      expect(() => term(text)).toThrow(
        expect.objectContaining({ code: "unrecognized_eof", column: text.length + 1 }),
      );
    }
  });
});

describe("parsePolicy: one line each", () => {
  test.each(LINE_CASES)("%s", (text, tree, printed) => {
    const [line, ...more] = lines(text);
    expect(more).toEqual([]);
    expect(stripSpans(line)).toEqual(tree);
    expect(printLine(line!)).toBe(printed);
  });
});

describe("parsePolicy", () => {
  test("empty input and comments are an empty policy", () => {
    expect(lines("")).toEqual([]);
    expect(lines("  # only a comment\n\n")).toEqual([]);
  });

  test("the quickstart parses byte for byte", () => {
    const text = readFileSync(
      new URL("../../../../examples/policies/quickstart.polar", import.meta.url),
      "utf8",
    );
    const policy = lines(text);
    expect(policy.map((l) => (l as Rule).name)).toEqual(["allow", "actor_role", "resource"]);
    expect(stripSpans(policy[2])).toEqual(
      rule(
        "resource",
        [param(v("_type"), ipat("Page")), param(str("page")), param(v("actions")), param(v("roles"))],
        op("unify", v("actions"), list([str("read"), str("write")])),
        op(
          "unify",
          v("roles"),
          dict({
            user: dict({ permissions: list([str("read")]) }),
            admin: dict({ permissions: list([str("write")]), implies: list([str("user")]) }),
          }),
        ),
      ),
    );
    expect(printPolicy({ lines: policy })).toBe(
      "allow(actor, action, resource) if role_allow(actor, action, resource);\n" +
        "actor_role(actor, role) if role in actor.get_roles();\n" +
        'resource(_type: Page{}, "page", actions, roles) if actions = ["read", "write"] and ' +
        'roles = {admin: {implies: ["user"], permissions: ["write"]}, user: {permissions: ["read"]}};\n',
    );
  });

  test("the resource-block sample parses", () => {
    const text = readFileSync(
      new URL("../../../../examples/policies/gitclub.polar", import.meta.url),
      "utf8",
    );
    const policy = lines(text);
    expect(policy.map((l) => l.kind)).toEqual([
      "block",
      "block",
      "block",
      "block",
      "rule",
      "rule",
      "rule",
      "rule",
      "rule",
    ]);
  });

  test("spans point at the source text", () => {
    const text = "f(x: Foo, 1) if (a or b) and x.y(1) = -2;";
    const [r] = lines(text) as Rule[];
    const slice = (s: { start: number; end: number }) => text.slice(s.start, s.end);
    expect(slice(r!.span)).toBe(text);
    expect(slice(r!.headSpan)).toBe("f(x: Foo, 1)");
    expect(r!.params.map((p) => slice(p.span))).toEqual(["x: Foo", "1"]);
    expect(slice(r!.params[0]!.specializer!.span)).toBe("Foo");
    expect(slice(r!.body.span)).toBe("(a or b) and x.y(1) = -2");
    const [or, unify] = r!.body.args;
    expect(slice(or!.span)).toBe("a or b");
    expect(slice(unify!.span)).toBe("x.y(1) = -2");
    const [lhs, rhs] = (unify as { args: { span: { start: number; end: number } }[] }).args;
    expect([slice(lhs!.span), slice(rhs!.span)]).toEqual(["x.y(1)", "-2"]);
  });

  test("a fact's body is an empty and", () => {
    const [r] = lines("f(1);") as Rule[];
    expect(r!.body.args).toEqual([]);
  });

  test("integers beyond 2^53 are bigints, floats are numbers", () => {
    expect(term("9007199254740993")).toMatchObject({ value: 9007199254740993n, isFloat: false });
    expect(term("9007199254740991")).toMatchObject({ value: 9007199254740991, isFloat: false });
    expect(term("2.0")).toMatchObject({ value: 2, isFloat: true });
    expect(Object.is((term("-0.0") as { value: number }).value, -0)).toBe(true);
    expect(Object.is((term("-0") as { value: number }).value, 0)).toBe(true);
  });
});

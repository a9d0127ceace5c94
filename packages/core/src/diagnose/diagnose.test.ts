import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { staticChecks } from "../check/index.js";
import { makeSource } from "../source.js";
import { parsePolicy } from "../syntax/parser.js";
import { diagnose, looksLikeClassName } from "./diagnose.js";

describe("staticChecks", () => {
  test("errors from every check, in source order, and warnings", () => {
    const { policy } = parsePolicy(
      makeSource("f(x) if y.constructor = 1;\ng(a) if a = 1 and a = 2 or a = 3;"),
    );
    const { errors, warnings } = staticChecks(policy, { isConstant: () => false });
    expect(errors.map((e) => e.code)).toEqual([
      "singleton_variable",
      "singleton_variable",
      "forbidden_lookup",
    ]);
    expect(warnings.map((w) => w.code)).toEqual(["ambiguous_precedence"]);
  });
});

describe("diagnose", () => {
  test("parse errors and check errors of each source, in order", () => {
    const a = makeSource("f(x);\ng(;", "a.polar");
    const b = makeSource("h(y) if y.prototype = 1;", "b.polar");
    const { errors, warnings } = diagnose([a, b]);
    expect(errors.map((e) => [e.file, e.line, e.code])).toEqual([
      ["a.polar", 1, "singleton_variable"],
      ["a.polar", 2, "unrecognized_token"],
      ["b.polar", 1, "forbidden_lookup"],
    ]);
    expect(warnings).toEqual([]);
  });

  test("capitalised names count as classes unless told otherwise", () => {
    const source = makeSource("f(Foo);");
    expect(diagnose([source]).errors).toEqual([]);
    expect(diagnose([source], { isConstant: () => false }).errors.map((e) => e.code)).toEqual([
      "singleton_variable",
    ]);
    expect(["Foo", "X", "foo", "_Foo", "Élan", ""].map(looksLikeClassName)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });

  test.each([
    "../../../../test/fixtures/quickstart-authorization.polar",
    "../../../../examples/policies/quickstart.polar",
  ])("the quickstart is clean (%s)", (path) => {
    const text = readFileSync(new URL(path, import.meta.url), "utf8");
    expect(text).toContain("allow(actor, action, resource) if");
    expect(diagnose([makeSource(text, path)])).toEqual({ errors: [], warnings: [] });
  });

  test("classes may be subclasses of each other, as the application may declare them", () => {
    // a load with `class Admin extends User` accepts this
    const related = "type f(x: User);\nf(_x: Admin);\nallow(_a, _b, _c);";
    expect(diagnose([makeSource(related)]).errors).toEqual([]);
    expect(
      diagnose([makeSource("type f(x: Actor);\nf(_x: Admin);\nactor User {}\nallow(_a, _b, _c);")]).errors,
    ).toEqual([]);
  });

  test("built-in classes are related to nothing else, as in a load", () => {
    for (const rule of ["f(_x: Integer);", "f(_x: User);", "f(1);"]) {
      const { errors } = diagnose([makeSource(`type f(x: String);\n${rule}\nallow(_a, _b, _c);`)]);
      expect(errors.map((e) => e.code)).toEqual(["invalid_rule"]);
    }
    const { errors } = diagnose([makeSource("type f(x: User);\nf(_x: String);\nallow(_a, _b, _c);")]);
    expect(errors.map((e) => e.code)).toEqual(["invalid_rule"]);
  });
});

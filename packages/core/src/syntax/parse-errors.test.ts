import { afterEach, describe, expect, test, vi } from "vitest";
import { isPolarError } from "../errors.js";
import { makeSource } from "../source.js";
import { parsePolicy, parseTerm } from "./parser.js";
import { ParserState } from "./parser-state.js";

/** The first error of a policy: its code and the text its span underlines. */
function firstError(text: string) {
  const { errors } = parsePolicy(makeSource(text));
  const e = errors[0];
  if (!e) throw new Error(`no error for ${JSON.stringify(text)}`);
  return { code: e.code, snippet: text.slice(e.span!.start, e.span!.end), error: e };
}

const EOF = Symbol("end of input");

/** [policy, expected code, underlined text (EOF: a zero-width span at the end)] */
const MALFORMED: [string, string, string | typeof EOF][] = [
  // truncated files
  ["f(x) if", "unrecognized_eof", EOF],
  ["f(a)", "unrecognized_eof", EOF],
  ["f(x) if x = 1", "unrecognized_eof", EOF],
  ["f(x", "unrecognized_eof", EOF],
  ["f(x) if x = [1, 2", "unrecognized_eof", EOF],
  ["resource Repo {", "unrecognized_eof", EOF],
  ['resource Repo { roles = ["a"];', "unrecognized_eof", EOF],
  ["?= f(1)", "unrecognized_eof", EOF],
  // unbalanced brackets, braces, parentheses
  ["f(x) if g(x;", "unrecognized_token", ";"],
  ["f(x)) if x;", "unrecognized_token", ")"],
  ["f(x) if (x = 1;", "unrecognized_token", ";"],
  ["f(x) if x = [1, 2;", "unrecognized_token", ";"],
  ["f(x) if x = {a: 1;", "unrecognized_token", ";"],
  ["f(x) if x = 1);", "unrecognized_token", ")"],
  ["f(x) if x = ];", "unrecognized_token", "]"],
  ["}", "unrecognized_token", "}"],
  ['resource Repo { roles = ["a"] }', "unrecognized_token", "}"],
  // strings
  ['f("abc);', "invalid_token_character", '"abc);'],
  ['f("abc\\', "invalid_token_character", '"abc\\'],
  ['f("a\nb");', "invalid_token_character", '"a'],
  ["f('a');", "invalid_token_character", "'"],
  // numbers
  ["f(99999999999999999999);", "integer_overflow", "99999999999999999999"],
  ["f(-9223372036854775808);", "integer_overflow", "9223372036854775808"],
  ["f(1e5+3);", "invalid_float", "1e5+3"],
  ["f(x) if x = 1.foo;", "unrecognized_token", "foo"],
  ["f(x) if x = -y;", "unrecognized_token", "y"],
  // stray characters and unicode oddities
  ["f(x) if x = 1 @ 2;", "invalid_token_character", "@"],
  ["f(x) if x ? 1;", "invalid_token_character", "?"],
  ["f(a::);", "invalid_token_character", "a::"],
  ["f(x)\u00a0if x;", "unrecognized_token", "\u00a0if"],
  ['f(x) if x = "a" ＝ "b";', "unrecognized_token", "＝"],
  ["f(x)\u200b;", "unrecognized_token", "\u200b"],
  ["f(x) if x = 1 ! x;", "unrecognized_token", "!"],
  ["f(x) if x | y;", "unrecognized_token", "|"],
  // lines
  ["f;", "unrecognized_token", ";"],
  ["f(x) if x = 1;;", "unrecognized_token", ";"],
  ["f(x,) if x;", "unrecognized_token", ")"],
  ["f(x) x;", "unrecognized_token", "x"],
  ["f(x) if x = 1 x = 2;", "unrecognized_token", "x"],
  ["f(x) if x = 1 and;", "unrecognized_token", ";"],
  ["?= ;", "unrecognized_token", ";"],
  ["1;", "unrecognized_token", "1"],
  ["type f(x) if x;", "unrecognized_token", "if"],
  ["type f;", "unrecognized_token", ";"],
  // reserved words
  ["f(x) if x isa Foo;", "unrecognized_token", "isa"],
  ["f(isa);", "unrecognized_token", "isa"],
  ["cut(a) if a;", "reserved_word", "cut"],
  ["f(in);", "reserved_word", "in"],
  ["new(a);", "reserved_word", "new"],
  ["f(x: new Foo(a: 1));", "reserved_word", "new"],
  ["foo(debug) if debug = 1;", "unrecognized_token", ")"],
  ["f(x) if x.mod = 1;", "unrecognized_token", "mod"],
  ["f(x) if x.true;", "unrecognized_token", "true"],
  ["f(x) if x.;", "unrecognized_token", ";"],
  // dicts and lists
  ['f(x) if x = {"a": 1};', "unrecognized_token", '"a"'],
  ["f(x) if x = {a: 1, a: 2};", "duplicate_key", "a"],
  ["f(x) if x.m(k: 1, k: 2);", "duplicate_key", "k"],
  ["f(x) if x = {a: 1 b: 2};", "unrecognized_token", "b"],
  ["f(x) if x = {type};", "unrecognized_token", "}"],
  ["f(x) if x = [1, *r, 2];", "unrecognized_token", ","],
  ["f(x) if x = [1, *r,];", "unrecognized_token", ","],
  ["f(x) if x = [1 2];", "unrecognized_token", "2"],
  ["f(x) if x = *r;", "unrecognized_token", "*"],
  ["f(x) if x = [1, , 2];", "unrecognized_token", ","],
  // value / logical typing
  ["f(x) if x = y = z;", "wrong_value_type", "x = y"],
  ["f() if 1 < 2 == true;", "wrong_value_type", "1 < 2"],
  ["f(x) if g(h(x));", "wrong_value_type", "h(x)"],
  ["f(x) if x = (1 or 2);", "wrong_value_type", "1"],
  ["f() if not 1;", "wrong_value_type", "1"],
  ["f() if 1 and 2;", "wrong_value_type", "1"],
  ["f(x) if g(x = 1);", "wrong_value_type", "x = 1"],
  ["f(x) if x in [1,2] < 2;", "wrong_value_type", "x in [1,2]"],
  ["f(x) if x = {k: 1 < 2};", "wrong_value_type", "1 < 2"],
  ['f(x) if x = 1 + print("x");', "wrong_value_type", 'print("x")'],
  ["f(x) if forall([1,2,3], x < 1);", "wrong_value_type", "[1,2,3]"],
  ["f(x) if x.bar(x or y);", "wrong_value_type", "x or y"],
  ["f(x) if (1 or 2) = x;", "wrong_value_type", "1"],
  ["f(x) if x = (not x);", "wrong_value_type", "not x"],
  ["f(x) if x = (1 = 2);", "wrong_value_type", "1 = 2"],
  ["f(x) if y matches z = x;", "wrong_value_type", "y matches z"],
  ["f(x) if g(x).y = 1;", "wrong_value_type", "g(x)"],
  // operators
  ["f(x) if not not x;", "unrecognized_token", "not"],
  ["f(x) if x = not y;", "unrecognized_token", "not"],
  ["f(x) if x.y := 1;", "unrecognized_token", ":="],
  ["f(x) if x := 1 := 2;", "unrecognized_token", ":="],
  ["f(x) if x matches y.z;", "unrecognized_token", "."],
  ["f(x=1);", "unrecognized_token", "="],
  // patterns
  ["f(Foo{a: 1});", "unrecognized_token", "{"],
  ["f(x: Foo{a: 1 + 2});", "unrecognized_token", "+"],
  ["f(x: (Foo));", "unrecognized_token", "("],
  ["f(x: g(1));", "unrecognized_token", "("],
  ["f(x) if x matches f(1);", "unrecognized_token", "("],
  // calls and built-ins
  ["f() if x = new Foo(1,);", "unrecognized_token", ")"],
  ["f() if x = new Foo;", "unrecognized_token", ";"],
  ["f(x) if g(k: 1, x);", "unrecognized_token", "x"],
  ["f(x) if forall(x);", "unrecognized_token", ")"],
  ["f(x) if print x;", "unrecognized_token", "x"],
  ["f(x) if cut(x);", "unrecognized_token", "("],
  // blocks
  ['resource Repo { roles = "a"; }', "unrecognized_token", '"a"'],
  ['resource Repo { "a" if reader; }', "unrecognized_token", "reader"],
  ["resource Repo { roles = [a]; }", "unrecognized_token", "a"],
  ["resource Repo roles {", "unrecognized_token", "roles"],
  ["resource Repo { relations = {parent Org}; }", "unrecognized_token", "Org"],
  ["resource Repo { relations = {a: B, a: C}; }", "duplicate_key", "a"],
  ['resource Repo { "a" if "b" on; }', "unrecognized_token", ";"],
  ["resource Repo { f(x); }", "unrecognized_token", "f"],
];

describe("malformed policies", () => {
  test.each(MALFORMED)("%j → %s", (text, code, snippet) => {
    const e = firstError(text);
    expect(e.code).toBe(code);
    if (snippet === EOF) {
      expect([e.error.span!.start, e.error.span!.end]).toEqual([text.length, text.length]);
      expect(e.error.summary).toMatch(/^hit the end of the file unexpectedly/);
    } else {
      expect(e.snippet).toBe(snippet);
    }
    expect(isPolarError(e.error)).toBe(true);
  });

  test("messages say what was found (Oso's text) and, in the hint, what was expected", () => {
    const unexpected = firstError("f(x) if g(x;").error;
    expect(unexpected.summary).toBe("did not expect to find the token ';'");
    expect(unexpected.hint).toBe("Expected ',' or ')'.");
    const eof = firstError("f(a)").error;
    expect(eof.summary).toBe("hit the end of the file unexpectedly. Did you forget a semi-colon");
    expect(eof.hint).toBeUndefined();
    expect(firstError("f(a").error.hint).toBe("Expected ',' or ')'.");
    const reserved = firstError("cut(a) if a;").error;
    expect(reserved.summary).toBe("cut is a reserved Polar word and cannot be used here");
    expect(reserved.hint).toMatch(/^Expected /);
    expect(firstError("f(x) if x isa Foo;").error.hint).toMatch(
      /Use `matches` to test membership in a class/,
    );
    expect(firstError("f(x) if g(h(x));").error.summary).toBe("Wrong value type: h(x). Expected a value");
    expect(firstError("f(x) if x = {a: 1, a: 2};").error.summary).toBe("Duplicate key: a");
    expect(firstError("f(99999999999999999999);").error.summary).toMatch(
      /^'99999999999999999999' caused an integer overflow/,
    );
    expect(firstError("f(1e5+3);").error.summary).toBe("1e5+3 was parsed as a float, but is invalid");
    expect(firstError("f(x) if x = 1 @ 2;").error.summary).toBe("'@' is not a valid character");
  });

  test("Oso's message, up to and including the position, comes first; hints after", () => {
    // Oso 0.27.3: "did not expect to find the token '1' at line 1, column 1:\n\t001: 1\n\t     ^\n"
    const oso = "did not expect to find the token '1' at line 1, column 1:\n\t001: 1\n\t     ^";
    const { message } = firstError("1").error;
    expect(message.startsWith(oso)).toBe(true);
    expect(message.slice(oso.length)).toBe(
      "\nExpected a rule, a rule type (type ...), an inline query (?= ...) or a block.",
    );
    // "hit the end of the file unexpectedly. Did you forget a semi-colon at line 1, column 20:..."
    expect(firstError("f(x) if x = 1 and g").error.message).toMatch(
      /^hit the end of the file unexpectedly\. Did you forget a semi-colon at line 1, column 20:\n/,
    );
  });

  test("errors carry file, line, column and a caret snippet", () => {
    const { errors } = parsePolicy(makeSource("allow(x) if\n  x = 1 @;", "policy.polar"));
    const e = errors[0]!;
    expect([e.file, e.line, e.column]).toEqual(["policy.polar", 2, 9]);
    expect(e.message).toBe(
      "'@' is not a valid character at line 2, column 9 of file policy.polar:\n\t002:   x = 1 @;\n\t             ^",
    );
  });

  test("deep nesting is an error, not a stack overflow", () => {
    for (const text of [
      `f(x) if ${"(".repeat(100_000)}`,
      `f(x) if x = ${"[".repeat(100_000)}`,
      `f(${"{a: ".repeat(50_000)}`,
    ]) {
      const e = firstError(text);
      expect(e.code).toBe("unrecognized_token");
      expect(e.error.hint).toMatch(/nested/);
    }
    expect(() => parseTerm(makeSource("(".repeat(100_000)))).toThrow(/nested/);
  });

  test("a very long operator chain is an error, not an unbounded tree", () => {
    const e = firstError(`f(x) if x = ${Array(5000).fill("1").join(" + ")};`);
    expect(e.code).toBe("unrecognized_token");
    expect(e.error.summary).toMatch(/too deeply nested/);
    // flattened `and`/`or` chains stay shallow whatever their length
    const { errors } = parsePolicy(makeSource(`f(x) if ${Array(5000).fill("x = 1").join(" or ")};`));
    expect(errors).toEqual([]);
  });
});

describe("several errors in one file", () => {
  test("independent errors are all reported, in source order, and good lines are kept", () => {
    const text = ["f(x) if x = 1 @ 2;", "g(y) if y = ;", "ok(1);", "h(z) if z isa Foo;", "k(2);"].join("\n");
    const { policy, errors } = parsePolicy(makeSource(text));
    expect(errors.map((e) => [e.code, e.line])).toEqual([
      ["invalid_token_character", 1],
      ["unrecognized_token", 2],
      ["unrecognized_token", 4],
    ]);
    expect(policy.lines.map((l) => (l.kind === "rule" ? l.name : l.kind))).toEqual(["ok", "k"]);
  });

  test("lexical errors interleave with parse errors in source order", () => {
    const text = 'f(;\ng("abc\nh(1e5+3);\nj(x) if x isa y;';
    const { errors } = parsePolicy(makeSource(text));
    expect(errors.map((e) => [e.code, e.line])).toEqual([
      ["unrecognized_token", 1],
      ["invalid_token_character", 2],
      ["invalid_float", 3],
      ["unrecognized_token", 4],
    ]);
  });

  test("an error inside a block skips that item only", () => {
    const text =
      'resource Repo {\n  roles = [a];\n  permissions = ["read"]\n  "read" if "x";\n}\nallow(1);\nbad(;';
    const { policy, errors } = parsePolicy(makeSource(text));
    // line 3 lacks its `;`: reported there, not at the start of line 4
    expect(errors.map((e) => e.line)).toEqual([2, 3, 7]);
    expect(policy.lines.map((l) => l.kind)).toEqual(["rule"]);
  });

  test.each([
    [
      "a rule body",
      "allow(x, _y, z) if x = z\nf(1);",
      1,
      25,
      "'f' on the next line",
      "Expected ';' at the end of the rule.",
    ],
    [
      "a rule head",
      "f(1)\n# a comment\ng(2);",
      1,
      5,
      "'g' on the next line",
      "Expected 'if' or ';' after the rule head.",
    ],
    [
      "a rule type",
      "type f(x: Integer)\nf(1);",
      1,
      19,
      "'f' on the next line",
      "Expected ';' at the end of the rule type.",
    ],
    [
      "a block item (CRLF)",
      'resource R {\r\n  permissions = ["read"]\r\n  roles = ["a"];\r\n}',
      2,
      25,
      "'roles' on the next line",
      "Expected",
    ],
  ])(
    "a missing ';' at the end of %s is reported at the end of that line",
    (_what, text, line, column, message, hint) => {
      const { errors } = parsePolicy(makeSource(text));
      expect(errors).toHaveLength(1);
      expect([errors[0]!.code, errors[0]!.line, errors[0]!.column]).toEqual([
        "unrecognized_token",
        line,
        column,
      ]);
      expect(errors[0]!.summary).toBe(`did not expect to find the token ${message}`);
      expect(errors[0]!.hint).toContain(hint);
      expect(errors[0]!.hint).toContain("Did you forget a semi-colon?");
    },
  );

  test("a token on the same line is still reported where it is", () => {
    const { errors } = parsePolicy(makeSource("f(1) g(2);"));
    expect([errors[0]!.line, errors[0]!.column]).toEqual([1, 6]);
    expect(errors[0]!.summary).toBe("did not expect to find the token 'g'");
    expect(errors[0]!.hint).toBe("Expected 'if' or ';' after the rule head.");
  });

  test("a malformed block header does not cascade into its items", () => {
    const text = 'resource Repo extra {\n  roles = ["a"];\n  "a" if "b";\n}\nallow(1);';
    const { policy, errors } = parsePolicy(makeSource(text));
    expect(errors).toHaveLength(1);
    expect(policy.lines).toHaveLength(1);
  });

  test("wrong value types are each reported once", () => {
    const { errors } = parsePolicy(makeSource("f(x) if x = (1 or 2);\ng() if 1 and 2;"));
    expect(errors.map((e) => e.summary)).toEqual([
      "Wrong value type: 1. Expected a logical expression",
      "Wrong value type: 2. Expected a logical expression",
      "Wrong value type: 1. Expected a logical expression",
      "Wrong value type: 2. Expected a logical expression",
    ]);
  });
});

describe("parseTerm errors", () => {
  test.each<[string, string, string]>([
    ["x = ", "unrecognized_eof", ""],
    ["x = 1;", "unrecognized_token", ";"],
    ["x = 1 y", "unrecognized_token", "y"],
    ["f(x))", "unrecognized_token", ")"],
    ["x @ y", "invalid_token_character", "@"],
    ["g(h(x))", "wrong_value_type", "h(x)"],
  ])("%j → %s", (text, code, snippet) => {
    try {
      parseTerm(makeSource(text));
      expect.unreachable();
    } catch (e) {
      expect(isPolarError(e)).toBe(true);
      if (!isPolarError(e)) return;
      expect(e.code).toBe(code);
      expect(text.slice(e.span!.start, e.span!.end)).toBe(snippet);
    }
  });
});

describe("exceptions inside the parser", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  test("a JS stack overflow becomes a parse error", () => {
    vi.spyOn(ParserState.prototype, "next").mockImplementationOnce(() => {
      throw new RangeError("Maximum call stack size exceeded");
    });
    const { errors } = parsePolicy(makeSource("f(1);"));
    expect(errors.map((e) => e.summary)).toEqual(["this text is nested too deeply to be parsed"]);
  });

  test("any other RangeError is a bug, and is not disguised as a parse error", () => {
    vi.spyOn(ParserState.prototype, "next").mockImplementationOnce(() => {
      throw new RangeError("Invalid array length");
    });
    expect(() => parsePolicy(makeSource("f(1);"))).toThrow(/Invalid array length/);
  });
});

import { describe, expect, test } from "vitest";
import { makeSource } from "../source.js";
import { isSymbolName, lex, tokenize } from "./lexer.js";
import { tokenText } from "./tokens.js";

/** `[kind, value]` pairs, without the final eof. */
function lexed(text: string): [string, unknown][] {
  return tokenize(makeSource(text))
    .filter((t) => t.kind !== "eof")
    .map((t) => [t.kind, t.value]);
}

describe("tokenize", () => {
  test.each<[string, [string, unknown][]]>([
    // whitespace and comments
    ["", []],
    [" \t\r\n ", []],
    ["# a comment", []],
    [
      "a # comment\nb",
      [
        ["symbol", "a"],
        ["symbol", "b"],
      ],
    ],
    [
      "a #c\rb",
      [
        ["symbol", "a"],
        ["symbol", "b"],
      ],
    ],
    // symbols
    ["foo", [["symbol", "foo"]]],
    ["_", [["symbol", "_"]]],
    ["_x1", [["symbol", "_x1"]]],
    ["a::b", [["symbol", "a::b"]]],
    ["a::b::c", [["symbol", "a::b::c"]]],
    ["x?", [["symbol", "x?"]]],
    [
      "x?y",
      [
        ["symbol", "x?"],
        ["symbol", "y"],
      ],
    ],
    [
      "foo-bar",
      [
        ["symbol", "foo"],
        ["-", null],
        ["symbol", "bar"],
      ],
    ],
    [
      "a.b",
      [
        ["symbol", "a"],
        [".", null],
        ["symbol", "b"],
      ],
    ],
    [
      "a:b",
      [
        ["symbol", "a"],
        [":", null],
        ["symbol", "b"],
      ],
    ],
    ["élan", [["symbol", "élan"]]],
    ["👩‍🔧", [["symbol", "👩‍🔧"]]],
    ["x\u00a0y", [["symbol", "x\u00a0y"]]], // a non-ASCII space is a symbol character
    ["a1b2", [["symbol", "a1b2"]]],
    // keywords and literal words
    [
      "true false",
      [
        ["boolean", true],
        ["boolean", false],
      ],
    ],
    ["inf", [["float", Number.POSITIVE_INFINITY]]],
    ["nan", [["float", Number.NaN]]],
    [
      "new in cut debug print isa forall if and or not matches type mod rem",
      "new in cut debug print isa forall if and or not matches type mod rem"
        .split(" ")
        .map((k): [string, unknown] => [k, null]),
    ],
    [
      "on actor resource Actor nil",
      [
        ["symbol", "on"],
        ["symbol", "actor"],
        ["symbol", "resource"],
        ["symbol", "Actor"],
        ["symbol", "nil"],
      ],
    ],
    ["android", [["symbol", "android"]]],
    // numbers
    ["0", [["integer", 0]]],
    ["42", [["integer", 42]]],
    ["007", [["integer", 7]]],
    ["1.5", [["float", 1.5]]],
    ["1.", [["float", 1]]],
    ["1e5", [["float", 1e5]]],
    ["1E-5", [["float", 1e-5]]],
    ["1e+5", [["float", 1e5]]],
    ["1.e5", [["float", 1e5]]],
    ["2.5e3", [["float", 2500]]],
    ["1e400", [["float", Number.POSITIVE_INFINITY]]],
    ["9007199254740991", [["integer", 9007199254740991]]],
    ["9007199254740993", [["integer", 9007199254740993n]]],
    ["9223372036854775807", [["integer", 9223372036854775807n]]],
    [
      "1.foo",
      [
        ["float", 1],
        ["symbol", "foo"],
      ],
    ],
    [
      "-1",
      [
        ["-", null],
        ["integer", 1],
      ],
    ],
    [
      ".5",
      [
        [".", null],
        ["integer", 5],
      ],
    ],
    // strings
    ['"abc"', [["string", "abc"]]],
    ['""', [["string", ""]]],
    ['"a\\nb\\rc\\td\\0e"', [["string", "a\nb\rc\td\0e"]]],
    ['"\\"q\\" \\\\"', [["string", '"q" \\']]],
    ['"\\u0041"', [["string", "u0041"]]],
    ['"a\\\nb"', [["string", "a\nb"]]], // backslash + raw newline is that newline
    ['"tab\there"', [["string", "tab\there"]]],
    ['"👩‍🔧 é"', [["string", "👩‍🔧 é"]]],
    ['"a#b"', [["string", "a#b"]]],
    // punctuation, longest match
    [
      ": := = == < <= > >= ! != ?= | , ; . ( ) [ ] { } + - * /",
      [
        ":",
        ":=",
        "=",
        "==",
        "<",
        "<=",
        ">",
        ">=",
        "!",
        "!=",
        "?=",
        "|",
        ",",
        ";",
        ".",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "+",
        "-",
        "*",
        "/",
      ].map((k): [string, unknown] => [k, null]),
    ],
    [
      "a==b",
      [
        ["symbol", "a"],
        ["==", null],
        ["symbol", "b"],
      ],
    ],
    [
      "x:=1",
      [
        ["symbol", "x"],
        [":=", null],
        ["integer", 1],
      ],
    ],
    [
      "===",
      [
        ["==", null],
        ["=", null],
      ],
    ],
  ])("%j", (input, expected) => {
    expect(lexed(input)).toEqual(expected);
  });

  test("a leading byte-order mark is skipped, offsets still count it", () => {
    const tokens = tokenize(makeSource("\ufeffallow(x);"));
    expect(tokens[0]).toMatchObject({ kind: "symbol", value: "allow", start: 1, end: 6 });
    expect(lexed("a\ufeff")).toEqual([["symbol", "a\ufeff"]]);
  });

  test("spans cover the token text", () => {
    const tokens = tokenize(makeSource('f(x, "s") if x.y >= 1.5;'));
    expect(tokens.map(tokenText)).toEqual([
      "f",
      "(",
      "x",
      ",",
      '"s"',
      ")",
      "if",
      "x",
      ".",
      "y",
      ">=",
      "1.5",
      ";",
      "",
    ]);
    const eof = tokens[tokens.length - 1]!;
    expect([eof.kind, eof.span.start, eof.span.end]).toEqual(["eof", 24, 24]);
  });
});

describe("lexical errors", () => {
  test.each<[string, string, string]>([
    ["@", "invalid_token_character", "@"],
    ["a $ b", "invalid_token_character", "$"],
    ["x % 2", "invalid_token_character", "%"],
    ["a & b", "invalid_token_character", "&"],
    ["a ^ b", "invalid_token_character", "^"],
    ["~a", "invalid_token_character", "~"],
    ["'a'", "invalid_token_character", "'"],
    ["a \\ b", "invalid_token_character", "\\"],
    ["`a`", "invalid_token_character", "`"],
    ["a ? b", "invalid_token_character", "?"],
    ["a::", "invalid_token_character", "a::"],
    ['"abc', "invalid_token_character", '"abc'],
    ['"abc\\', "invalid_token_character", '"abc\\'],
    ['"ab\ncd"', "invalid_token_character", '"ab'],
    ["99999999999999999999", "integer_overflow", "99999999999999999999"],
    ["9223372036854775808", "integer_overflow", "9223372036854775808"],
    ["1e5+3", "invalid_float", "1e5+3"],
    ["1e", "invalid_float", "1e"],
    ["1e+", "invalid_float", "1e+"],
    ["2.5E-", "invalid_float", "2.5E-"],
  ])("%j → %s at %j", (input, code, snippet) => {
    const source = makeSource(input);
    const { errors } = lex(source);
    expect(errors.length).toBeGreaterThan(0);
    const e = errors[0]!;
    expect(e.code).toBe(code);
    expect(input.slice(e.span!.start, e.span!.end)).toBe(snippet);
    expect(() => tokenize(source)).toThrow(e.summary);
  });

  test("every error is reported and replaced by an invalid token", () => {
    const { tokens, errors } = lex(makeSource("a @ b $ c"));
    expect(errors.map((e) => e.code)).toEqual(["invalid_token_character", "invalid_token_character"]);
    expect(tokens.map((t) => t.kind)).toEqual(["symbol", "invalid", "symbol", "invalid", "symbol", "eof"]);
  });

  test("an unterminated string on one line does not swallow the next", () => {
    const { tokens } = lex(makeSource('f("abc);\ng(1);'));
    expect(tokens.slice(3).map((t) => t.kind)).toEqual(["symbol", "(", "integer", ")", ";", "eof"]);
  });
});

describe("isSymbolName", () => {
  test.each<[string, boolean]>([
    ["foo", true],
    ["a::b", true],
    ["x?", true],
    ["é", true],
    ["", false],
    ["1a", false],
    ["a b", false],
    ["a-b", false],
    ["a::", false],
    ["type", false],
    ["true", false],
    ["nan", false],
  ])("%j → %s", (name, expected) => {
    expect(isSymbolName(name)).toBe(expected);
  });
});

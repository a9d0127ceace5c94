import { describe, expect, test } from "vitest";
import { caretSnippet, lineText, makeSource, positionOf } from "./source.js";

describe("positionOf", () => {
  test.each([
    ["abc", 0, 1, 1],
    ["abc", 2, 1, 3],
    ["a\nbc", 2, 2, 1],
    ["a\r\nbc", 3, 2, 1],
    ["👩‍🔧 x", 6, 1, 5],
    ["abc", 99, 1, 4],
  ])("%j at %i is line %i column %i", (text, offset, line, column) => {
    expect(positionOf(text, offset)).toEqual({ line, column });
  });
});

describe("caretSnippet", () => {
  test("puts the caret under the offending character", () => {
    const source = makeSource("f(x);\ng(y) if z;", "p.polar");
    expect(caretSnippet({ source, start: 14, end: 15 })).toBe("\t002: g(y) if z;\n\t             ^");
    expect(lineText(source.text, 2)).toBe("g(y) if z;");
  });
});

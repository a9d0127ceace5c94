import { describe, expect, test } from "vitest";
import { caretSnippet, lineText, makeSource, positionOf, SNIPPET_WIDTH } from "./source.js";
import { tokenize } from "./syntax/lexer.js";
import { parsePolicy } from "./syntax/parser.js";

describe("positionOf", () => {
  test.each([
    ["abc", 0, 1, 1],
    ["abc", 2, 1, 3],
    ["a\nbc", 2, 2, 1],
    ["a\r\nbc", 3, 2, 1],
    ["👩‍🔧 x", 6, 1, 5],
    ["abc", 99, 1, 4],
    ["abc", -5, 1, 1],
    // a lone \r ends a line, as it ends a comment for the lexer
    ["a\rbc", 2, 2, 1],
    ["a\r\rb", 3, 3, 1],
    ["a\n\r\nb", 4, 3, 1],
    // the byte-order mark is not part of line 1 (the lexer skips it)
    ["\ufeffab", 1, 1, 1],
    ["\ufeffab", 2, 1, 2],
    ["\ufeffab", 0, 1, 1],
    // an emoji on one line does not shift the columns of the next
    ["😀 a\nbc", 5, 2, 1],
    ["😀 a\nbc", 3, 1, 3],
    ["a\n😀😀b", 6, 2, 3],
  ])("%j at %i is line %i column %i", (text, offset, line, column) => {
    expect(positionOf(text, offset)).toEqual({ line, column });
  });

  test("each position costs a lookup, not a scan of the text", () => {
    const lines = 100_000;
    const text = "f(x) if x = 1;\n".repeat(lines);
    for (let line = 1; line <= lines; line++) {
      const offset = (line - 1) * 15 + 8;
      expect(positionOf(text, offset).line).toBe(line);
      caretSnippet({ source: makeSource(text), start: offset, end: offset + 1 });
    }
    expect(lineText(text, lines)).toBe("f(x) if x = 1;");
    // scanning from the start for each position took minutes; no wall-clock bound here (a
    // timed unit test fails on a loaded machine): a quadratic scan makes this test time out
  });

  test("positions agree with the lexer on line breaks", () => {
    // old Mac line breaks: the comment ends at the \r, so g is on line 3
    const source = makeSource("f(1);\r# note\rg(x) if @;");
    const [error] = parsePolicy(source).errors;
    expect([error!.code, error!.line, error!.column]).toEqual(["invalid_token_character", 3, 9]);
    const bom = makeSource("\ufefff(1) if @;");
    const [bomError] = parsePolicy(bom).errors;
    expect([bomError!.line, bomError!.column]).toEqual([1, 9]);
    expect(positionOf(bom.text, tokenize(makeSource("\ufefff(1);"))[0]!.start)).toEqual({
      line: 1,
      column: 1,
    });
  });
});

describe("lineText", () => {
  test.each([
    ["a\nb\r\nc\rd", ["a", "b", "c", "d", ""]],
    ["\ufeffab\ncd", ["ab", "cd", ""]],
    ["x\n", ["x", "", ""]],
  ])("%j", (text, lines) => {
    expect(lines.map((_, i) => lineText(text, i + 1))).toEqual(lines);
    expect(lineText(text, 0)).toBe("");
  });
});

describe("caretSnippet", () => {
  test("puts the caret under the offending character", () => {
    const source = makeSource("f(x);\ng(y) if z;", "p.polar");
    expect(caretSnippet({ source, start: 14, end: 15 })).toBe("\t002: g(y) if z;\n\t             ^");
    expect(lineText(source.text, 2)).toBe("g(y) if z;");
  });

  test.each([
    ["accented letters", 'f("é", ü) if @;'],
    ["emoji", 'f("😀 👩‍🔧") if @;'],
    ["CJK", "f(名前) if @;"],
  ])("the caret counts code points after %s", (_name, line) => {
    const text = `x(1);\n${line}`;
    const source = makeSource(text);
    const [error] = parsePolicy(source).errors;
    const snippet = caretSnippet(error!.span!, "");
    const [shown, caret] = snippet.split("\n") as [string, string];
    expect(shown).toBe(`002: ${line}`);
    // the caret sits under the @, counting each code point as one column
    expect([...shown][caret.length - 1]).toBe("@");
    expect(caret.trimStart()).toBe("^");
  });

  test("a long line is shown as a window around the caret", () => {
    const text = `${"a".repeat(5000)}@${"b".repeat(5000)}`;
    const snippet = caretSnippet({ source: makeSource(text), start: 5000, end: 5001 }, "");
    const [shown, caret] = snippet.split("\n") as [string, string];
    expect(shown).toMatch(/^001: \.\.\.a+@b+\.\.\.$/);
    expect(shown.length).toBeLessThanOrEqual(SNIPPET_WIDTH + 20);
    expect(shown[caret.length - 1]).toBe("@");
    // near an end of the line, the window stops at it
    const start = caretSnippet({ source: makeSource(text), start: 0, end: 1 }, "");
    expect(start).toMatch(/^001: a+\.\.\.\n {5}\^$/);
    const end = caretSnippet({ source: makeSource(text), start: text.length - 1, end: text.length }, "");
    expect(end.split("\n")[0]).toMatch(/^001: \.\.\.b+$/);
    expect(end.split("\n")[1]!.length).toBe(end.split("\n")[0]!.length);
  });

  test("a window does not cut an emoji in half", () => {
    const text = "😀".repeat(500);
    for (const start of [200, 201, 202]) {
      const [shown] = caretSnippet({ source: makeSource(text), start, end: start + 1 }, "").split("\n");
      expect(shown).toMatch(/^001: \.\.\.(😀)+\.\.\.$/u);
    }
  });
});

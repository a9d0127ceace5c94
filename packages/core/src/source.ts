/**
 * Policy sources and positions inside them.
 *
 * Offsets are UTF-16 indices into `Source.text` (what JavaScript strings use); lines and
 * columns are 1-based and count Unicode code points, so a caret lines up under the
 * offending character even after emoji or accented letters.
 * @module
 */

/** A piece of policy text, with the file it came from when there is one. */
export interface Source {
  readonly text: string;
  readonly filename?: string | undefined;
}

/** A half-open range `[start, end)` of UTF-16 offsets into a source. */
export interface Span {
  readonly source: Source;
  readonly start: number;
  readonly end: number;
}

/** A 1-based line and column (in code points). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Make a source; `filename` is shown in messages. */
export function makeSource(text: string, filename?: string): Source {
  return filename === undefined ? { text } : { text, filename };
}

/** The 1-based line and column of a UTF-16 offset. Offsets past the end clamp to the end. */
export function positionOf(text: string, offset: number): Position {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: codePointLength(text, lineStart, end) + 1 };
}

/** The text of 1-based line `line`, without its line terminator. */
export function lineText(text: string, line: number): string {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", start);
    if (nl < 0) return "";
    start = nl + 1;
  }
  let end = text.indexOf("\n", start);
  if (end < 0) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return text.slice(start, end);
}

/**
 * The source line of `span` with a caret under its first character, in Oso's layout:
 * `\t001: f(x) if y;\n\t         ^`.
 */
export function caretSnippet(span: Span, indent = "\t"): string {
  const { line, column } = positionOf(span.source.text, span.start);
  const number = String(line).padStart(3, "0");
  const text = lineText(span.source.text, line).replace(/\t/g, " ");
  return `${indent}${number}: ${text}\n${indent}${" ".repeat(number.length + 2 + column - 1)}^`;
}

/** `" at line L, column C[ of file F]"`: the location suffix Oso appends to messages. */
export function locationSuffix(span: Span): string {
  const { line, column } = positionOf(span.source.text, span.start);
  const file = span.source.filename === undefined ? "" : ` of file ${span.source.filename}`;
  return ` at line ${line}, column ${column}${file}`;
}

/** The text a span covers. */
export function spanText(span: Span): string {
  return span.source.text.slice(span.start, span.end);
}

function codePointLength(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    // a high surrogate followed by a low one is one code point
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

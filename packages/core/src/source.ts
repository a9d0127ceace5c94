/**
 * Policy sources and positions inside them.
 *
 * Offsets are UTF-16 indices into `Source.text` (what JavaScript strings use); lines and
 * columns are 1-based and count Unicode code points, so a caret lines up under the
 * offending character even after emoji or accented letters.
 *
 * Lines end where the lexer ends a comment: at `\n`, `\r\n` or a lone `\r` (old Mac
 * files). A leading byte-order mark is not part of line 1, as the lexer skips it.
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

/** How many characters of a long line a snippet shows around the caret. */
export const SNIPPET_WIDTH = 120;

/** Where each line starts, and which lines hold surrogates (whose columns must be counted). */
interface LineTable {
  readonly starts: number[];
  readonly astral: Uint8Array;
}

// Every error and warning asks for its position, and a policy with thousands of them
// would rescan its text each time: tables are built once per text and kept for the few
// texts most recently asked about. The key is the text, not the Source, because callers
// (errors.ts) pass the text; a Map hashes a string once, so lookups stay cheap.
const TABLES = new Map<string, LineTable>();
const CACHED_TEXTS = 8;
// below this, building a table costs no more than looking one up
const UNCACHED_LENGTH = 1024;

function tableOf(text: string): LineTable {
  if (text.length < UNCACHED_LENGTH) return buildTable(text);
  let table = TABLES.get(text);
  if (table === undefined) {
    table = buildTable(text);
    if (TABLES.size >= CACHED_TEXTS) TABLES.delete(TABLES.keys().next().value as string);
    TABLES.set(text, table);
  }
  return table;
}

function buildTable(text: string): LineTable {
  const starts = [text.charCodeAt(0) === 0xfeff ? 1 : 0];
  const astralLines: number[] = [];
  let astral = false;
  const n = text.length;
  for (let i = starts[0]!; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (astral) astralLines.push(starts.length - 1);
      astral = false;
      starts.push(i + 1);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      astral = true;
    }
  }
  if (astral) astralLines.push(starts.length - 1);
  const flags = new Uint8Array(starts.length);
  for (const l of astralLines) flags[l] = 1;
  return { starts, astral: flags };
}

/** The 0-based index of the line holding `offset` (binary search over the line starts). */
function lineIndex(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The offset where line `index` ends, before its line break. */
function lineEnd(text: string, starts: readonly number[], index: number): number {
  const next = starts[index + 1];
  if (next === undefined) return text.length;
  // `next - 1` is the break's last character; a `\r\n` is two characters
  const crlf =
    text.charCodeAt(next - 1) === 10 && text.charCodeAt(next - 2) === 13 && next - 2 >= starts[index]!;
  return crlf ? next - 2 : next - 1;
}

function clamp(text: string, offset: number): number {
  return Math.max(0, Math.min(offset, text.length));
}

/** The 1-based line and column of a UTF-16 offset. Offsets past the end clamp to the end. */
export function positionOf(text: string, offset: number): Position {
  const { starts, astral } = tableOf(text);
  const end = clamp(text, offset);
  const index = lineIndex(starts, end);
  const start = starts[index]!;
  // an offset before the start of line 1 is the byte-order mark
  const column = end <= start ? 1 : astral[index] ? codePointLength(text, start, end) + 1 : end - start + 1;
  return { line: index + 1, column };
}

/** The text of 1-based line `line`, without its line terminator. */
export function lineText(text: string, line: number): string {
  const { starts } = tableOf(text);
  const start = starts[line - 1];
  if (start === undefined || line < 1) return "";
  return text.slice(start, lineEnd(text, starts, line - 1));
}

/**
 * The source line of `span` with a caret under its first character, in Oso's layout:
 * `\t001: f(x) if y;\n\t         ^`. Of a long line, only about {@link SNIPPET_WIDTH}
 * characters around the caret are shown, with `...` where the line was cut: a message
 * must not copy a whole minified file once per error.
 */
export function caretSnippet(span: Span, indent = "\t"): string {
  const text = span.source.text;
  const { starts } = tableOf(text);
  const offset = clamp(text, span.start);
  const index = lineIndex(starts, offset);
  const start = starts[index]!;
  const end = lineEnd(text, starts, index);
  let from = start;
  let to = end;
  if (to - from > SNIPPET_WIDTH) {
    from = Math.max(start, Math.min(offset - SNIPPET_WIDTH / 2, end - SNIPPET_WIDTH));
    to = Math.min(end, from + SNIPPET_WIDTH);
    // never cut a surrogate pair in half
    if (from > start && isLowSurrogate(text.charCodeAt(from))) from--;
    if (to < end && isLowSurrogate(text.charCodeAt(to))) to++;
  }
  const before = from > start ? "..." : "";
  const after = to < end ? "..." : "";
  const shown = `${before}${text.slice(from, to)}${after}`.replace(/\t/g, " ");
  const number = String(index + 1).padStart(3, "0");
  const caret = number.length + 2 + before.length + codePointLength(text, from, Math.max(from, offset));
  return `${indent}${number}: ${shown}\n${indent}${" ".repeat(caret)}^`;
}

/** `" at line L, column C[ of file F]"`: the location suffix Oso appends to messages. */
export function locationSuffix(span: Span): string {
  const { line, column } = positionOf(span.source.text, span.start);
  const file = span.source.filename === undefined ? "" : ` of file ${span.source.filename}`;
  return ` at line ${line}, column ${column}${file}`;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function codePointLength(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    // a high surrogate followed by a low one is one code point
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end && isLowSurrogate(text.charCodeAt(i + 1))) i++;
    n++;
  }
  return n;
}

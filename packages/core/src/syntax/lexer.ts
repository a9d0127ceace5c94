/**
 * The Polar lexer (spec §1): one pass over the UTF-16 code units of the source.
 *
 * Non-ASCII code units are always symbol characters, so working on code units instead of
 * code points gives the same tokens (a surrogate pair is two symbol characters).
 * @module
 */
import type { PolarError } from "../errors.js";
import type { Source } from "../source.js";
import { ErrorList } from "./error-list.js";
import { KEYWORDS, Token, type TokenKind } from "./tokens.js";

/**
 * Tokens (always ending with an `eof` token) and the lexical errors met on the way
 * (limited as an {@link ErrorList} limits them).
 */
export interface LexResult {
  readonly tokens: Token[];
  readonly errors: PolarError[];
}

// Character classes of ASCII code units.
const SYMBOL = 0; // may start and continue a symbol
const DIGIT = 1;
const PUNCT = 2; // ASCII punctuation other than `_`
const SPACE = 3; // skipped between tokens: space, \t, \n, \r
const FORM_FEED = 4; // ASCII whitespace that is not skipped: starts a symbol but never continues one

const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const punct =
    (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
  CLASS[c] = punct ? PUNCT : c >= 48 && c <= 57 ? DIGIT : SYMBOL;
}
CLASS[95] = SYMBOL; // `_`
for (const c of [32, 9, 10, 13]) CLASS[c] = SPACE;
CLASS[12] = FORM_FEED;

type Word = { readonly kind: TokenKind; readonly value: boolean | number | null };
const WORDS: ReadonlyMap<string, Word> = new Map<string, Word>([
  ["true", { kind: "boolean", value: true }],
  ["false", { kind: "boolean", value: false }],
  ["inf", { kind: "float", value: Number.POSITIVE_INFINITY }],
  ["nan", { kind: "float", value: Number.NaN }],
  ...KEYWORDS.map((w): [string, Word] => [w, { kind: w, value: null }]),
]);

// Single-character punctuation that never starts a longer token, by character code.
const SINGLE: (TokenKind | undefined)[] = [];
for (const p of ["|", ",", ";", ".", "(", ")", "[", "]", "{", "}", "+", "-", "*", "/"] as const) {
  SINGLE[p.charCodeAt(0)] = p;
}
// Punctuation that becomes a two-character token when followed by `=`.
const BEFORE_EQUALS: ReadonlyMap<number, readonly [TokenKind, TokenKind]> = new Map([
  [58, [":", ":="]],
  [61, ["=", "=="]],
  [60, ["<", "<="]],
  [62, [">", ">="]],
  [33, ["!", "!="]],
]);

const I64_MAX = 9223372036854775807n;

/**
 * A pull lexer: the parser asks for one token at a time, so tokens die young instead of
 * all living until the end of the parse (which matters to the garbage collector on large
 * policies). Lexical errors are collected in `errors` (shared with the parser, which
 * passes its own), and rejected text becomes an `invalid` token so that the parser can
 * resynchronise.
 */
export class Lexer {
  readonly source: Source;
  readonly errors: ErrorList;
  private i = 0;
  private pending: Token | null = null;
  private readonly push: Push;
  private readonly fail: Fail;

  constructor(source: Source, errors: ErrorList = new ErrorList()) {
    this.source = source;
    this.errors = errors;
    // a byte-order mark is not part of the text (it would otherwise start a symbol)
    if (source.text.charCodeAt(0) === 0xfeff) this.i = 1;
    this.push = (kind, value, start, end) => {
      this.pending = new Token(kind, value, source, start, end);
    };
    this.fail = (code, msg, start, end) => {
      this.errors.report(code, msg, { source, start, end });
      this.push("invalid", null, start, end);
    };
  }

  /** The next token; at the end, an `eof` token (again on every later call). */
  next(): Token {
    const n = this.source.text.length;
    while (this.pending === null && this.i < n) this.i = this.step(this.i);
    const token = this.pending ?? new Token("eof", null, this.source, n, n);
    this.pending = null;
    return token;
  }

  /** Scan from `i`: skip blanks or produce one token; returns where to go on. */
  private step(i: number): number {
    const text = this.source.text;
    const push = this.push;
    const fail = this.fail;
    const c = text.charCodeAt(i);
    const cls = c < 128 ? CLASS[c] : SYMBOL;
    if (cls === SPACE) return i + 1;
    const start = i;
    if (cls === SYMBOL || cls === FORM_FEED) {
      i = scanSymbol(text, i + 1);
      const word = text.slice(start, i);
      if (word.endsWith("::")) {
        fail(
          "invalid_token_character",
          `':' is not a valid character. Found in ${word} (a name cannot end with ::)`,
          start,
          i,
        );
        return i;
      }
      const kw = WORDS.get(word);
      if (kw) push(kw.kind, kw.value, start, i);
      else push("symbol", word, start, i);
      return i;
    }
    if (cls === DIGIT) return scanNumber(text, i, start, push, fail);
    // punctuation
    if (c === 34) return scanString(text, i, push, fail);
    if (c === 35) {
      // `#` comment, up to (not including) the next line break
      const n = text.length;
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      return i;
    }
    const single = SINGLE[c];
    if (single !== undefined) {
      push(single, null, i, i + 1);
      return i + 1;
    }
    const pair = BEFORE_EQUALS.get(c);
    if (pair !== undefined) {
      if (text.charCodeAt(i + 1) === 61) {
        push(pair[1], null, i, i + 2);
        return i + 2;
      }
      push(pair[0], null, i, i + 1);
      return i + 1;
    }
    if (c === 63 && text.charCodeAt(i + 1) === 61) {
      push("?=", null, i, i + 2);
      return i + 2;
    }
    const hint = c === 63 ? " ('?' only appears in the inline-query marker ?= or at the end of a name)" : "";
    fail("invalid_token_character", `${quoteChar(text[i] ?? "")} is not a valid character${hint}`, i, i + 1);
    return i + 1;
  }
}

/**
 * Split a source into tokens (the last one `eof`), collecting every lexical error instead
 * of stopping at the first.
 */
export function lex(source: Source): LexResult {
  const lexer = new Lexer(source);
  const tokens: Token[] = [];
  for (;;) {
    const token = lexer.next();
    tokens.push(token);
    if (token.kind === "eof") return { tokens, errors: lexer.errors.finish() };
  }
}

/**
 * Split a source into tokens.
 * @throws {PolarError} the first lexical error (`invalid_token_character`, `integer_overflow`, `invalid_float`).
 */
export function tokenize(source: Source): Token[] {
  const { tokens, errors } = lex(source);
  if (errors[0]) throw errors[0];
  return tokens;
}

/** Index just past a symbol whose first character is before `i`. */
function scanSymbol(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c >= 128) {
      i++;
      continue;
    }
    const cls = CLASS[c];
    if (cls === SYMBOL || cls === DIGIT) i++;
    else if (c === 58 && text.charCodeAt(i + 1) === 58)
      i += 2; // `::` inside a name
    else if (c === 63)
      return i + 1; // `?` may only end a name
    else break;
  }
  return i;
}

type Push = (kind: TokenKind, value: Token["value"], start: number, end: number) => void;
type Fail = (
  code: "invalid_token_character" | "integer_overflow" | "invalid_float",
  msg: string,
  s: number,
  e: number,
) => void;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Shape `digits [. digits*] [(e|E) digits* [+|-] digits*]`; returns the index past it. */
function scanNumber(text: string, i: number, start: number, push: Push, fail: Fail): number {
  while (isDigit(text.charCodeAt(i))) i++;
  let isFloat = false;
  let validFloat = true;
  if (text.charCodeAt(i) === 46) {
    isFloat = true;
    i++;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === 101 || e === 69) {
    isFloat = true;
    i++;
    const d1 = i;
    while (isDigit(text.charCodeAt(i))) i++;
    const s = text.charCodeAt(i);
    const signed = s === 43 || s === 45;
    const beforeSign = i - d1;
    if (signed) i++;
    const d2 = i;
    while (isDigit(text.charCodeAt(i))) i++;
    // a valid exponent is `e[+-]?digits` with the digits after the sign
    validFloat = signed ? beforeSign === 0 && i > d2 : beforeSign > 0;
  }
  const raw = text.slice(start, i);
  if (isFloat) {
    if (validFloat) push("float", Number(raw), start, i);
    else fail("invalid_float", `${raw} was parsed as a float, but is invalid`, start, i);
    return i;
  }
  if (raw.length <= 15) {
    push("integer", Number(raw), start, i);
    return i;
  }
  const big = BigInt(raw);
  if (big > I64_MAX) {
    fail("integer_overflow", `'${raw}' caused an integer overflow (integers are 64-bit)`, start, i);
  } else {
    push("integer", big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big, start, i);
  }
  return i;
}

/** A double-quoted string starting at `start`; returns the index past it. */
function scanString(text: string, start: number, push: Push, fail: Fail): number {
  const n = text.length;
  let i = start + 1;
  let chunkStart = i;
  let value = "";
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      push("string", value + text.slice(chunkStart, i), start, i + 1);
      return i + 1;
    }
    if (c === 10) {
      // resynchronise at the line break so the following lines still lex
      fail(
        "invalid_token_character",
        "'\\n' is not a valid character in a string: close the string before the end of the line (write \\n for a line break)",
        start,
        i,
      );
      return i;
    }
    if (c === 92) {
      value += text.slice(chunkStart, i);
      if (i + 1 >= n) break;
      const d = text.charCodeAt(i + 1);
      value += d === 110 ? "\n" : d === 114 ? "\r" : d === 116 ? "\t" : d === 48 ? "\0" : text[i + 1];
      i += 2;
      chunkStart = i;
      continue;
    }
    i++;
  }
  fail(
    "invalid_token_character",
    `hit the end of the file inside a string: a closing '"' is missing`,
    start,
    n,
  );
  return n;
}

/** A character as Oso shows it in messages: `'@'`, `'\''`, `'\\'`. */
function quoteChar(ch: string): string {
  if (ch === "'") return "'\\''";
  if (ch === "\\") return "'\\\\'";
  return `'${ch}'`;
}

/** True when `text` lexes as exactly one symbol token (so not a keyword, `true`, `inf`, ...). */
export function isSymbolName(text: string): boolean {
  if (text.length === 0) return false;
  const c = text.charCodeAt(0);
  const cls = c < 128 ? CLASS[c] : SYMBOL;
  if (cls !== SYMBOL && cls !== FORM_FEED) return false;
  return scanSymbol(text, 1) === text.length && !text.endsWith("::") && !WORDS.has(text);
}

/**
 * The tokens of Polar (spec §1): what the lexer produces and the parser consumes.
 * @module
 */
import type { Source, Span } from "../source.js";

/** Words that lex as keywords rather than symbols (`true`/`false`/`inf`/`nan` lex as literals). */
export const KEYWORDS = [
  "new",
  "in",
  "cut",
  "debug",
  "print",
  "isa",
  "forall",
  "if",
  "and",
  "or",
  "not",
  "matches",
  "type",
  "mod",
  "rem",
] as const;

/** A keyword token kind. */
export type Keyword = (typeof KEYWORDS)[number];

/** Punctuation token kinds (longest match: `:=` `==` `!=` `<=` `>=` `?=`). */
export type Punctuation =
  | ":"
  | ":="
  | "="
  | "=="
  | "<"
  | "<="
  | ">"
  | ">="
  | "!"
  | "!="
  | "?="
  | "|"
  | ","
  | ";"
  | "."
  | "("
  | ")"
  | "["
  | "]"
  | "{"
  | "}"
  | "+"
  | "-"
  | "*"
  | "/";

/**
 * What a token is. `invalid` stands in for text the lexer rejected (the error is reported
 * separately), so the parser can skip it and keep going; `eof` ends every token list.
 */
export type TokenKind =
  | "integer"
  | "float"
  | "string"
  | "boolean"
  | "symbol"
  | Keyword
  | Punctuation
  | "invalid"
  | "eof";

/**
 * A token. `value` is the decoded literal (string contents, number, boolean) or the
 * symbol's name. The span is built on demand: most tokens never need one, and a policy
 * has hundreds of thousands of tokens.
 */
export class Token {
  readonly kind: TokenKind;
  readonly value: string | number | bigint | boolean | null;
  readonly source: Source;
  readonly start: number;
  readonly end: number;

  constructor(
    kind: TokenKind,
    value: string | number | bigint | boolean | null,
    source: Source,
    start: number,
    end: number,
  ) {
    this.kind = kind;
    this.value = value;
    this.source = source;
    this.start = start;
    this.end = end;
  }

  /** Where the token is (a fresh object on each call). */
  get span(): Span {
    return { source: this.source, start: this.start, end: this.end };
  }
}

/** Keywords that may still be used as dict keys, keyword-argument names and after `.` (spec §2.5). */
export const FIELD_KEYWORDS: ReadonlySet<string> = new Set([
  "type",
  "cut",
  "debug",
  "print",
  "in",
  "forall",
  "if",
  "and",
  "or",
  "not",
  "new",
  "matches",
]);

/** True for a token that may name a field: a symbol or a {@link FIELD_KEYWORDS} keyword. */
export function isFieldName(token: Token): boolean {
  return token.kind === "symbol" || FIELD_KEYWORDS.has(token.kind);
}

/** The name a field-name token stands for (a keyword names itself). */
export function fieldName(token: Token): string {
  return token.kind === "symbol" ? (token.value as string) : token.kind;
}

/** Keywords that, when met where they are not expected, are reported as `reserved_word` (spec §2.6). */
export const RESERVED_WORDS: ReadonlySet<string> = new Set(["debug", "cut", "in", "new"]);

/** The source text of a token. */
export function tokenText(token: Token): string {
  return token.source.text.slice(token.start, token.end);
}

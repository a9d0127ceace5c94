/**
 * The cursor and error bookkeeping shared by the line parser and the term parser.
 * @module
 */
import type { ErrorCode } from "../errors.js";
import type { Source, Span } from "../source.js";
import { ErrorList } from "./error-list.js";
import { Lexer } from "./lexer.js";
import { RESERVED_WORDS, type Token, type TokenKind, tokenText } from "./tokens.js";

/** How deeply brackets and parentheses may nest before the parser gives up (keeps recursion bounded). */
export const MAX_NESTING = 256;
/** How tall a term may grow (left-associative chains such as `1 + 1 + ...` grow without recursion). */
export const MAX_TERM_HEIGHT = 1000;

/** Thrown (and always caught inside the parser) to abandon the current line after an error was recorded. */
export const ABORT: unique symbol = Symbol("abort");

/** A token cursor over a pull lexer, with lookahead, that records errors. */
export class ParserState {
  readonly source: Source;
  readonly lexer: Lexer;
  /** Lexical and syntax errors, in the order they were found. */
  readonly errors = new ErrorList();
  /** Lookahead: tokens pulled from the lexer but not consumed yet. */
  private readonly ahead: Token[] = [];
  /** How many tokens have been consumed (to tell whether error recovery made progress). */
  consumed = 0;
  /** `{` minus `}` consumed so far (error recovery uses differences of it). */
  braceDepth = 0;
  /** End offset of the last consumed token. */
  prevEnd = 0;
  /** Current recursion depth of the term parser. */
  nesting = 0;
  /** Height of the term most recently returned by a term-parsing function. */
  height = 0;

  constructor(source: Source) {
    this.source = source;
    this.lexer = new Lexer(source, this.errors);
  }

  peek(offset = 0): Token {
    const ahead = this.ahead;
    // INVARIANT: the lexer returns eof forever at the end, so lookahead never runs dry
    while (ahead.length <= offset) ahead.push(this.lexer.next());
    return ahead[offset]!;
  }

  at(kind: TokenKind): boolean {
    return this.peek().kind === kind;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== "eof") {
      this.ahead.shift();
      this.consumed++;
      if (token.kind === "{") this.braceDepth++;
      else if (token.kind === "}") this.braceDepth--;
    }
    this.prevEnd = token.end;
    return token;
  }

  eat(kind: TokenKind): Token | null {
    return this.peek().kind === kind ? this.next() : null;
  }

  /** Consume a token of `kind`, or report what was found instead and abandon the line. */
  expect(kind: TokenKind, expected: string): Token {
    const token = this.peek();
    if (token.kind !== kind) this.unexpected(token, expected);
    return this.next();
  }

  /** The span from `start` to the end of the last consumed token. */
  spanFrom(start: number): Span {
    return { source: this.source, start, end: Math.max(start, this.prevEnd) };
  }

  /** Record an error that does not stop the line from being parsed. */
  report(code: ErrorCode, summary: string, span: Span, hint?: string): void {
    this.errors.report(code, summary, span, hint);
  }

  /**
   * Record an error at `token` and abandon the line. `summary` is Oso's text (the message
   * starts with it, up to the position); anything more goes in `hint`, after the position.
   */
  fail(code: ErrorCode, summary: string, token: Token, hint?: string): never {
    this.report(code, summary, token.span, hint);
    throw ABORT;
  }

  /**
   * Report `token` as unexpected (`expected` says what would have been fine) and abandon the
   * line. Invalid tokens were already reported by the lexer, so they only abandon the line.
   */
  unexpected(token: Token, expected: string): never {
    if (token.kind === "invalid") throw ABORT;
    const expectedHint = `Expected ${expected}.`;
    if (token.kind === "eof") {
      // Oso's text for every unexpected end, word for word
      const summary = "hit the end of the file unexpectedly. Did you forget a semi-colon";
      this.fail("unrecognized_eof", summary, token, expected.includes("';'") ? undefined : expectedHint);
    }
    const text = tokenText(token);
    if (RESERVED_WORDS.has(token.kind)) {
      this.fail(
        "reserved_word",
        `${text} is a reserved Polar word and cannot be used here`,
        token,
        expectedHint,
      );
    }
    const hint =
      token.kind === "isa" ? `${expectedHint} Use \`matches\` to test membership in a class.` : expectedHint;
    if (expected.includes("';'") && this.onLaterLine(token)) {
      // a forgotten `;`: the mistake is at the end of the line that lacks it, not at the
      // start of the next rule
      this.report(
        "unrecognized_token",
        `did not expect to find the token '${text}' on the next line`,
        { source: this.source, start: this.prevEnd, end: this.prevEnd },
        `${expectedHint} Did you forget a semi-colon?`,
      );
      throw ABORT;
    }
    this.fail("unrecognized_token", `did not expect to find the token '${text}'`, token, hint);
  }

  /** Whether a line break separates `token` from the last consumed token. */
  private onLaterLine(token: Token): boolean {
    if (this.consumed === 0) return false;
    const between = this.source.text.slice(this.prevEnd, token.start);
    return between.includes("\n") || between.includes("\r");
  }

  /** Enter one level of term recursion; fails cleanly instead of overflowing the JS stack. */
  enter(): void {
    if (++this.nesting > MAX_NESTING) {
      this.fail(
        "unrecognized_token",
        `did not expect to find the token '${tokenText(this.peek())}'`,
        this.peek(),
        `Terms nested more than ${MAX_NESTING} levels deep are not supported.`,
      );
    }
  }

  leave(): void {
    this.nesting--;
  }
}

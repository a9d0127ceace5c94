/**
 * The Polar parser (spec §2): policies (rules, rule types, inline queries, actor and
 * resource blocks) and query terms.
 *
 * `parsePolicy` never throws: after an error it skips to the end of the line (the next
 * `;`, or past a block's `}`) and goes on, so independent errors are reported together.
 * @module
 */
import type { PolarError } from "../errors.js";
import type { Source, Span } from "../source.js";
import type {
  BlockItem,
  DictDeclaration,
  Line,
  ListDeclaration,
  Operation,
  Parameter,
  Policy,
  ResourceBlock,
  Rule,
  RuleType,
  ShorthandRule,
  StringLit,
  Term,
  Variable,
} from "./ast.js";
import { sortErrors } from "./error-list.js";
import { Level } from "./operators.js";
import { parseExpr, parsePatternTop } from "./parse-terms.js";
import { ABORT, ParserState } from "./parser-state.js";
import { stringLit, variable } from "./token-nodes.js";
import { fieldName, isFieldName, type Token, tokenText } from "./tokens.js";
import { expectValue } from "./value-kinds.js";

/**
 * A parsed policy with the errors found (the first 100 and, past that, one "too many
 * errors" diagnostic); `policy` holds the lines that parsed cleanly.
 */
export interface ParseResult {
  readonly policy: Policy;
  readonly errors: PolarError[];
}

/**
 * Parse a policy. Never throws: errors are returned in source order, and the policy
 * contains every line that parsed without error.
 */
export function parsePolicy(source: Source): ParseResult {
  const st = new ParserState(source);
  const lines: Line[] = [];
  while (!st.at("eof")) {
    const lineStart = st.consumed;
    const errorCount = st.errors.count;
    st.nesting = 0;
    try {
      const line = parseLine(st);
      if (st.errors.count === errorCount) lines.push(line);
    } catch (e) {
      rethrowUnlessAbort(st, e);
      recoverLine(st, lineStart);
    }
  }
  return { policy: { lines }, errors: sortErrors(st.errors.finish()) };
}

/**
 * Parse a query term, as `oso.query("...")` receives it (no trailing `;`).
 * @throws {PolarError} the first error in the text.
 */
export function parseTerm(source: Source): Term {
  const st = new ParserState(source);
  let term: Term | undefined;
  try {
    if (st.at("eof")) {
      const summary = "hit the end of the file unexpectedly. Did you forget a semi-colon";
      st.fail("unrecognized_eof", summary, st.peek(), "The query is empty; expected a term.");
    }
    term = parseExpr(st, Level.or, "term");
    if (!st.at("eof")) {
      const extra = st.peek();
      if (extra.kind !== "invalid") {
        const hint = extra.kind === ";" ? "A query is a single term, without a trailing ';'." : undefined;
        st.fail("unrecognized_token", `did not expect to find the token '${tokenText(extra)}'`, extra, hint);
      }
    }
  } catch (e) {
    rethrowUnlessAbort(st, e);
  }
  const errors = sortErrors(st.errors.finish());
  if (errors[0]) throw errors[0];
  // INVARIANT: without errors the term was parsed
  return term!;
}

/** Internal aborts are expected; a JS stack overflow becomes a parse error; anything else is a bug. */
function rethrowUnlessAbort(st: ParserState, e: unknown): void {
  if (e === ABORT) return;
  // only the stack overflow: any other RangeError (a bad array length, ...) is a bug to surface
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    st.report("unrecognized_token", "this text is nested too deeply to be parsed", st.peek().span);
    return;
  }
  throw e;
}

function parseLine(st: ParserState): Line {
  const token = st.peek();
  switch (token.kind) {
    case "type":
      return parseRuleType(st);
    case "?=": {
      st.next();
      const term = parseExpr(st, Level.or, "term");
      st.expect(";", "';' at the end of the inline query");
      return { kind: "query", term, span: st.spanFrom(token.start) };
    }
    case "symbol": {
      const next = st.peek(1).kind;
      if (next === "(") return parseRule(st);
      if (next === "{" || (next === "symbol" && st.peek(2).kind === "{")) return parseBlock(st);
      if (next === "symbol") return st.unexpected(st.peek(2), "'{' to open the block");
      return st.unexpected(st.peek(1), `'(' after the rule name ${String(token.value)}`);
    }
    default:
      return st.unexpected(token, "a rule, a rule type (type ...), an inline query (?= ...) or a block");
  }
}

function parseHead(st: ParserState): { name: string; params: Parameter[]; span: Span } {
  const name = st.peek();
  if (name.kind !== "symbol") st.unexpected(name, "a rule name");
  st.next();
  st.expect("(", `'(' after the rule name ${String(name.value)}`);
  const params: Parameter[] = [];
  if (!st.eat(")")) {
    for (;;) {
      params.push(parseParameter(st));
      if (st.eat(",")) {
        if (st.at(")"))
          st.unexpected(st.peek(), "a parameter (trailing commas are not allowed in rule heads)");
        continue;
      }
      st.expect(")", "',' or ')'");
      break;
    }
  }
  return { name: name.value as string, params, span: st.spanFrom(name.start) };
}

/** `x`, `"read"`, `x: Foo`, `x: Foo{a: 1}`, `_: {a: 1}`, `x: [1, *r]`, `x: 1`. */
function parseParameter(st: ParserState): Parameter {
  const token = st.peek();
  if (token.kind === "symbol" && st.peek(1).kind === ":") {
    st.next();
    st.next();
    const parameter = variable(token);
    const specializer = parsePatternTop(st);
    return { parameter, specializer, span: st.spanFrom(token.start) };
  }
  const parameter = parseExpr(st, Level.add, "term");
  expectValue(st, parameter);
  return { parameter, specializer: null, span: st.spanFrom(token.start) };
}

function parseRule(st: ParserState): Rule {
  const head = parseHead(st);
  const next = st.peek();
  if (next.kind === ";") {
    st.next();
    // a fact: its body is an empty `and`, placed (zero-width) at the `;`
    const body: Operation = { kind: "op", op: "and", args: [], span: { ...next.span, end: next.start } };
    return {
      kind: "rule",
      name: head.name,
      params: head.params,
      body,
      headSpan: head.span,
      span: st.spanFrom(head.span.start),
    };
  }
  if (next.kind !== "if") st.unexpected(next, "'if' or ';' after the rule head");
  st.next();
  const term = parseExpr(st, Level.or, "term");
  st.expect(";", "';' at the end of the rule");
  let body: Operation;
  if (term.kind === "op" && term.op === "and") {
    // parentheses around a whole body mean nothing
    body = term.parenthesized ? { kind: "op", op: "and", args: term.args, span: term.span } : term;
  } else {
    body = { kind: "op", op: "and", args: [term], span: term.span };
  }
  return {
    kind: "rule",
    name: head.name,
    params: head.params,
    body,
    headSpan: head.span,
    span: st.spanFrom(head.span.start),
  };
}

function parseRuleType(st: ParserState): RuleType {
  const start = st.next().start;
  const head = parseHead(st);
  if (st.at("if")) st.unexpected(st.peek(), "';' (a rule type has no body)");
  st.expect(";", "';' at the end of the rule type");
  return {
    kind: "rule-type",
    name: head.name,
    params: head.params,
    headSpan: head.span,
    span: st.spanFrom(start),
  };
}

/** `[keyword] Name { items }` (spec §2.7); items recover one by one. */
function parseBlock(st: ParserState): ResourceBlock {
  const first = st.next();
  let keyword: Variable | null = null;
  let resourceToken = first;
  if (st.at("symbol")) {
    keyword = variable(first);
    resourceToken = st.next();
  }
  const resource = variable(resourceToken);
  st.expect("{", "'{'");
  const items: BlockItem[] = [];
  while (!st.at("}")) {
    if (st.at("eof")) st.unexpected(st.peek(), "'}' to close the block");
    const itemDepth = st.braceDepth;
    try {
      items.push(parseBlockItem(st));
    } catch (e) {
      rethrowUnlessAbort(st, e);
      recoverItem(st, itemDepth);
    }
  }
  st.next();
  return { kind: "block", keyword, resource, items, span: st.spanFrom(first.start) };
}

function parseBlockItem(st: ParserState): BlockItem {
  const token = st.peek();
  if (token.kind === "symbol" && st.peek(1).kind === "=") {
    st.next();
    st.next();
    const name = token.value as string;
    const value = st.peek();
    if (value.kind === "[") {
      const items = parseStringList(st);
      st.expect(";", "';' after the declaration");
      const decl: ListDeclaration = {
        kind: "list-declaration",
        name,
        nameSpan: token.span,
        items,
        span: st.spanFrom(token.start),
      };
      return decl;
    }
    if (value.kind === "{") {
      const entries = parseRelations(st);
      st.expect(";", "';' after the declaration");
      const decl: DictDeclaration = {
        kind: "dict-declaration",
        name,
        nameSpan: token.span,
        entries,
        span: st.spanFrom(token.start),
      };
      return decl;
    }
    return st.unexpected(value, `'[' or '{' after ${name} =`);
  }
  if (token.kind === "string" && st.peek(1).kind === "if") {
    const head = stringLit(st.next());
    st.next();
    const implierToken = st.peek();
    if (implierToken.kind !== "string")
      st.unexpected(implierToken, "a quoted role, permission or relation name after 'if'");
    const implier = stringLit(st.next());
    let relation: ShorthandRule["relation"] = null;
    if (st.at("symbol")) {
      const kw = st.next();
      const nameToken = st.peek();
      if (nameToken.kind !== "string")
        st.unexpected(nameToken, `a quoted relation name after ${String(kw.value)}`);
      relation = { keyword: variable(kw), name: stringLit(st.next()) };
    }
    st.expect(
      ";",
      relation ? "';' after the shorthand rule" : "';' or on \"relation\" after the shorthand rule",
    );
    return { kind: "shorthand", head, implier, relation, span: st.spanFrom(token.start) };
  }
  return st.unexpected(
    token,
    'a declaration (roles = [...];, permissions = [...];, relations = {...};), a shorthand rule ("read" if "reader";) or \'}\'',
  );
}

function parseStringList(st: ParserState): StringLit[] {
  st.next();
  const items: StringLit[] = [];
  while (!st.at("]")) {
    const token = st.peek();
    if (token.kind !== "string") st.unexpected(token, "a quoted name or ']'");
    items.push(stringLit(st.next()));
    if (!st.eat(",")) break;
  }
  st.expect("]", "',' or ']'");
  return items;
}

function parseRelations(st: ParserState): DictDeclaration["entries"] {
  st.next();
  const entries: { name: string; type: Variable; span: Span }[] = [];
  while (!st.at("}")) {
    const key = st.peek();
    if (!isFieldName(key)) st.unexpected(key, "a relation name (name: Type) or '}'");
    st.next();
    const name = fieldName(key);
    let typeToken = key;
    if (st.eat(":")) {
      typeToken = st.peek();
      if (typeToken.kind !== "symbol") st.unexpected(typeToken, "a class name");
      st.next();
    } else if (key.kind !== "symbol") {
      st.unexpected(st.peek(), "':' after the relation name");
    }
    if (entries.some((e) => e.name === name)) st.report("duplicate_key", `Duplicate key: ${name}`, key.span);
    entries.push({ name, type: variable(typeToken), span: st.spanFrom(key.start) });
    if (!st.eat(",")) break;
  }
  st.expect("}", "',' or '}'");
  return entries;
}

function isBlockItemStart(a: Token, b: Token): boolean {
  return (a.kind === "symbol" && b.kind === "=") || (a.kind === "string" && b.kind === "if");
}

/**
 * Skip the rest of a line that failed: up to and including the next `;` (a `;` never
 * appears inside brackets, so depth does not matter), or, when the skipped text opens
 * what looks like a block body, past its closing `}`.
 */
function recoverLine(st: ParserState, lineStart: number): void {
  const first = st.peek().kind;
  if (st.consumed === lineStart && (first === ")" || first === "]" || first === "}" || first === ";")) {
    st.next();
    return;
  }
  while (!st.at("eof")) {
    const kind = st.peek().kind;
    if (kind === ";") {
      st.next();
      break;
    }
    if (kind === "{" && isBlockItemStart(st.peek(1), st.peek(2))) {
      const depth = st.braceDepth;
      st.next();
      while (!st.at("eof") && st.braceDepth > depth) st.next();
      break;
    }
    st.next();
  }
}

/**
 * Skip the rest of a failed block item: through its `;`, or up to (not including) the
 * `}` that closes the block. `itemDepth` is the brace depth where the item started, so
 * braces the item itself opened (`relations = {...`) are not mistaken for the block's.
 */
function recoverItem(st: ParserState, itemDepth: number): void {
  st.nesting = 0;
  while (!st.at("eof")) {
    const kind = st.peek().kind;
    if (kind === ";") {
      st.next();
      return;
    }
    if (kind === "}" && st.braceDepth === itemDepth) return;
    st.next();
  }
}

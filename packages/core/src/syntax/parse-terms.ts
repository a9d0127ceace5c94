/**
 * The term parser (spec §2.2–2.5): a precedence-climbing parser over the levels of §2.3,
 * with Oso's value/logical classification checked as terms are built.
 *
 * Patterns (specializers, the right of `matches`) use the same machinery in "pattern"
 * mode, where primaries are patterns: a name followed by `{` is an instance pattern and a
 * `{` opens a dict pattern; calls, `new` and the built-ins are not allowed.
 * @module
 */
import type { Span } from "../source.js";
import type {
  CallTerm,
  DictPattern,
  DictTerm,
  Field,
  InstancePattern,
  ListTerm,
  NumberLit,
  Operation,
  Operator,
  Term,
  Variable,
} from "./ast.js";
import { BINARY, Level } from "./operators.js";
import { MAX_TERM_HEIGHT, type ParserState } from "./parser-state.js";
import { stringLit, variable } from "./token-nodes.js";
import { fieldName, isFieldName, type Token } from "./tokens.js";
import { expectLogical, expectValue } from "./value-kinds.js";

/** Whether primaries are terms or patterns. */
export type Mode = "term" | "pattern";

function op(o: Operator, args: Term[], span: Span): Operation {
  return { kind: "op", op: o, args, span };
}

/** Height bookkeeping for a node built over children of height `h`. */
function grow(st: ParserState, h: number, at: Token): void {
  st.height = h + 1;
  if (st.height > MAX_TERM_HEIGHT) {
    st.fail("unrecognized_token", `this term is too deeply nested (more than ${MAX_TERM_HEIGHT} levels)`, at);
  }
}

/**
 * Parse a term whose operators all bind at least as tightly as `minLevel`
 * (1 = any term, 6 = a parameter, ...).
 */
export function parseExpr(st: ParserState, minLevel: number, mode: Mode): Term {
  st.enter();
  const start = st.peek().start;
  let left = parsePrefix(st, minLevel, mode);
  let h = st.height;
  let lastOp: Operator | null = null;
  for (;;) {
    const token = st.peek();
    const kind = token.kind;
    if (kind === "or" || kind === "and") {
      const level = kind === "or" ? Level.or : Level.and;
      if (level < minLevel) break;
      expectLogical(st, left);
      const args = [left];
      while (st.eat(kind)) {
        const arg = parseExpr(st, level + 1, mode);
        h = Math.max(h, st.height);
        expectLogical(st, arg);
        args.push(arg);
      }
      left = op(kind, args, st.spanFrom(start));
      grow(st, h, token);
      h = st.height;
      continue;
    }
    const binary = BINARY.get(kind);
    if (binary === undefined || binary.level < minLevel) break;
    if (binary.op === "dot" && lastOp === "isa") {
      // the pattern after `matches` takes no lookups: `x matches y.z` is not `(x matches y).z`
      st.unexpected(token, "the end of the term (a pattern after `matches` cannot have a lookup)");
    }
    if (binary.op === "assign" && left.kind !== "variable") {
      st.fail(
        "unrecognized_token",
        "did not expect to find the token ':='",
        token,
        "Only a variable can be assigned with :=.",
      );
    }
    expectValue(st, left);
    st.next();
    let right: Term;
    if (binary.op === "dot") {
      right = parseSelector(st);
    } else if (binary.op === "isa") {
      right = parsePatternTop(st);
    } else {
      // left-associative: the right operand binds strictly tighter
      right = parseExpr(st, binary.level + 1, mode);
      expectValue(st, right);
    }
    h = Math.max(h, st.height);
    left = op(binary.op, [left, right], st.spanFrom(start));
    lastOp = binary.op;
    grow(st, h, token);
    h = st.height;
  }
  st.height = h;
  st.leave();
  return left;
}

/** `not t` (where allowed) or a primary. */
function parsePrefix(st: ParserState, minLevel: number, mode: Mode): Term {
  const token = st.peek();
  if (token.kind !== "not") return mode === "term" ? parsePrimary(st) : parsePatternPrimary(st, true);
  if (minLevel > Level.not) {
    st.unexpected(token, "a value (put `not ...` in parentheses to use it inside another operation)");
  }
  st.next();
  const operand = parseExpr(st, Level.unify, mode);
  expectLogical(st, operand);
  const h = st.height;
  const t = op("not", [operand], st.spanFrom(token.start));
  grow(st, h, token);
  return t;
}

/** A number literal, with the optional sign written before it. */
function parseNumber(st: ParserState): NumberLit {
  const first = st.next();
  let sign = 1;
  let token = first;
  if (first.kind === "-" || first.kind === "+") {
    sign = first.kind === "-" ? -1 : 1;
    token = st.peek();
    if (token.kind !== "integer" && token.kind !== "float") {
      st.unexpected(token, `a number after '${first.kind}' (a sign can only precede a number literal)`);
    }
    st.next();
  }
  let value = token.value as number | bigint;
  if (sign < 0) {
    if (typeof value === "bigint") {
      value = -value;
      if (value >= BigInt(Number.MIN_SAFE_INTEGER)) value = Number(value);
    } else {
      value = token.kind === "integer" && value === 0 ? 0 : -value;
    }
  }
  st.height = 1;
  return { kind: "number", value, isFloat: token.kind === "float", span: st.spanFrom(first.start) };
}

function leaf<T extends Term>(st: ParserState, t: T): T {
  st.height = 1;
  return t;
}

/** A string or boolean literal (the current token). */
function parseLiteral(st: ParserState): Term {
  const token = st.next();
  return token.kind === "string"
    ? leaf(st, stringLit(token))
    : leaf(st, { kind: "boolean", value: token.value as boolean, span: token.span });
}

/** A primary term (spec §2.4). */
function parsePrimary(st: ParserState): Term {
  const token = st.peek();
  switch (token.kind) {
    case "integer":
    case "float":
    case "-":
    case "+":
      return parseNumber(st);
    case "string":
    case "boolean":
      return parseLiteral(st);
    case "symbol": {
      st.next();
      const after = st.peek();
      if (after.kind === "(") return parseCall(st, token);
      if (after.kind === "{") {
        st.unexpected(
          after,
          "an operator or the end of the term (instance patterns like Foo{...} are only allowed after ':' in a parameter or after `matches`)",
        );
      }
      return leaf(st, variable(token));
    }
    case "new": {
      st.next();
      const name = st.peek();
      if (name.kind !== "symbol") st.unexpected(name, "a class name after `new`");
      st.next();
      if (!st.at("(")) st.unexpected(st.peek(), "'(' after the class name (constructor arguments)");
      const call = parseCall(st, name);
      const h = st.height;
      const t = op("new", [call], st.spanFrom(token.start));
      grow(st, h, token);
      return t;
    }
    case "[":
      return parseList(st, "term");
    case "{":
      return parseDict(st, "term", null);
    case "(":
      return parseParenthesized(st, "term");
    case "cut":
      st.next();
      return leaf(st, op("cut", [], token.span));
    case "print":
    case "debug":
      return parseBuiltinCall(st, token);
    case "forall": {
      st.next();
      st.expect("(", "'(' after forall");
      const cond = parseExpr(st, Level.or, "term");
      let h = st.height;
      expectLogical(st, cond);
      st.expect(",", "',' between the condition and the action of forall");
      const action = parseExpr(st, Level.or, "term");
      h = Math.max(h, st.height);
      expectLogical(st, action);
      st.expect(")", "')' to close forall");
      const t = op("forall", [cond, action], st.spanFrom(token.start));
      grow(st, h, token);
      return t;
    }
    case "*":
      return st.unexpected(token, "a term (a rest variable *name can only end a list)");
    default:
      return st.unexpected(token, "a term");
  }
}

/** `print(a, b,)` / `debug()`: value arguments, trailing comma tolerated. */
function parseBuiltinCall(st: ParserState, token: Token): Operation {
  st.next();
  st.expect("(", `'(' after ${token.kind}`);
  const args: Term[] = [];
  let h = 0;
  while (!st.at(")")) {
    const arg = parseExpr(st, Level.or, "term");
    h = Math.max(h, st.height);
    expectValue(st, arg);
    args.push(arg);
    if (!st.eat(",")) break;
  }
  st.expect(")", "',' or ')'");
  const t = op(token.kind as "print" | "debug", args, st.spanFrom(token.start));
  grow(st, h, token);
  return t;
}

/** `( term )`; an `and`/`or` written in parentheses is marked so. */
function parseParenthesized(st: ParserState, mode: Mode): Term {
  st.next();
  const inner = parseExpr(st, Level.or, mode);
  st.expect(")", "')' or an operator");
  if (inner.kind === "op" && (inner.op === "and" || inner.op === "or") && !inner.parenthesized) {
    return { ...inner, parenthesized: true };
  }
  return inner;
}

/** `name(args)` with the name already consumed and `(` next. */
export function parseCall(st: ParserState, name: Token): CallTerm {
  st.next();
  const args: Term[] = [];
  let kwargs: Field[] | null = null;
  let h = 0;
  if (!st.eat(")")) {
    for (;;) {
      const token = st.peek();
      if (isFieldName(token) && st.peek(1).kind === ":") {
        kwargs ??= [];
        const key = st.next();
        st.next();
        const value = parseExpr(st, Level.or, "term");
        h = Math.max(h, st.height);
        expectValue(st, value);
        addField(st, kwargs, { key: fieldName(key), keySpan: key.span, value });
      } else {
        if (kwargs !== null)
          st.unexpected(token, "a keyword argument (name: value): positional arguments come first");
        const arg = parseExpr(st, Level.or, "term");
        h = Math.max(h, st.height);
        expectValue(st, arg);
        args.push(arg);
      }
      if (st.eat(",")) {
        // Oso tolerates a trailing comma after keyword arguments, but not after positional ones
        if (kwargs !== null && st.eat(")")) break;
        if (st.at(")")) st.unexpected(st.peek(), "an argument (trailing commas are not allowed in calls)");
        continue;
      }
      st.expect(")", "',' or ')'");
      break;
    }
  }
  const call: CallTerm = {
    kind: "call",
    name: fieldName(name),
    args,
    kwargs,
    span: st.spanFrom(name.start),
  };
  grow(st, h, name);
  return call;
}

/** The part after `.`: a field name, a method call, `(variable)` or `("key")`. */
function parseSelector(st: ParserState): Term {
  const token = st.peek();
  if (isFieldName(token)) {
    st.next();
    if (st.at("(")) return parseCall(st, token);
    return leaf(st, { kind: "string", value: fieldName(token), span: token.span });
  }
  if (token.kind === "(") {
    st.next();
    const key = st.peek();
    let t: Term;
    if (key.kind === "symbol") t = variable(key);
    else if (key.kind === "string") t = stringLit(key);
    else return st.unexpected(key, "a variable or a string inside .( )");
    st.next();
    st.expect(")", "')'");
    return leaf(st, t);
  }
  return st.unexpected(token, "a field or method name after '.'");
}

function addField(st: ParserState, fields: Field[], field: Field): void {
  if (fields.some((f) => f.key === field.key))
    st.report("duplicate_key", `Duplicate key: ${field.key}`, field.keySpan);
  fields.push(field);
}

/** `[a, b, *rest]` (items are level-6 values; trailing comma allowed; the rest variable is last). */
function parseList(st: ParserState, mode: Mode): ListTerm {
  const open = st.next();
  const items: Term[] = [];
  let rest: Variable | null = null;
  let h = 0;
  while (!st.at("]")) {
    if (st.eat("*")) {
      const name = st.peek();
      if (name.kind !== "symbol") st.unexpected(name, "a variable name after '*'");
      st.next();
      rest = variable(name);
      if (!st.at("]"))
        st.unexpected(st.peek(), "']' (the rest variable *name must be the last item of a list)");
      break;
    }
    const item = parseExpr(st, Level.add, mode);
    h = Math.max(h, st.height);
    expectValue(st, item);
    items.push(item);
    if (!st.eat(",")) break;
  }
  st.expect("]", "',' or ']'");
  const t: ListTerm = { kind: "list", items, rest, span: st.spanFrom(open.start) };
  grow(st, h, open);
  return t;
}

/**
 * `{k: v, ...}`: a dict literal in term mode (values up to level 5), a dict pattern or, with
 * a tag, an instance pattern in pattern mode (values up to level 9: only `.` lookups
 * unless parenthesised).
 */
function parseDict(st: ParserState, mode: Mode, tag: Token | null): DictTerm | DictPattern | InstancePattern {
  const open = st.next();
  const fields: Field[] = [];
  let h = 0;
  const valueLevel = mode === "term" ? Level.compare : Level.dot;
  while (!st.at("}")) {
    const token = st.peek();
    if (isFieldName(token) && st.peek(1).kind === ":") {
      const key = st.next();
      st.next();
      const value = parseExpr(st, valueLevel, mode);
      h = Math.max(h, st.height);
      expectValue(st, value);
      addField(st, fields, { key: fieldName(key), keySpan: key.span, value });
    } else if (token.kind === "symbol") {
      // `{x}` is shorthand for `{x: x}`
      st.next();
      h = Math.max(h, 1);
      addField(st, fields, { key: token.value as string, keySpan: token.span, value: variable(token) });
    } else if (token.kind === "string" && st.peek(1).kind === ":") {
      st.unexpected(token, 'a key: dict keys are names, not strings (write {a: 1}, not {"a": 1})');
    } else if (isFieldName(token)) {
      st.unexpected(st.peek(1), "':' after the key");
    } else {
      st.unexpected(token, "a key (name: value) or '}'");
    }
    if (!st.eat(",")) {
      if (!st.at("}")) {
        const hint = mode === "pattern" ? " (operators in a pattern's field values need parentheses)" : "";
        st.unexpected(st.peek(), `',' or '}'${hint}`);
      }
      break;
    }
  }
  st.expect("}", "',' or '}'");
  const start = tag ? tag.start : open.start;
  const span = st.spanFrom(start);
  let t: DictTerm | DictPattern | InstancePattern;
  if (tag) t = { kind: "instance-pattern", tag: tag.value as string, fields, tagSpan: tag.span, span };
  else t = mode === "term" ? { kind: "dict", fields, span } : { kind: "dict-pattern", fields, span };
  grow(st, h, open);
  return t;
}

/** A primary in pattern mode; `allowParens` is false at the top of a specializer. */
function parsePatternPrimary(st: ParserState, allowParens: boolean): Term {
  const token = st.peek();
  switch (token.kind) {
    case "integer":
    case "float":
    case "-":
    case "+":
      return parseNumber(st);
    case "string":
    case "boolean":
      return parseLiteral(st);
    case "symbol":
      st.next();
      if (st.at("{")) return parseDict(st, "pattern", token);
      return leaf(st, variable(token));
    case "{":
      return parseDict(st, "pattern", null);
    case "[":
      return parseList(st, "pattern");
    case "(":
      if (allowParens) return parseParenthesized(st, "pattern");
      return st.unexpected(token, "a pattern (parenthesised specializers are not supported)");
    default:
      return st.unexpected(token, "a pattern: a class name, Foo{...}, {...}, [...] or a literal");
  }
}

/**
 * A specializer or the right side of `matches`: a pattern without operators, where a bare
 * name is a class name (an instance pattern with no fields).
 */
export function parsePatternTop(st: ParserState): Term {
  st.enter();
  const t = parsePatternPrimary(st, false);
  st.leave();
  if (t.kind !== "variable") return t;
  return { kind: "instance-pattern", tag: t.name, fields: [], tagSpan: t.span, span: t.span };
}

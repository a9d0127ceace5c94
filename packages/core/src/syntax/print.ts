/**
 * The pretty-printer (spec §2.8a): Polar text for terms, rules and policies.
 *
 * Unlike Oso, strings are re-escaped, so that parsing printed text gives back the same
 * tree (modulo spans and the order of dict keys, which are printed sorted).
 * @module
 */
import type {
  BlockItem,
  Field,
  Line,
  Operation,
  Parameter,
  Policy,
  ResourceBlock,
  Rule,
  RuleType,
  Term,
} from "./ast.js";
import { isSymbolName } from "./lexer.js";
import { BINARY, Level } from "./operators.js";
import { FIELD_KEYWORDS } from "./tokens.js";

/** The infix operators by operation, with the token that writes them (the parser's table, reversed). */
const INFIX = new Map<Operation["op"], { readonly text: string; readonly level: number }>(
  [...BINARY].map(([token, { level, op }]) => [op, { text: token, level }]),
);

/** Primaries (literals, variables, calls, ...) bind tighter than any operator. */
const PRIMARY = Level.dot + 1;

/** The precedence level of a term. */
function levelOf(t: Term): number {
  if (t.kind !== "op") return PRIMARY;
  switch (t.op) {
    case "or":
      return Level.or;
    case "and":
      return Level.and;
    case "not":
      return Level.not;
    default:
      return INFIX.get(t.op)?.level ?? PRIMARY;
  }
}

/** Print `t` where the context needs a term of at least level `min`. */
function printAt(t: Term, min: number): string {
  const text = printBare(t);
  const parens = levelOf(t) < min || (t.kind === "op" && t.parenthesized === true);
  return parens ? `(${text})` : text;
}

/** Polar text for a term (an `and`/`or` written in parentheses keeps them). */
export function printTerm(t: Term): string {
  return printAt(t, 0);
}

/** A term without the parentheses its own `parenthesized` flag asks for. */
function printBare(t: Term): string {
  switch (t.kind) {
    case "number":
      return printNumber(t.value, t.isFloat);
    case "string":
      return printString(t.value);
    case "boolean":
      return t.value ? "true" : "false";
    case "variable":
      return t.name;
    case "list": {
      const items = t.items.map((i) => printAt(i, Level.add));
      if (t.rest) items.push(`*${t.rest.name}`);
      return `[${items.join(", ")}]`;
    }
    case "dict":
      return printFields(t.fields, Level.compare);
    case "dict-pattern":
      return printFields(t.fields, Level.dot);
    case "instance-pattern":
      return `${t.tag}${printFields(t.fields, Level.dot)}`;
    case "call": {
      const args = t.args.map((a) => printTerm(a));
      for (const kw of t.kwargs ?? []) args.push(`${kw.key}: ${printTerm(kw.value)}`);
      return `${t.name}(${args.join(", ")})`;
    }
    case "op":
      return printOperation(t);
  }
}

function printOperation(t: Operation): string {
  const args = t.args;
  const [a, b] = args;
  switch (t.op) {
    case "and":
      return args.length === 0 ? "(true)" : args.map((x) => printAt(x, Level.not)).join(" and ");
    case "or":
      return args.length === 0 ? "(false)" : args.map((x) => printAt(x, Level.and)).join(" or ");
    case "not":
      if (a && args.length === 1) return `not ${printAt(a, Level.unify)}`;
      break;
    case "cut":
      if (args.length === 0) return "cut";
      break;
    case "print":
    case "debug":
      return `${t.op}(${args.map((x) => printTerm(x)).join(", ")})`;
    case "forall":
      if (a && b && args.length === 2) return `forall(${printTerm(a)}, ${printTerm(b)})`;
      break;
    case "new":
      if (a && args.length === 1) return `new ${printTerm(a)}`;
      break;
    case "isa":
      if (a && b && args.length === 2) return `${printAt(a, Level.in)} matches ${printTerm(b)}`;
      break;
    case "dot":
      if (a && b && args.length === 2) {
        const receiver = a.kind === "number" ? `(${printTerm(a)})` : printAt(a, Level.dot);
        return `${receiver}.${printSelector(b)}`;
      }
      break;
    default: {
      const infix = INFIX.get(t.op);
      if (infix && a && b && args.length === 2) {
        return `${printAt(a, infix.level)} ${infix.text} ${printAt(b, infix.level + 1)}`;
      }
    }
  }
  // shapes the parser never builds: print them in a neutral prefix form
  return `${t.op}(${args.map((x) => printTerm(x)).join(", ")})`;
}

function printSelector(t: Term): string {
  if (t.kind === "string") return isFieldName(t.value) ? t.value : `(${printString(t.value)})`;
  if (t.kind === "call") return printTerm(t);
  return `(${printTerm(t)})`;
}

function isFieldName(name: string): boolean {
  return isSymbolName(name) || FIELD_KEYWORDS.has(name);
}

/** The order dict keys are printed in (and compared in, by `stripSpans`). */
export function byKey(a: { readonly key: string }, b: { readonly key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function printFields(fields: readonly Field[], level: number): string {
  if (fields.length === 0) return "{}";
  const sorted = [...fields].sort(byKey);
  return `{${sorted.map((f) => `${f.key}: ${printAt(f.value, level)}`).join(", ")}}`;
}

/** A number as Polar text; floats always show a `.` or an exponent so they stay floats. */
export function printNumber(value: number | bigint, isFloat: boolean): string {
  if (typeof value === "bigint") return value.toString();
  if (!isFloat) return String(value);
  if (Number.isNaN(value)) return "nan";
  if (value === Number.POSITIVE_INFINITY) return "inf";
  if (value === Number.NEGATIVE_INFINITY) return "-inf";
  if (Object.is(value, -0)) return "-0.0";
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** A string as a Polar literal, escaping what the lexer would not read back verbatim. */
export function printString(value: string): string {
  let out = '"';
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    let esc: string | null = null;
    if (c === 34) esc = '\\"';
    else if (c === 92) esc = "\\\\";
    else if (c === 10) esc = "\\n";
    else if (c === 13) esc = "\\r";
    else if (c === 9) esc = "\\t";
    else if (c === 0) esc = "\\0";
    if (esc !== null) {
      out += value.slice(from, i) + esc;
      from = i + 1;
    }
  }
  return `${out}${value.slice(from)}"`;
}

function printParameter(p: Parameter): string {
  if (p.specializer === null) return printAt(p.parameter, Level.add);
  return `${printTerm(p.parameter)}: ${printTerm(p.specializer)}`;
}

function printHead(name: string, params: readonly Parameter[]): string {
  return `${name}(${params.map(printParameter).join(", ")})`;
}

/** `head;`, `head if body;` or, for a rule type, `type head;`. */
export function printRule(r: Rule | RuleType): string {
  const head = printHead(r.name, r.params);
  if (r.kind === "rule-type") return `type ${head};`;
  const args = r.body.args;
  if (args.length === 0) return `${head};`;
  // a single condition sits directly under `if`; several are the operands of the body's `and`
  const body = args.length === 1 && args[0] ? printAt(args[0], 0) : printTerm(r.body);
  return `${head} if ${body};`;
}

function printBlockItem(item: BlockItem): string {
  if (item.kind === "list-declaration") {
    return `${item.name} = [${item.items.map((s) => printString(s.value)).join(", ")}];`;
  }
  if (item.kind === "dict-declaration") {
    return `${item.name} = {${item.entries.map((e) => `${e.name}: ${e.type.name}`).join(", ")}};`;
  }
  const on = item.relation ? ` ${item.relation.keyword.name} ${printString(item.relation.name.value)}` : "";
  return `${printString(item.head.value)} if ${printString(item.implier.value)}${on};`;
}

function printBlock(b: ResourceBlock): string {
  const header = b.keyword ? `${b.keyword.name} ${b.resource.name}` : b.resource.name;
  if (b.items.length === 0) return `${header} {}`;
  const items = b.items.map(printBlockItem);
  return `${header} {\n${items.map((i) => `  ${i}\n`).join("")}}`;
}

/** Polar text for one top-level line. */
export function printLine(l: Line): string {
  switch (l.kind) {
    case "rule":
    case "rule-type":
      return printRule(l);
    case "query":
      return `?= ${printTerm(l.term)};`;
    case "block":
      return printBlock(l);
  }
}

/** Polar text for a whole policy, one line per rule, ending with a newline. */
export function printPolicy(p: Policy): string {
  return p.lines.map((l) => `${printLine(l)}\n`).join("");
}

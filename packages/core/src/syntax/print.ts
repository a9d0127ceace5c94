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
import { FIELD_KEYWORDS } from "./tokens.js";

const INFIX: Partial<Record<Operation["op"], { readonly text: string; readonly level: number }>> = {
  unify: { text: "=", level: 4 },
  assign: { text: ":=", level: 4 },
  eq: { text: "==", level: 5 },
  neq: { text: "!=", level: 5 },
  lt: { text: "<", level: 5 },
  leq: { text: "<=", level: 5 },
  gt: { text: ">", level: 5 },
  geq: { text: ">=", level: 5 },
  add: { text: "+", level: 6 },
  sub: { text: "-", level: 6 },
  mul: { text: "*", level: 7 },
  div: { text: "/", level: 7 },
  mod: { text: "mod", level: 7 },
  rem: { text: "rem", level: 7 },
  in: { text: "in", level: 8 },
};

/** The precedence level of a term (10 for primaries). */
function levelOf(t: Term): number {
  if (t.kind !== "op") return 10;
  switch (t.op) {
    case "or":
      return 1;
    case "and":
      return 2;
    case "not":
      return 3;
    case "isa":
      return 8;
    case "dot":
      return 9;
    default:
      return INFIX[t.op]?.level ?? 10;
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
      const items = t.items.map((i) => printAt(i, 6));
      if (t.rest) items.push(`*${t.rest.name}`);
      return `[${items.join(", ")}]`;
    }
    case "dict":
      return printFields(t.fields, 5);
    case "dict-pattern":
      return printFields(t.fields, 9);
    case "instance-pattern":
      return `${t.tag}${printFields(t.fields, 9)}`;
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
      return args.length === 0 ? "(true)" : args.map((x) => printAt(x, 3)).join(" and ");
    case "or":
      return args.length === 0 ? "(false)" : args.map((x) => printAt(x, 2)).join(" or ");
    case "not":
      if (a && args.length === 1) return `not ${printAt(a, 4)}`;
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
      if (a && b && args.length === 2) return `${printAt(a, 8)} matches ${printTerm(b)}`;
      break;
    case "dot":
      if (a && b && args.length === 2) {
        const receiver = a.kind === "number" ? `(${printTerm(a)})` : printAt(a, 9);
        return `${receiver}.${printSelector(b)}`;
      }
      break;
    default: {
      const infix = INFIX[t.op];
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

function printFields(fields: readonly Field[], level: number): string {
  if (fields.length === 0) return "{}";
  const sorted = [...fields].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
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
  if (p.specializer === null) return printAt(p.parameter, 6);
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

/**
 * Span-free AST builders for tests: the expected trees of parser tests are compared
 * with `stripSpans(parsed)`.
 */
import type { Operator } from "../ast.js";

type Node = Record<string, unknown>;

export const v = (name: string): Node => ({ kind: "variable", name });
export const num = (value: number | bigint, isFloat = false): Node => ({ kind: "number", value, isFloat });
export const str = (value: string): Node => ({ kind: "string", value });
export const bool = (value: boolean): Node => ({ kind: "boolean", value });
export const list = (items: Node[], rest: string | null = null): Node => ({
  kind: "list",
  items,
  rest: rest === null ? null : v(rest),
});
const fields = (f: Record<string, Node>) => Object.entries(f).map(([key, value]) => ({ key, value }));
export const dict = (f: Record<string, Node>): Node => ({ kind: "dict", fields: fields(f) });
export const dpat = (f: Record<string, Node>): Node => ({ kind: "dict-pattern", fields: fields(f) });
export const ipat = (tag: string, f: Record<string, Node> = {}): Node => ({
  kind: "instance-pattern",
  tag,
  fields: fields(f),
});
export const call = (name: string, args: Node[] = [], kwargs: Record<string, Node> | null = null): Node => ({
  kind: "call",
  name,
  args,
  kwargs: kwargs === null ? null : fields(kwargs),
});
export const op = (o: Operator, ...args: Node[]): Node => ({ kind: "op", op: o, args });
/** An `and`/`or` written in parentheses. */
export const paren = (o: "and" | "or", ...args: Node[]): Node => ({
  kind: "op",
  op: o,
  args,
  parenthesized: true,
});
export const dot = (receiver: Node, selector: string | Node): Node =>
  op("dot", receiver, typeof selector === "string" ? str(selector) : selector);
export const param = (parameter: Node, specializer: Node | null = null): Node => ({ parameter, specializer });
export const rule = (name: string, params: Node[], ...body: Node[]): Node => ({
  kind: "rule",
  name,
  params,
  body: op("and", ...body),
});

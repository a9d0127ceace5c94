/**
 * Syntax-tree leaves made straight from one token, shared by the line and term parsers.
 * @module
 */
import type { StringLit, Variable } from "./ast.js";
import type { Token } from "./tokens.js";

/** The variable (or class name) a symbol token stands for. */
export function variable(token: Token): Variable {
  return { kind: "variable", name: token.value as string, span: token.span };
}

/** The string literal a string token stands for. */
export function stringLit(token: Token): StringLit {
  return { kind: "string", value: token.value as string, span: token.span };
}

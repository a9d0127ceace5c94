/**
 * The binary operators of Polar and their precedence levels (spec §2.3).
 * @module
 */
import type { Operator } from "./ast.js";
import type { TokenKind } from "./tokens.js";

/** The precedence levels of spec §2.3 (higher binds tighter). */
export const Level = { or: 1, and: 2, not: 3, unify: 4, compare: 5, add: 6, mul: 7, in: 8, dot: 9 } as const;

/** Infix operators by token: the level they bind at and the operation they build (all left-associative). */
export const BINARY: ReadonlyMap<TokenKind, { readonly level: number; readonly op: Operator }> = new Map<
  TokenKind,
  { level: number; op: Operator }
>([
  ["=", { level: Level.unify, op: "unify" }],
  [":=", { level: Level.unify, op: "assign" }],
  ["==", { level: Level.compare, op: "eq" }],
  ["!=", { level: Level.compare, op: "neq" }],
  ["<", { level: Level.compare, op: "lt" }],
  ["<=", { level: Level.compare, op: "leq" }],
  [">", { level: Level.compare, op: "gt" }],
  [">=", { level: Level.compare, op: "geq" }],
  ["+", { level: Level.add, op: "add" }],
  ["-", { level: Level.add, op: "sub" }],
  ["*", { level: Level.mul, op: "mul" }],
  ["/", { level: Level.mul, op: "div" }],
  ["mod", { level: Level.mul, op: "mod" }],
  ["rem", { level: Level.mul, op: "rem" }],
  ["in", { level: Level.in, op: "in" }],
  ["matches", { level: Level.in, op: "isa" }],
  [".", { level: Level.dot, op: "dot" }],
]);

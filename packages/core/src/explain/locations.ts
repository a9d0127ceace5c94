/**
 * Where rules and conditions are, in the policy's own terms.
 * @module
 */
import type { CompiledRule } from "../engine/compile.js";
import { positionOf, type Span } from "../source.js";
import type { Rule } from "../syntax/ast.js";
import type { TraceLocation } from "./types.js";

/** The source name the built-in roles' generated rules are parsed under. */
export const BUILT_IN_ROLES_FILE = "<built-in roles>";

/** The `file:line:column` of a span; null for generated text without a file. */
export function locationOf(span: Span | undefined): TraceLocation | null {
  if (span === undefined || span.source.filename === BUILT_IN_ROLES_FILE) return null;
  if (span.source.text === "") return null;
  const { line, column } = positionOf(span.source.text, span.start);
  return { file: span.source.filename ?? "<string>", line, column };
}

/** `file:line` (or `file:line:column`) for messages. */
export function formatLocation(loc: TraceLocation | null, column = false): string {
  if (loc === null) return "(generated)";
  return column ? `${loc.file}:${loc.line}:${loc.column}` : `${loc.file}:${loc.line}`;
}

/** The policy text of a span. */
export function textOf(span: Span): string {
  return span.source.text.slice(span.start, span.end);
}

/** Is this rule one a resource block generated (its span is the block's line, not a head)? */
export function isBlockRule(ast: Rule): boolean {
  return ast.headSpan === ast.span && !textOf(ast.span).startsWith(ast.name);
}

/** The resource type of a rule a resource block generated (its third parameter's class). */
export function blockTypeOf(ast: Rule): string {
  const spec = ast.params[2]?.specializer;
  return spec?.kind === "instance-pattern" ? spec.tag : "?";
}

/** Is this rule one of the built-in roles' generated rules? */
export function isBuiltInRolesRule(rule: CompiledRule): boolean {
  return rule.ast?.span.source.filename === BUILT_IN_ROLES_FILE;
}

/** The rule as the policy states it (see {@link RuleTrace.text}). */
export function ruleText(rule: CompiledRule): string {
  const ast = rule.ast;
  if (ast === null) return `${rule.name}/${rule.params.length}`;
  if (isBuiltInRolesRule(rule)) return `built-in roles: ${textOf(ast.headSpan)}`;
  if (isBlockRule(ast)) return `${textOf(ast.span).replace(/;$/, "")} (resource ${blockTypeOf(ast)})`;
  return textOf(ast.headSpan);
}

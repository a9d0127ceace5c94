/**
 * Diagnostics as the command line prints them: `file:line:column: code: message`, the
 * source line and a caret, then the hint.
 * @module
 */
import type { PolarError } from "../errors.js";
import { caretSnippet, type Position, positionOf, type Span } from "../source.js";
import type { PolarWarning } from "../warnings.js";

/** `file:line:column: `, or nothing for a diagnostic that points nowhere. */
function location(span: Span | undefined, position: Position | undefined): string {
  if (!span || !position) return "";
  return `${span.source.filename ?? "<input>"}:${position.line}:${position.column}: `;
}

/** First line after the location, further lines indented, then the source line and a caret. */
function formatDiagnostic(prefix: string, summaryText: string, span: Span | undefined, at: string): string {
  const [first, ...rest] = summaryText.split("\n");
  const more = rest.map((l) => `  ${l}\n`).join("");
  const snippet = span ? `${caretSnippet(span, "  ")}\n` : "";
  return `${at}${prefix}${first}\n${more}${snippet}`;
}

/** The line and column an error computed when it was made, if it points into a source. */
export function errorPosition(e: PolarError): Position | undefined {
  return e.line === undefined || e.column === undefined ? undefined : { line: e.line, column: e.column };
}

/**
 * An error with its location (`withLocation: false` leaves it out, for a REPL line whose
 * location is the line just typed), source line, caret and hint.
 */
export function formatError(e: PolarError, withLocation = true): string {
  const hint = e.hint ? `  hint: ${e.hint.replace(/\n/g, "\n        ")}\n` : "";
  const at = withLocation ? location(e.span, errorPosition(e)) : "";
  return formatDiagnostic(`${e.code}: `, e.summary, e.span, at) + hint;
}

export function formatWarning(w: PolarWarning): string {
  const position = w.span && positionOf(w.span.source.text, w.span.start);
  return formatDiagnostic(`warning: ${w.code}: `, w.summary, w.span, location(w.span, position));
}

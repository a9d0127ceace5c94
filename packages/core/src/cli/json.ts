/**
 * `oso-ts check --format json`: diagnostics as data, for editors and CI.
 * @module
 */
import type { Diagnostics } from "../diagnose/diagnose.js";
import { ERROR_CODES, type ErrorKind } from "../errors.js";
import { positionOf } from "../source.js";
import { errorPosition } from "./format.js";

/** One diagnostic. Positions are 1-based; `null` for a diagnostic about no place in a file. */
export interface JsonDiagnostic {
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  /** The stable error or warning code (`unregistered_class`, `ambiguous_precedence`). */
  readonly code: string;
  /** The error's kind (`parse`, `validation`, ...), or `warning`. */
  readonly kind: ErrorKind | "warning";
  /** The message, without location or source line (it may span several lines). */
  readonly message: string;
  readonly hint: string | null;
  readonly severity: "error" | "warning";
}

/**
 * Every diagnostic, errors and warnings together, ordered by file (in the order given,
 * those in no given file last) and then by position.
 */
export function jsonDiagnostics(files: readonly string[], diagnostics: Diagnostics): JsonDiagnostic[] {
  const list: (JsonDiagnostic & { at: number })[] = [];
  for (const e of diagnostics.errors) {
    const position = errorPosition(e);
    list.push({
      file: e.span?.source.filename ?? null,
      line: position?.line ?? null,
      column: position?.column ?? null,
      code: e.code,
      kind: ERROR_CODES[e.code],
      message: e.summary,
      hint: e.hint ?? null,
      severity: "error",
      at: e.span?.start ?? 0,
    });
  }
  for (const w of diagnostics.warnings) {
    const position = w.span && positionOf(w.span.source.text, w.span.start);
    list.push({
      file: w.span?.source.filename ?? null,
      line: position?.line ?? null,
      column: position?.column ?? null,
      code: w.code,
      kind: "warning",
      message: w.summary,
      hint: null,
      severity: "warning",
      at: w.span?.start ?? 0,
    });
  }
  const fileOrder = (f: string | null) => {
    const i = f === null ? -1 : files.indexOf(f);
    return i === -1 ? files.length : i;
  };
  // a stable sort: "too many errors" (positioned at the first error it hides) stays after the errors shown
  list.sort((a, b) => fileOrder(a.file) - fileOrder(b.file) || a.at - b.at);
  return list.map(({ at: _at, ...d }) => d);
}

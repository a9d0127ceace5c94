/**
 * Warnings: problems worth telling the author about that do not stop a load.
 * @module
 */
import { caretSnippet, locationSuffix, type Span } from "./source.js";

/** Stable warning codes. */
export type WarningCode =
  | "ambiguous_precedence"
  | "missing_allow_rule"
  | "missing_has_permission_rule"
  | "unknown_specializer";

/** A load-time warning, with its position when it points into a policy. */
export interface PolarWarning {
  readonly code: WarningCode;
  /** The text without the location block. */
  readonly summary: string;
  /** The text with Oso's location block, as printed. */
  readonly message: string;
  readonly span: Span | undefined;
}

/** Build a warning; the message gets the location block when there is a span. */
export function polarWarning(code: WarningCode, summary: string, span?: Span): PolarWarning {
  const message = span ? `${summary}${locationSuffix(span)}:\n${caretSnippet(span)}` : summary;
  return { code, summary, message, span };
}

/**
 * Collecting errors with a limit, and putting them in source order.
 *
 * A file with thousands of mistakes (a binary file, a paste gone wrong) reports its first
 * {@link MAX_ERRORS} errors and one "too many errors (N more not shown)" diagnostic: each
 * error carries a formatted message with a snippet of its line, so building one per stray
 * character of a large file can exhaust memory, and nobody reads past the first few.
 * @module
 */
import { type ErrorCode, type PolarError, polarError } from "../errors.js";
import type { Span } from "../source.js";

/** How many errors are kept per source (and per phase of a load). */
export const MAX_ERRORS = 100;

// The "too many errors" diagnostics, with how many errors each stands for, so that lists
// limited separately can be merged and limited again with the right count.
const HIDDEN = new WeakMap<PolarError, number>();

/**
 * The diagnostic standing for `hidden` errors not shown. It takes the code and span of
 * the first of them, so that it has the right kind and points where they begin.
 */
function tooMany(hidden: number, code: ErrorCode, span: Span | undefined): PolarError {
  const e = polarError(code, `too many errors (${hidden} more not shown)`, { span });
  HIDDEN.set(e, hidden);
  return e;
}

/** True for a "too many errors (N more not shown)" diagnostic. */
export function isTooManyErrors(e: PolarError): boolean {
  return HIDDEN.has(e);
}

/** How many errors a list stands for, counting those its "too many errors" diagnostics hide. */
export function errorCount(errors: readonly PolarError[]): number {
  let n = 0;
  for (const e of errors) n += HIDDEN.get(e) ?? 1;
  return n;
}

/** Collects errors, building only the first {@link MAX_ERRORS} and counting the others. */
export class ErrorList {
  private readonly kept: PolarError[] = [];
  private hidden = 0;
  private firstHidden: { code: ErrorCode; span: Span } | undefined;
  /** How many errors were reported, kept or not. */
  count = 0;
  /** The span of the last error reported, kept or not. */
  lastSpan: Span | undefined;

  /** True once further errors are only counted (skip work that only serves their message). */
  get full(): boolean {
    return this.kept.length >= MAX_ERRORS;
  }

  report(code: ErrorCode, summary: string, span: Span, hint?: string): void {
    this.count++;
    this.lastSpan = span;
    if (!this.full) {
      this.kept.push(polarError(code, summary, { span, hint }));
    } else {
      this.hidden++;
      this.firstHidden ??= { code, span };
    }
  }

  /** The errors kept, in the order reported, then a "too many errors" diagnostic if some were not. */
  finish(): PolarError[] {
    const errors = [...this.kept];
    if (this.firstHidden) errors.push(tooMany(this.hidden, this.firstHidden.code, this.firstHidden.span));
    return errors;
  }
}

/**
 * Order for the errors of one source: by start offset (stable, so errors at the same place
 * keep the order they were found in), "too many errors" diagnostics last.
 */
function byPosition(a: PolarError, b: PolarError): number {
  const hiddenA = HIDDEN.has(a);
  if (hiddenA !== HIDDEN.has(b)) return hiddenA ? 1 : -1;
  return (a.span?.start ?? 0) - (b.span?.start ?? 0);
}

/** Sort the errors of one source in place by {@link byPosition}; returns them. */
export function sortErrors(errors: PolarError[]): PolarError[] {
  return errors.sort(byPosition);
}

/**
 * The first {@link MAX_ERRORS} errors of `errors` (in the given order) and one "too many
 * errors" diagnostic for the rest, counting those that diagnostics in `errors` stand for.
 */
export function limitErrors(errors: readonly PolarError[]): PolarError[] {
  const kept: PolarError[] = [];
  let hidden = 0;
  let first: PolarError | undefined;
  for (const e of errors) {
    const n = HIDDEN.get(e);
    if (n === undefined && kept.length < MAX_ERRORS) {
      kept.push(e);
      continue;
    }
    hidden += n ?? 1;
    first ??= e;
  }
  // a lone diagnostic already says it all
  if (first) kept.push(HIDDEN.get(first) === hidden ? first : tooMany(hidden, first.code, first.span));
  return kept;
}

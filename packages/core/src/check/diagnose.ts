/**
 * Everything that can be reported about policy files without an application: parse
 * errors and the static checks. The CLI prints exactly this.
 * @module
 */
import type { PolarError } from "../errors.js";
import type { Source } from "../source.js";
import { parsePolicy } from "../syntax/parser.js";
import type { PolarWarning } from "../warnings.js";
import { staticChecks } from "./index.js";

/** Options for {@link diagnose}. */
export interface DiagnoseOptions {
  /** Which names are classes or constants; by default, names starting with an uppercase ASCII letter. */
  isConstant?: ((name: string) => boolean) | undefined;
}

/** Errors and warnings of a set of sources: per source in order, each in source order. */
export interface Diagnostics {
  readonly errors: PolarError[];
  readonly warnings: PolarWarning[];
}

/** Without registered classes, a capitalised name is taken to be a class. */
export function looksLikeClassName(name: string): boolean {
  const c = name.charCodeAt(0);
  return c >= 65 && c <= 90;
}

/**
 * Parse each source and run the static checks on the lines that parsed.
 * Never throws on bad policy text.
 */
export function diagnose(sources: readonly Source[], options: DiagnoseOptions = {}): Diagnostics {
  const isConstant = options.isConstant ?? looksLikeClassName;
  const errors: PolarError[] = [];
  const warnings: PolarWarning[] = [];
  for (const source of sources) {
    const parsed = parsePolicy(source);
    const checked = staticChecks(parsed.policy, { isConstant });
    const fileErrors = [...parsed.errors, ...checked.errors];
    fileErrors.sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
    errors.push(...fileErrors);
    warnings.push(...checked.warnings);
  }
  return { errors, warnings };
}

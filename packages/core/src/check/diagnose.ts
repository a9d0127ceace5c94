/**
 * Everything that can be reported about policy files without an application: parse
 * errors, the static checks, and the load-time validations (resource blocks, rule types,
 * calls to undefined rules). The CLI prints exactly this.
 * @module
 */
import type { PolarError } from "../errors.js";
import { builtinClasses } from "../host/classes.js";
import { loadSources } from "../load/loader.js";
import { ROLE_RULES } from "../roles/enable-roles.js";
import type { Source } from "../source.js";
import type { PolarWarning } from "../warnings.js";

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

const BUILTIN_CLASSES: ReadonlySet<string> = new Set(builtinClasses().map((c) => c.name));

/**
 * Whether class `sub` may extend class `sup`. Without the application's classes their
 * hierarchy is unknown, so any two of them may be related (the check must never report
 * an error a real load would not); built-in classes extend nothing and nothing extends
 * them, as in a real load.
 */
function maySubclass(sub: string, sup: string): boolean {
  return sub === sup || !(BUILTIN_CLASSES.has(sub) || BUILTIN_CLASSES.has(sup));
}

/**
 * Check a set of sources as one policy, as loading it would, with every name that looks
 * like a class taken to be a registered class. Never throws on bad policy text.
 */
export function diagnose(sources: readonly Source[], options: DiagnoseOptions = {}): Diagnostics {
  const isConstant = options.isConstant ?? looksLikeClassName;
  const loaded = loadSources(sources, {
    constant: (name) => (isConstant(name) ? { name, value: undefined } : undefined),
    hasClass: isConstant,
    isSubclass: maySubclass,
    // the application may enable the built-in roles
    builtinRule: (name) => ROLE_RULES.has(name),
    builtinRuleNames: ROLE_RULES,
    ignoreNoAllowWarning: false,
  });
  return { errors: loaded.errors, warnings: loaded.warnings };
}

/**
 * Everything that can be reported about policy files without an application: parse
 * errors, the static checks, the load-time validations (resource blocks, rule types,
 * calls to undefined rules) and, for a policy that calls `role_allow`, the built-in roles'
 * validation. The CLI prints exactly this.
 * @module
 */
import { isPolarError, type PolarError } from "../errors.js";
import { builtinClasses } from "../host/classes.js";
import { checkDuplicateFiles } from "../load/duplicate-files.js";
import { loadSources } from "../load/loader.js";
import { ROLE_RULES } from "../roles/enable-roles.js";
import type { Source } from "../source.js";
import type { PolarWarning } from "../warnings.js";
import { rolesErrors, withSuggestion } from "./roles.js";

/** Options for {@link diagnose}. */
export interface DiagnoseOptions {
  /** Which names are classes or constants; by default, names starting with an uppercase ASCII letter. */
  isConstant?: ((name: string) => boolean) | undefined;
  /**
   * The application's classes and constants, when known (`oso-ts check --class Name`):
   * then only these names and the built-in classes are, and any other (`_type: Pag`) is
   * reported as a load would report it. Takes precedence over `isConstant`.
   */
  classes?: Iterable<string> | undefined;
  /**
   * The application's class hierarchy, when known (`oso-ts check --setup`): whether class
   * `sub` is, or extends, class `sup`. Without it any two application classes may be related.
   */
  isSubclass?: ((sub: string, sup: string) => boolean) | undefined;
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
export function maySubclass(sub: string, sup: string): boolean {
  return sub === sup || !(BUILTIN_CLASSES.has(sub) || BUILTIN_CLASSES.has(sup));
}

/**
 * Check a set of sources as one policy, as loading it would, with every name that looks
 * like a class taken to be a registered class. Never throws on bad policy text.
 */
export function diagnose(sources: readonly Source[], options: DiagnoseOptions = {}): Diagnostics {
  try {
    checkDuplicateFiles(sources);
  } catch (e) {
    // a load stops here: nothing else is reported
    if (isPolarError(e)) return { errors: [e], warnings: [] };
    throw e;
  }
  const given = options.classes === undefined ? undefined : new Set(options.classes);
  const isConstant =
    given === undefined
      ? (options.isConstant ?? looksLikeClassName)
      : (name: string) => given.has(name) || BUILTIN_CLASSES.has(name);
  const isSubclass = options.isSubclass ?? maySubclass;
  const loaded = loadSources(sources, {
    constant: (name) => (isConstant(name) ? { name, value: undefined } : undefined),
    hasClass: isConstant,
    isSubclass,
    // the application may enable the built-in roles
    builtinRule: (name) => ROLE_RULES.has(name),
    builtinRuleNames: ROLE_RULES,
    ignoreNoAllowWarning: false,
  });
  if (loaded.errors.length > 0) {
    // with the application's classes known, an unregistered one is likely a misspelt one
    const errors =
      given === undefined
        ? loaded.errors
        : loaded.errors.map((e) => (e.code === "unregistered_class" ? withSuggestion(e, given) : e));
    return { errors, warnings: loaded.warnings };
  }
  // the application may enable the built-in roles: a policy that calls them is checked as
  // `enableRoles()` would check it, each class name standing for a registered class
  const errors = rolesErrors(sources, loaded.ruleAsts, {
    isConstant,
    isSubclass,
    classNames: given ?? classNamesIn(sources, isConstant),
  });
  return { errors, warnings: loaded.warnings };
}

/** Every name in the policy texts that the check takes for a class. */
export function classNamesIn(sources: readonly Source[], isConstant: (name: string) => boolean): Set<string> {
  const names = new Set<string>();
  for (const source of sources) {
    for (const [name] of source.text.matchAll(/\b[A-Za-z_]\w*/g)) if (isConstant(name)) names.add(name);
  }
  return names;
}

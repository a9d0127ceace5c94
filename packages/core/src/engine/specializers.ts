/**
 * Specializers of rule parameters, in the form the machine checks them, and the
 * "is one more specific than the other" order used to sort applicable rules (Oso §6.5).
 * @module
 */

/** The two built-in union specializers declared through actor and resource blocks. */
export const UNION_NAMES: ReadonlySet<string> = new Set(["Actor", "Resource"]);

/** A compiled specializer. */
export type Specializer =
  /** `x: User` (an instance pattern without fields). */
  | { readonly kind: "class"; readonly tag: string; readonly key: string }
  /** `x: Actor` / `x: Resource`. */
  | { readonly kind: "union"; readonly tag: string; readonly key: string }
  /** `x: User{name: "a"}`, `x: {a: 1}`, `x: [1, *r]`: a pattern template checked with `matches`. */
  | {
      readonly kind: "pattern";
      readonly pattern: unknown;
      /** Class of an instance pattern, null for dict and list patterns. */
      readonly tag: string | null;
      readonly isDict: boolean;
      readonly fieldCount: number;
      readonly key: string;
    }
  /** `x: 1`, `x: "read"`: the argument must unify with the value. */
  | { readonly kind: "value"; readonly value: unknown; readonly key: string };

/** Host knowledge the sort needs: class order for a given instance. */
export interface SpecificityHost {
  /** True when `instance`'s class chain reaches `a` before `b` (Oso's `isSubspecializer`). */
  isSubclassFirst(instance: unknown, a: string, b: string): boolean;
  isHostInstance(value: unknown): boolean;
}

/**
 * Whether the rule with specializers `l` is more specific than the one with `r` for the
 * dereferenced arguments `args`: decided at the first position where they differ.
 */
export function moreSpecific(
  l: readonly (Specializer | null)[],
  r: readonly (Specializer | null)[],
  args: readonly unknown[],
  host: SpecificityHost,
): boolean {
  return (
    compareSpecs(l, r, (a, b, i) => {
      // two classes: ranked by the argument's class chain
      if (!host.isHostInstance(args[i])) return false;
      if (a.tag === b.tag && (a.fieldCount > 0 || b.fieldCount > 0) && a.fieldCount !== b.fieldCount) {
        return a.fieldCount > b.fieldCount;
      }
      return host.isSubclassFirst(args[i], a.tag, b.tag);
    }) ?? false
  );
}

/**
 * {@link moreSpecific} when it can be told without the arguments, or null when it depends
 * on them (two class specializers, ranked by the argument's class chain). Two classes that
 * `unrelated` says no value belongs to both never need ranking: false.
 */
export function staticMoreSpecific(
  l: readonly (Specializer | null)[],
  r: readonly (Specializer | null)[],
  unrelated: (a: string, b: string) => boolean,
): boolean | null {
  return compareSpecs(l, r, (a, b) => (a.tag !== b.tag && unrelated(a.tag, b.tag) ? false : null));
}

interface ClassSide {
  readonly tag: string;
  readonly fieldCount: number;
}

/**
 * Oso's comparison (§6.5), position by position: the first position where the two rules
 * differ decides. Two class specializers there are ranked by `classes`.
 */
function compareSpecs(
  l: readonly (Specializer | null)[],
  r: readonly (Specializer | null)[],
  classes: (a: ClassSide, b: ClassSide, position: number) => boolean | null,
): boolean | null {
  for (let i = 0; i < l.length; i++) {
    const a = l[i] ?? null;
    const b = r[i] ?? null;
    if (a === null && b === null) continue;
    if (a === null) return false;
    if (b === null) return true;
    const au = a.kind === "union";
    const bu = b.kind === "union";
    if (au && bu) continue;
    if (au) return false;
    if (bu) return true;
    if (a.key === b.key) continue;
    const aTag = a.kind === "class" ? a.tag : a.kind === "pattern" ? a.tag : null;
    const bTag = b.kind === "class" ? b.tag : b.kind === "pattern" ? b.tag : null;
    const aFields = a.kind === "pattern" ? a.fieldCount : 0;
    const bFields = b.kind === "pattern" ? b.fieldCount : 0;
    if (aTag !== null && bTag !== null) {
      return classes({ tag: aTag, fieldCount: aFields }, { tag: bTag, fieldCount: bFields }, i);
    }
    const aDict = a.kind === "pattern" && a.isDict;
    const bDict = b.kind === "pattern" && b.isDict;
    // dicts by field count; a class pattern beats a dict; values and the rest: no order
    if (aDict && bDict) return aFields > bFields;
    return aTag !== null && bDict;
  }
  return false;
}

/**
 * Oso's insertion sort of applicable rules by specificity. The order is partial (and may
 * consult the host), so the exact procedure matters: ties keep source order.
 */
export function sortBySpecificity<R extends { readonly specs: readonly (Specializer | null)[] }>(
  rules: R[],
  args: readonly unknown[],
  host: SpecificityHost,
): R[] {
  for (let outer = 1; outer < rules.length; outer++) {
    for (let inner = outer; inner > 0; inner--) {
      const here = rules[inner]!;
      const before = rules[inner - 1]!;
      if (!moreSpecific(here.specs, before.specs, args, host)) break;
      rules[inner] = before;
      rules[inner - 1] = here;
    }
  }
  return rules;
}

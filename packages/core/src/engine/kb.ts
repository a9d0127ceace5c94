/**
 * The knowledge base: compiled rules grouped by name and arity, with an argument index.
 *
 * The index is built once per load. A call whose argument at an indexed position is a
 * string, number or boolean goes straight to the rules that can accept it (those with
 * that value there, plus those with a variable there), in source order, instead of
 * trying every rule.
 * @module
 */
import type { CompiledRule } from "./compile.js";
import { fastPaths } from "./fast-paths.js";
import { type Specializer, staticMoreSpecific } from "./specializers.js";
import { Slot } from "./templates.js";

interface PositionIndex {
  readonly position: number;
  /** Rules that can accept the key at this position, in source order. */
  readonly byKey: Map<unknown, CompiledRule[]>;
  /** Rules that accept any value at this position. */
  readonly wildcard: CompiledRule[];
}

/** All rules of one name and arity. */
export class GenericRule {
  readonly rules: CompiledRule[] = [];
  private indexes: PositionIndex[] = [];
  /**
   * False when no two rules differ in their specializers: then sorting by specificity
   * can never reorder them, and the machine skips the applicability pass.
   */
  needsSort = false;
  /**
   * Candidate lists whose order by specificity does not depend on the arguments: their
   * sorted order, so calls skip the applicability pass (a rule that does not apply simply
   * fails when entered, with the same results). Known for lists of two rules, and for lists
   * where no rule can ever be ranked before another (source order is then the order of any
   * subset, as the applicability filter would leave it).
   */
  private readonly fixed = new Map<readonly CompiledRule[], readonly CompiledRule[]>();

  constructor(
    readonly name: string,
    readonly arity: number,
  ) {}

  /** Rules that may apply to these (dereferenced) arguments, in source order. */
  candidates(args: readonly unknown[]): readonly CompiledRule[] {
    if (!fastPaths.ruleIndex) return this.rules;
    for (const ix of this.indexes) {
      const a = args[ix.position];
      if (isIndexKey(a)) return ix.byKey.get(a) ?? ix.wildcard;
    }
    return this.rules;
  }

  /**
   * The candidates of every call whose arguments are `known` where they are not
   * {@link UNKNOWN_ARGUMENT}, in the order calls enter them (indexed and sorted with the
   * fast paths on), or undefined when they depend on an unknown argument or on the
   * arguments' classes. For compiled call sites whose constants pick the rules.
   */
  staticCandidates(known: readonly unknown[]): readonly CompiledRule[] | undefined {
    let list: readonly CompiledRule[] = this.rules;
    for (const ix of this.indexes) {
      const a = known[ix.position];
      if (a === UNKNOWN_ARGUMENT) return undefined;
      if (isIndexKey(a)) {
        list = ix.byKey.get(a) ?? ix.wildcard;
        break;
      }
    }
    if (list.length > 1 && this.needsSort) return this.fixed.get(list);
    return list;
  }

  /** The sorted order of a candidate list, when it can be known ahead; undefined otherwise. */
  fixedOrder(candidates: readonly CompiledRule[]): readonly CompiledRule[] | undefined {
    if (!fastPaths.fixedOrder) return undefined;
    return this.fixed.get(candidates);
  }

  /**
   * Build the index and the sort flag; call after the last rule is added. `unrelated(a, b)`
   * says that no value belongs to both classes (so their rules never compete).
   */
  finalize(unrelated: (a: string, b: string) => boolean = () => false): void {
    this.indexes = [];
    for (let p = 0; p < this.arity; p++) {
      const index = indexAt(this.rules, p);
      if (index !== null) this.indexes.push(index);
    }
    // the most selective position first
    this.indexes.sort((x, y) => y.byKey.size - x.byKey.size);
    const first = this.rules[0];
    this.needsSort = first !== undefined && this.rules.some((r) => !sameSpecs(r.specs, first.specs));
    this.fixed.clear();
    // fixed orders are read only when rules need sorting
    if (!this.needsSort) return;
    const lists = [this.rules, ...this.indexes.flatMap((ix) => [...ix.byKey.values(), ix.wildcard])];
    for (const list of lists) {
      // the pairwise check below is quadratic: long lists keep the per-call applicability pass
      if (list.length < 2 || list.length > MAX_FIXED_ORDER) continue;
      if (list.length === 2) {
        const [first, second] = list as [CompiledRule, CompiledRule];
        // Oso's insertion sort of two rules swaps them when the second is more specific
        const swap = staticMoreSpecific(second.specs, first.specs, unrelated);
        if (swap !== null) this.fixed.set(list, swap ? [second, first] : list);
      } else if (
        list.every((a) =>
          list.every((b) => a === b || staticMoreSpecific(a.specs, b.specs, unrelated) === false),
        )
      ) {
        this.fixed.set(list, list);
      }
    }
  }
}

const NO_KEY = Symbol("no key");

/** An argument of {@link GenericRule.staticCandidates} known only when the call runs. */
export const UNKNOWN_ARGUMENT: unique symbol = Symbol("unknown argument");

/** The longest candidate list whose order is worked out at load. */
const MAX_FIXED_ORDER = 64;

/**
 * The index of position `p`, in one pass over the rules: each key's list holds the rules
 * with that key and those with none, in source order. Null when no rule has a key there.
 */
function indexAt(rules: readonly CompiledRule[], p: number): PositionIndex | null {
  const byKey = new Map<unknown, CompiledRule[]>();
  const wildcard: CompiledRule[] = [];
  for (const rule of rules) {
    const k = indexKeyOf(rule, p);
    if (k === NO_KEY) {
      wildcard.push(rule);
      for (const list of byKey.values()) list.push(rule);
      continue;
    }
    let list = byKey.get(k);
    if (list === undefined) {
      // a key seen first now: the keyless rules before it come first
      list = wildcard.slice();
      byKey.set(k, list);
    }
    list.push(rule);
  }
  return byKey.size === 0 ? null : { position: p, byKey, wildcard };
}

function isIndexKey(v: unknown): boolean {
  return typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && !Number.isNaN(v));
}

/** The value a rule requires at position `p`, when it requires one (else NO_KEY). */
function indexKeyOf(rule: CompiledRule, p: number): unknown {
  const param = rule.params[p];
  const spec = rule.specs[p] ?? null;
  if (spec === null) return isIndexKey(param) ? param : NO_KEY;
  if (spec.kind === "value" && param instanceof Slot && isIndexKey(spec.value)) return spec.value;
  return NO_KEY;
}

function sameSpecs(a: readonly (Specializer | null)[], b: readonly (Specializer | null)[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === null || y === null ? x !== y : x.key !== y.key) return false;
  }
  return true;
}

/** Every loaded rule, by name and arity, plus the union types declared by blocks. */
export class KnowledgeBase {
  private readonly byName = new Map<string, Map<number, GenericRule>>();
  /** Members of `Actor` and `Resource`, from actor and resource blocks. */
  readonly unions = new Map<string, string[]>();
  private readonly unionCaches = new Map<string, WeakMap<object, boolean>>();

  /** Per union, whether instances of a class (by constructor) are members. */
  unionCache(tag: string): WeakMap<object, boolean> {
    let cache = this.unionCaches.get(tag);
    if (!cache) {
      cache = new WeakMap();
      this.unionCaches.set(tag, cache);
    }
    return cache;
  }
  /** Bumped on every change, so cached lookups know to refresh. */
  version = 0;

  /** Add a rule (source order is the order of calls). */
  add(rule: CompiledRule): void {
    let arities = this.byName.get(rule.name);
    if (!arities) {
      arities = new Map();
      this.byName.set(rule.name, arities);
    }
    let generic = arities.get(rule.params.length);
    if (!generic) {
      generic = new GenericRule(rule.name, rule.params.length);
      arities.set(rule.params.length, generic);
    }
    generic.rules.push(rule);
    this.version++;
  }

  /** Prepare indexes; call once after a load (see {@link GenericRule.finalize} for `unrelated`). */
  finalize(unrelated?: (a: string, b: string) => boolean): void {
    for (const arities of this.byName.values()) for (const g of arities.values()) g.finalize(unrelated);
    this.version++;
  }

  /** The rules of `name/arity`; `undefined` when no rule has that name at all. */
  lookup(name: string, arity: number): GenericRule | null | undefined {
    const arities = this.byName.get(name);
    if (!arities) return undefined;
    return arities.get(arity) ?? null;
  }

  /** Every loaded rule: per name (in the order names were first added), in source order. */
  *rules(): Generator<CompiledRule> {
    for (const arities of this.byName.values()) for (const g of arities.values()) yield* g.rules;
  }

  /** True when no rule is loaded. */
  get empty(): boolean {
    return this.byName.size === 0;
  }

  /** Remove every rule and union. */
  clear(): void {
    this.byName.clear();
    this.unions.clear();
    this.unionCaches.clear();
    this.version++;
  }
}

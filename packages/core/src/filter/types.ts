/**
 * Data filtering's contract: the `Filter` the core hands to an adapter's `buildQuery`, and
 * the `Relation` fields it is built from. The shape is Oso 0.27.3's, so an adapter written
 * for Oso works unchanged on every filter Oso could produce; the oso-ts extensions (aliases,
 * closures) appear only in filters Oso refused to build (a type reached twice, a relation
 * from a type to itself), and relations from a value (`fromValue`) only for an adapter
 * that declares `capabilities: { relationSubqueries: true }`.
 * @module
 */

/** A relation's cardinality: `"one"` (a foreign key on this side) or `"many"`. */
export type RelationKind = "one" | "many";

/**
 * A field of a registered class that names rows of another registered class, like a foreign
 * key: `new Relation("one", "Org", "orgId", "id")` on `Repo` means `repo.orgId = org.id`.
 * Declared in `registerClass(Repo, { fields: { org: new Relation(...) } })`.
 */
export class Relation {
  /**
   * @param kind - `"one"`: exactly one related row; `"many"`: a list of them.
   * @param otherType - the Polar name of the related class (it must be registered).
   * @param myField - the field of this class that is compared.
   * @param otherField - the field of the related class it equals.
   */
  constructor(
    readonly kind: RelationKind,
    readonly otherType: string,
    readonly myField: string,
    readonly otherField: string,
  ) {}
}

/** A registered class, as a filter's `types` map describes it to adapters. */
export interface UserType {
  /** The Polar name. */
  readonly name: string;
  /** The class itself: adapters construct instances of it from rows. */
  readonly cls: Function;
  /** Declared fields: a class (`String`, `Number`, `Boolean`, a registered class) or a `Relation`. */
  readonly fields: Map<string, Function | Relation>;
}

/**
 * The comparisons of Oso's filters, with Polar's meaning: `Neq` holds when exactly one side
 * is null (SQL: `IS DISTINCT FROM`), so that a filter agrees with `isAllowed` on nullable
 * columns.
 */
export type FilterComparison = "Eq" | "Neq" | "Lt" | "Leq" | "Gt" | "Geq";

/**
 * A column, or with no `fieldName` the row itself (adapters compare primary keys).
 * `alias` (oso-ts): which occurrence of the type, when a filter reaches one type more than
 * once; absent means the alias is `typeName`, as in Oso.
 */
export interface Projection {
  typeName: string;
  fieldName?: string;
  alias?: string;
}

/** An application value; adapters always pass it as a bound parameter. `null` with Eq/Neq is IS [NOT] NULL. */
export interface Immediate {
  value: unknown;
}

/** One side of a comparison. */
export type Datum = Projection | Immediate;

/**
 * `lhs cmp rhs`. Either side may be a column, a row or a value: a column compared with a
 * column appears for a join to many rows (`Issue.repoId = Repo.id`, so that such a row must
 * exist), a row compared with a row (both without `fieldName`) compares primary keys, and a
 * row compared with a value compares the row's primary key with the value's.
 */
export interface ComparisonCondition {
  lhs: Datum;
  cmp: FilterComparison;
  rhs: Datum;
}

/**
 * oso-ts extension, for recursive relations of a type to itself (folders in folders):
 * the row `lhs` (a row Projection, no `fieldName`) is one from which following the
 * `Relation` field `fieldName` of `typeName` zero or more times reaches a row of `base`
 * (a filter whose `model` is `typeName`). In SQL, a `WITH RECURSIVE` query seeded with
 * `base`'s rows.
 */
export interface ClosureCondition {
  lhs: Projection;
  cmp: "In";
  rhs: { closure: { typeName: string; fieldName: string; base: Filter } };
}

/** A condition of a filter. Oso's filters hold only comparisons. */
export type FilterCondition = ComparisonCondition | ClosureCondition;

/**
 * A join: `toTypeName` (as `toAlias`, default `toTypeName`) is joined to `fromTypeName` (as
 * `fromAlias`, default `fromTypeName`) on the `Relation` registered as `fromFieldName` on
 * `fromTypeName`: `from.myField = to.otherField`.
 *
 * oso-ts extension, `fromValue`: the alias is not reached from the model but from a known
 * object, `fromValue` (an instance of `fromTypeName`, often the actor): it ranges over the
 * rows of `toTypeName` with `to.otherField = fromValue[myField]`, the rows that reading
 * the "many" Relation `fromValue.fromFieldName` would fetch. The policy's conditions on
 * those rows (`role.name = "reader"`, `role.repoId = Repo.id`) are ordinary conditions on
 * `toAlias`, so a SQL adapter can write a subquery (`Repo.id IN (SELECT repo_id FROM
 * repo_roles WHERE user_id = ? AND name = ?)`) instead of a list of fetched ids. Every
 * disjunct that names the alias also holds the condition `to.otherField = <that key>`, so
 * a disjunct that says nothing else of the rows still requires one to exist. The core
 * writes such a relation only when the adapter declares
 * {@link AdapterCapabilities.relationSubqueries}; `fromAlias` is then absent.
 */
export interface FilterRelation {
  fromTypeName: string;
  fromFieldName: string;
  toTypeName: string;
  fromAlias?: string;
  toAlias?: string;
  /** oso-ts: the known object the relation starts from, instead of an alias of the filter. */
  fromValue?: unknown;
}

/** Is the relation rooted at a known object (`fromValue`) rather than at an alias? */
export function isValueRelation(r: FilterRelation): boolean {
  return r.fromValue !== undefined;
}

/**
 * Which rows of `model` are authorized. A row is in the result when, for some assignment of
 * rows to the joined types, every condition of at least one group of `conditions` holds.
 * `conditions: []` means no row; `[[]]` means every row. A disjunct that does not mention a
 * joined alias must not lose rows whose related rows are missing (adapters use EXISTS or
 * outer joins, not inner joins that filter).
 */
export interface Filter {
  model: string;
  relations: FilterRelation[];
  conditions: FilterCondition[][];
  /** The registered classes, by Polar name. */
  types: Map<string, UserType>;
}

/**
 * oso-ts extensions an adapter understands, declared on the adapter; an adapter without
 * them (one written for Oso) gets only filters of Oso's shape.
 */
export interface AdapterCapabilities {
  /**
   * Filters may hold relations from a value ({@link FilterRelation.fromValue}): when the
   * policy iterates a "many" Relation of a known object (`role in actor.repoRoles`), the
   * core then keeps its rows symbolic instead of fetching them through the adapter and
   * inlining their keys. Policies the core cannot keep symbolic (a method call on the row,
   * the row passed to the application, `not` over the membership) fall back to fetching.
   */
  relationSubqueries?: boolean;
}

/** What `setDataFilteringAdapter` takes: Oso's adapter interface, with oso-ts's optional `capabilities`. */
export interface Adapter<Query = unknown, Resource = unknown> {
  buildQuery(filter: Filter): Query | Promise<Query>;
  executeQuery(query: Query): Promise<Resource[]>;
  /** oso-ts: the filter extensions this adapter understands. */
  readonly capabilities?: AdapterCapabilities;
}

/** Is the datum a column (or row) rather than an immediate value? */
export function isProjection(d: unknown): d is Projection {
  return typeof d === "object" && d !== null && typeof (d as Projection).typeName === "string";
}

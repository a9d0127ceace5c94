/**
 * The adapter's options, and how a registered type maps to a table: its name, primary key,
 * columns and row constructor. Every identifier in the SQL comes from here (the registered
 * types and the options), never from a value.
 * @module
 */
import { OperationalError, Relation, type UserType } from "@oso-ts/core";

/** How one registered type (by Polar name) is stored. Every entry is optional. */
export interface TypeMapping {
  /** The table (default: the Polar name). A dot qualifies it with a schema: `"app.repos"`. */
  table?: string;
  /** The primary key's field name (default `"id"`): rows are compared by it. */
  primaryKey?: string;
  /** Field name to column name, for fields whose column is named differently (default: the same). */
  columns?: Record<string, string>;
  /**
   * Builds the instance from a row whose keys are field names (columns renamed back, `Boolean`
   * fields already turned into booleans). Default: `Object.create(cls.prototype)` with the
   * row's properties assigned; give `fromRow` for a class whose constructor must run (private
   * `#fields`, computed state).
   */
  fromRow?: (row: Record<string, unknown>) => object;
}

/** Options of {@link kyselyAdapter}. */
export interface KyselyAdapterOptions {
  /** Per Polar type name: its table, primary key, columns and row constructor. */
  types?: Record<string, TypeMapping>;
  /** Shorthand for `types[name].table`: `{ Repo: "repos" }`. `types` wins when both name a table. */
  tables?: Record<string, string>;
  /**
   * The SQL dialect's value conventions (default: detected from the Kysely instance's query
   * compiler: `$1` placeholders mean PostgreSQL, `?` SQLite). `"sqlite"` binds booleans as 1/0;
   * `"postgres"` binds booleans as booleans and knows that text cannot hold NUL.
   */
  dialect?: "sqlite" | "postgres" | "other";
}

/** One type's storage, resolved: what the SQL builder and the row converter read. */
export interface ResolvedType {
  readonly name: string;
  readonly userType: UserType;
  readonly table: string;
  readonly primaryKey: string;
  /** The column of a field. */
  column(field: string): string;
  /** The field of a column (the inverse of the `columns` mapping). */
  fieldOfColumn(column: string): string;
  readonly fromRow: ((row: Record<string, unknown>) => object) | undefined;
}

const TYPE_MAPPING_KEYS = new Set(["table", "primaryKey", "columns", "fromRow"]);
const OPTION_KEYS = new Set(["types", "tables", "dialect"]);

function invalid(message: string): OperationalError {
  return new OperationalError("invalid_argument", message);
}

function nonEmptyString(value: unknown, what: string): string {
  if (typeof value !== "string" || value.length === 0) throw invalid(`${what} must be a non-empty string`);
  return value;
}

/** Checks the options once, at `kyselyAdapter()`: a typo is an error there, not a wrong query later. */
export function checkOptions(options: KyselyAdapterOptions): void {
  if (typeof options !== "object" || options === null)
    throw invalid("kyselyAdapter: options must be an object");
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw invalid(`kyselyAdapter: unknown option '${key}'`);
  }
  const dialect = options.dialect;
  if (dialect !== undefined && dialect !== "sqlite" && dialect !== "postgres" && dialect !== "other") {
    throw invalid(`kyselyAdapter: dialect must be "sqlite", "postgres" or "other", not ${String(dialect)}`);
  }
  for (const [name, table] of Object.entries(options.tables ?? {})) {
    nonEmptyString(table, `kyselyAdapter: tables.${name}`);
  }
  for (const [name, mapping] of Object.entries(options.types ?? {})) {
    if (typeof mapping !== "object" || mapping === null) {
      throw invalid(`kyselyAdapter: types.${name} must be an object`);
    }
    for (const key of Object.keys(mapping)) {
      if (!TYPE_MAPPING_KEYS.has(key)) throw invalid(`kyselyAdapter: unknown option types.${name}.${key}`);
    }
    if (mapping.table !== undefined) nonEmptyString(mapping.table, `kyselyAdapter: types.${name}.table`);
    if (mapping.primaryKey !== undefined) {
      nonEmptyString(mapping.primaryKey, `kyselyAdapter: types.${name}.primaryKey`);
    }
    for (const [field, column] of Object.entries(mapping.columns ?? {})) {
      nonEmptyString(column, `kyselyAdapter: types.${name}.columns.${field}`);
    }
    if (mapping.fromRow !== undefined && typeof mapping.fromRow !== "function") {
      throw invalid(`kyselyAdapter: types.${name}.fromRow must be a function`);
    }
  }
}

/**
 * Resolves registered types to their storage, caching per `UserType` object (a filter's
 * `types` map is the Oso instance's registry, so the same objects come back on every call).
 */
export class TypeResolver {
  readonly #options: KyselyAdapterOptions;
  readonly #cache = new WeakMap<UserType, ResolvedType>();

  constructor(options: KyselyAdapterOptions) {
    this.#options = options;
  }

  /** The storage of `typeName`, which must be registered in `types`. */
  resolve(types: Map<unknown, UserType>, typeName: string): ResolvedType {
    const userType = types.get(typeName);
    if (userType === undefined) {
      throw invalid(
        `kyselyAdapter: the filter names type '${typeName}', which is not registered (registerClass it)`,
      );
    }
    const cached = this.#cache.get(userType);
    if (cached !== undefined) return cached;
    const mapping = Object.hasOwn(this.#options.types ?? {}, typeName) ? this.#options.types![typeName]! : {};
    const tables = this.#options.tables ?? {};
    const table = mapping.table ?? (Object.hasOwn(tables, typeName) ? tables[typeName]! : typeName);
    const columns = new Map(Object.entries(mapping.columns ?? {}));
    const fields = new Map([...columns].map(([field, column]) => [column, field]));
    const resolved: ResolvedType = {
      name: typeName,
      userType,
      table,
      primaryKey: mapping.primaryKey ?? "id",
      column: (field) => columns.get(field) ?? field,
      fieldOfColumn: (column) => fields.get(column) ?? column,
      fromRow: mapping.fromRow,
    };
    this.#cache.set(userType, resolved);
    return resolved;
  }
}

/**
 * The column a filter may compare for `field` of `type`: a declared plain field, the primary
 * key, or a field named in the `columns` option. A `Relation` field is joined, never compared,
 * and an undeclared field is refused: the policy would read it from the object, and the
 * filter must not guess where it is stored.
 */
export function comparableColumn(type: ResolvedType, field: string): string {
  const declared = type.userType.fields.get(field);
  if (declared instanceof Relation || isRelationLike(declared)) {
    throw invalid(
      `kyselyAdapter: ${type.name}.${field} is a Relation; a filter joins it (relations), it cannot compare it`,
    );
  }
  if (declared === undefined && !knownColumn(type, field)) {
    throw invalid(
      `kyselyAdapter: ${type.name}.${field} is not a declared field: add it to registerClass(${type.name}, { fields })`,
    );
  }
  return type.column(field);
}

/** The primary key, a field renamed by `columns`, or the key side of a Relation. */
function knownColumn(type: ResolvedType, field: string): boolean {
  if (field === type.primaryKey || type.column(field) !== field) return true;
  for (const declared of type.userType.fields.values()) {
    if (isRelationLike(declared) && declared.myField === field) return true;
  }
  return false;
}

/** A Relation, also when it comes from another copy of the class (Oso 0.27.3's own `Relation`). */
export function isRelationLike(value: unknown): value is Relation {
  if (value instanceof Relation) return true;
  if (typeof value !== "object" || value === null) return false;
  const r = value as Partial<Relation>;
  return (
    (r.kind === "one" || r.kind === "many") &&
    typeof r.otherType === "string" &&
    typeof r.myField === "string" &&
    typeof r.otherField === "string"
  );
}

/** The `Relation` registered as `field` on `type`, or an error saying what is there instead. */
export function relationOf(type: ResolvedType, field: string): Relation {
  const declared = type.userType.fields.get(field);
  if (!isRelationLike(declared)) {
    throw invalid(
      `kyselyAdapter: the filter joins ${type.name}.${field}, which is not a Relation field of ${type.name}`,
    );
  }
  return declared;
}

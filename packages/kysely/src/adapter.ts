/**
 * `kyselyAdapter`: oso-ts's (and Oso 0.27.3's) data-filtering `Adapter` over a Kysely
 * instance. `buildQuery` gives a `SelectQueryBuilder` over the model's table, aliased as the
 * model's Polar name; `executeQuery` runs it and returns instances of the registered class.
 * @module
 */
import { type Adapter, type Filter, OperationalError, type UserType } from "@oso-ts/core";
import { type Kysely, type QueryId, type SelectQueryBuilder, sql } from "kysely";
import { checkFilter } from "./aliases.js";
import { filterPredicate } from "./compile.js";
import { checkOptions, type KyselyAdapterOptions, type ResolvedType, TypeResolver } from "./options.js";
import { type CompileContext, predicateSql } from "./predicate.js";
import { instanceOf } from "./rows.js";
import type { SqlDialect } from "./values.js";

/** Any database schema: the adapter builds its queries from the registered types, not from `DB`. */
// biome-ignore lint/suspicious/noExplicitAny: Kysely's own idiom for an untyped database
export type AnyDB = any;

/**
 * What `buildQuery` returns: a select of the model's rows (`select "Repo".* from "repos" as
 * "Repo" where ...`). Refine it (`.orderBy("name").limit(20).offset(40)`, or `.select(...)`
 * for a count) and `.execute()` it for plain rows, or pass it to `executeQuery` for
 * instances of the registered class.
 */
export type AuthorizedQuery = SelectQueryBuilder<AnyDB, string, Record<string, unknown>>;

/**
 * The filters `buildQuery` takes: oso-ts's `Filter`, and Oso 0.27.3's, whose `types` map is
 * also keyed by class (so an Oso instance accepts this adapter too).
 */
export type AnyFilter = Omit<Filter, "types"> & { types: Map<unknown, UserType> };

/** The adapter {@link kyselyAdapter} returns. */
export interface KyselyAdapter extends Adapter<AuthorizedQuery, object> {
  /** The query of the rows `filter` authorizes (synchronous: nothing is run). */
  buildQuery(filter: AnyFilter): AuthorizedQuery;
  /** Runs a query built by `buildQuery` (refined or not); resolves to instances of the model's class. */
  executeQuery(query: AuthorizedQuery): Promise<object[]>;
}

/**
 * A data-filtering adapter over `db` (any Kysely 0.28 instance or transaction: SQLite,
 * PostgreSQL, ...). Give it to `oso.setDataFilteringAdapter`.
 *
 * @example
 * ```ts
 * oso.setDataFilteringAdapter(kyselyAdapter(db, { tables: { Repo: "repos", Org: "orgs" } }));
 * const query = await oso.authorizedQuery(user, "read", Repo);
 * const page = await query.orderBy("name").limit(20).execute(); // rows
 * const repos = await oso.authorizedResources(user, "read", Repo); // Repo instances
 * ```
 * @throws {OperationalError} `invalid_argument` for a bad option.
 */
export function kyselyAdapter(db: Kysely<AnyDB>, options: KyselyAdapterOptions = {}): KyselyAdapter {
  if (typeof db !== "object" || db === null || typeof (db as Kysely<AnyDB>).selectFrom !== "function") {
    throw new OperationalError(
      "invalid_argument",
      "kyselyAdapter: the first argument must be a Kysely instance",
    );
  }
  checkOptions(options);
  const resolver = new TypeResolver(options);
  const dialect = options.dialect ?? detectDialect(db);
  // The query id of every query built here, with its model. Kysely gives a query its id when
  // it starts (selectFrom) and keeps it through every refinement (`orderBy`, `limit`, joins,
  // `withPlugin`, ...), and plugins on `db` (CamelCasePlugin) do not touch it, so a refined
  // query is still recognised; a query from anywhere else is refused instead of answered
  // with bare rows.
  const models = new WeakMap<QueryId, ResolvedType>();

  return {
    // filters may hold relations from a value (the actor's role rows as a subquery)
    capabilities: { relationSubqueries: true },

    buildQuery(filter: AnyFilter): AuthorizedQuery {
      let n = 0;
      const ctx: CompileContext = { resolver, dialect, fresh: (prefix) => `${prefix}_${++n}` };
      checkFilter(filter);
      const model = resolver.resolve(filter.types, filter.model);
      const root = model.name;
      const predicate = filterPredicate(filter, root, ctx);
      let query = db.selectFrom(sql.table(model.table).as(root)).selectAll(root) as AuthorizedQuery;
      if (predicate !== true) query = query.where(predicateSql(predicate));
      models.set(query.compile().queryId, model);
      return query;
    },

    async executeQuery(query: AuthorizedQuery): Promise<object[]> {
      const id = typeof query?.compile === "function" ? query.compile().queryId : undefined;
      const model = id === undefined ? undefined : models.get(id);
      if (model === undefined) {
        throw new OperationalError(
          "invalid_argument",
          "kyselyAdapter: executeQuery takes a query built by this adapter's buildQuery (refined or not)",
        );
      }
      const rows = await query.execute();
      return rows.map((row) => instanceOf(model, row));
    },
  };
}

/**
 * The dialect, from how its query compiler writes a parameter: `$1` is PostgreSQL's, `?`
 * with double-quoted identifiers SQLite's. Anything else binds values as they are.
 */
function detectDialect(db: Kysely<AnyDB>): SqlDialect {
  const probe = sql`${sql.id("x")} = ${1}`.compile(db).sql;
  if (probe === '"x" = $1') return "postgres";
  if (probe === '"x" = ?') return "sqlite";
  return "other";
}

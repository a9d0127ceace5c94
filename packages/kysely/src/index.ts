/**
 * `@oso-ts/kysely`: data filtering for oso-ts (and Oso 0.27.3) over Kysely. The policy's
 * answer to "which rows may this actor see?" becomes one SQL query, on SQLite or PostgreSQL.
 *
 * @example
 * ```ts
 * import { kyselyAdapter } from "@oso-ts/kysely";
 *
 * oso.setDataFilteringAdapter(kyselyAdapter(db, { tables: { Repo: "repos" } }));
 * const query = await oso.authorizedQuery(user, "read", Repo);
 * const page = await query.orderBy("name").limit(20).execute();
 * ```
 * @module
 */
export {
  type AnyDB,
  type AnyFilter,
  type AuthorizedQuery,
  type KyselyAdapter,
  kyselyAdapter,
} from "./adapter.js";
export type { KyselyAdapterOptions, TypeMapping } from "./options.js";

/**
 * GitClub's tables, and opening a database: SQLite (a file, or `:memory:`) by default, or
 * PostgreSQL for a `postgres://` URL, both through Kysely. A new database (no tables yet)
 * gets the tables and the seed data, in one transaction.
 * @module
 */
import BetterSqlite3 from "better-sqlite3";
import {
  type ColumnType,
  type CreateTableBuilder,
  type Generated,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  sql,
} from "kysely";
import pg from "pg";
import { ORG_ROLES, REPO_ROLES } from "../models.js";
import { seed } from "./seed.js";

/** The tables, as Kysely types them. */
export interface Tables {
  users: { id: Generated<number>; name: string; token: string };
  orgs: { id: Generated<number>; name: string; description: Generated<string> };
  repos: {
    id: Generated<number>;
    org_id: number;
    name: string;
    description: Generated<string>;
    next_issue: Generated<number>;
  };
  issues: {
    id: Generated<number>;
    repo_id: number;
    number: number;
    title: string;
    body: Generated<string>;
    // SQLite stores 0/1, PostgreSQL a boolean: see Database.bool
    closed: ColumnType<number | boolean, number | boolean | undefined, number | boolean>;
    creator_id: number;
  };
  org_roles: { user_id: number; org_id: number; name: string };
  repo_roles: { user_id: number; repo_id: number; name: string };
}

/** Which database is behind the Kysely instance. */
export type Dialect = "sqlite" | "postgres";

/** An open GitClub database. */
export interface Database {
  readonly kysely: Kysely<Tables>;
  readonly dialect: Dialect;
  /** A boolean as this database stores it: 0/1 on SQLite (better-sqlite3 binds no booleans). */
  bool(value: boolean): number | boolean;
  /** Closes the connection (the pool, on PostgreSQL). */
  close(): Promise<void>;
}

/** The version of GitClub's tables: `PRAGMA user_version` on SQLite, `gitclub_meta` on PostgreSQL. */
const VERSION = 1;

/** Is `location` a PostgreSQL URL rather than a SQLite file? */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

/**
 * Open GitClub's database: a PostgreSQL URL (`postgres://user@host:5432/db`), or a SQLite
 * file (`":memory:"` for a private one, as the tests use). A new database is created and seeded.
 * @returns the database and whether it was just created
 */
export async function openDatabase(location: string): Promise<{ db: Database; created: boolean }> {
  if (isPostgresUrl(location)) {
    const pool = new pg.Pool({ connectionString: location });
    return prepareDatabase(new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) }), "postgres");
  }
  const file = new BetterSqlite3(location);
  file.pragma("foreign_keys = ON"); // the cascades of deleteOrg and deleteRepo need it
  return prepareDatabase(new Kysely<Tables>({ dialect: new SqliteDialect({ database: file }) }), "sqlite");
}

/**
 * GitClub's database on an open Kysely instance (`dialect` says which): creates the tables
 * and seeds them when there are none. `close()` destroys the instance.
 */
export async function prepareDatabase(
  kysely: Kysely<Tables>,
  dialect: Dialect,
): Promise<{ db: Database; created: boolean }> {
  const db: Database = {
    kysely,
    dialect,
    bool: (value) => (dialect === "sqlite" ? (value ? 1 : 0) : value),
    close: () => kysely.destroy(),
  };
  try {
    const version = await readVersion(db);
    if (version === VERSION) return { db, created: false };
    if (version !== 0) throw new Error(`unknown GitClub database version ${String(version)}`);
    await kysely.transaction().execute(async (trx) => {
      const inTransaction = { ...db, kysely: trx };
      await createTables(inTransaction);
      await seed(inTransaction);
      await writeVersion(inTransaction);
    });
    return { db, created: true };
  } catch (err) {
    await kysely.destroy();
    throw err;
  }
}

async function readVersion(db: Database): Promise<number> {
  if (db.dialect === "sqlite") {
    const { rows } = await sql<{ user_version: number }>`pragma user_version`.execute(db.kysely);
    return rows[0]?.user_version ?? 0;
  }
  const { rows } = await sql<{
    table: string | null;
  }>`select to_regclass('gitclub_meta')::text as "table"`.execute(db.kysely);
  if (rows[0]?.table == null) return 0;
  const meta = await sql<{ version: number }>`select version from gitclub_meta`.execute(db.kysely);
  return meta.rows[0]?.version ?? 0;
}

async function writeVersion(db: Database): Promise<void> {
  if (db.dialect === "sqlite") {
    await sql`pragma user_version = ${sql.lit(VERSION)}`.execute(db.kysely);
  } else {
    await sql`create table gitclub_meta (version integer not null)`.execute(db.kysely);
    await sql`insert into gitclub_meta (version) values (${VERSION})`.execute(db.kysely);
  }
}

const inList = (names: readonly string[]) => sql.join(names.map((n) => sql.lit(n)));

// Tokens are stored in clear because this is a demo with published tokens; a real app
// stores a hash of each and compares those.
async function createTables(db: Database): Promise<void> {
  const { kysely } = db;
  // SQLite's INTEGER PRIMARY KEY numbers rows itself; PostgreSQL needs an identity column
  const withId = <T extends string>(t: CreateTableBuilder<T, never>) =>
    db.dialect === "sqlite"
      ? t.addColumn("id", "integer", (c) => c.primaryKey())
      : t.addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity());
  await withId(kysely.schema.createTable("users"))
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("token", "text", (c) => c.notNull().unique())
    .execute();
  await withId(kysely.schema.createTable("orgs"))
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await withId(kysely.schema.createTable("repos"))
    .addColumn("org_id", "integer", (c) => c.notNull().references("orgs.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("next_issue", "integer", (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint("repos_org_name", ["org_id", "name"])
    .execute();
  await withId(kysely.schema.createTable("issues"))
    .addColumn("repo_id", "integer", (c) => c.notNull().references("repos.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("closed", db.dialect === "sqlite" ? "integer" : "boolean", (c) =>
      c.notNull().defaultTo(db.bool(false)),
    )
    .addColumn("creator_id", "integer", (c) => c.notNull().references("users.id"))
    .addUniqueConstraint("issues_repo_number", ["repo_id", "number"])
    .execute();
  await kysely.schema
    .createTable("org_roles")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("org_id", "integer", (c) => c.notNull().references("orgs.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull().check(sql`name in (${inList(ORG_ROLES)})`))
    .addPrimaryKeyConstraint("org_roles_pk", ["user_id", "org_id"])
    .execute();
  await kysely.schema
    .createTable("repo_roles")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("repo_id", "integer", (c) => c.notNull().references("repos.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull().check(sql`name in (${inList(REPO_ROLES)})`))
    .addPrimaryKeyConstraint("repo_roles_pk", ["user_id", "repo_id"])
    .execute();
}

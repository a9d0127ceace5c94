/**
 * The databases every test of this package runs on: SQLite (better-sqlite3, in memory),
 * PostgreSQL in process (PGlite), and a PostgreSQL server when `OSO_TS_PG_URL` is set
 * (`.ci/run` sets it when one answers at 127.0.0.1:5432). Each test file gets its own
 * database: a private SQLite or PGlite one, or a schema of its own on the server (dropped at
 * the end), so files running in parallel never see each other's tables.
 * @module
 */
import { randomBytes } from "node:crypto";
import type { AnyDB } from "@oso-ts/kysely";
import Database from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, sql } from "kysely";
import { KyselyPGlite } from "kysely-pglite";
import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";

/** A database the tests run on. */
export type DialectName = "sqlite" | "pglite" | "pg";

/** An open test database. */
export interface TestDatabase {
  readonly name: DialectName;
  readonly db: Kysely<AnyDB>;
  /** SQLite stores booleans as 0/1 and cannot bind `true`: the value to insert for a boolean. */
  bool(b: boolean): boolean | number;
  close(): Promise<void>;
}

/** The dialects of this run: always SQLite and PGlite, and the server of `OSO_TS_PG_URL` when set. */
export function dialectNames(): DialectName[] {
  return process.env.OSO_TS_PG_URL ? ["sqlite", "pglite", "pg"] : ["sqlite", "pglite"];
}

/** Opens a fresh, empty database of `name`. */
export async function openDatabase(name: DialectName): Promise<TestDatabase> {
  switch (name) {
    case "sqlite": {
      const db = new Kysely<AnyDB>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) });
      return { name, db, bool: (b) => (b ? 1 : 0), close: () => db.destroy() };
    }
    case "pglite": {
      const { dialect } = await KyselyPGlite.create();
      const db = new Kysely<AnyDB>({ dialect });
      return { name, db, bool: (b) => b, close: () => db.destroy() };
    }
    case "pg": {
      // a schema of this file's own, first on the search path of every connection
      const schema = `oso_kysely_${randomBytes(6).toString("hex")}`;
      const pool = new pg.Pool({
        connectionString: process.env.OSO_TS_PG_URL,
        options: `-c search_path=${schema}`,
        max: 4,
      });
      const db = new Kysely<AnyDB>({ dialect: new PostgresDialect({ pool }) });
      await sql`create schema ${sql.id(schema)}`.execute(db);
      return {
        name,
        db,
        bool: (b) => b,
        close: async () => {
          try {
            await sql`drop schema ${sql.id(schema)} cascade`.execute(db);
          } finally {
            await db.destroy();
          }
        },
      };
    }
  }
}

/**
 * `describe(title)` once per dialect of this run, each with its own database, opened before
 * the tests and closed after. `body` gets the open database through `current()`.
 */
export function describeEachDialect(title: string, body: (current: () => TestDatabase) => void): void {
  for (const name of dialectNames()) {
    describe(`${title} [${name}]`, () => {
      let t: TestDatabase | undefined;
      beforeAll(async () => {
        t = await openDatabase(name);
      }, 60_000);
      afterAll(async () => {
        await t?.close();
      });
      body(() => {
        if (t === undefined) throw new Error(`the ${name} database did not open`);
        return t;
      });
    });
  }
}

/**
 * GitClub's PostgreSQL databases for the tests: PGlite (PostgreSQL in process) always, and
 * the server of `OSO_TS_PG_URL` when it is set, in a schema of its own that `close()` drops.
 * @module
 */
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, type PostgresPool } from "kysely";
import pg from "pg";
import { type Database, openDatabase, prepareDatabase, type Tables } from "./db/schema.js";

/** A PostgreSQL to test on. */
export interface PostgresTarget {
  readonly name: string;
  /** A new, empty database (a PGlite instance, or a schema on the server), opened as GitClub does. */
  open(): Promise<{ db: Database; created: boolean; reopen(): Promise<boolean> }>;
}

/**
 * PGlite as the `pg` pool Kysely's PostgresDialect takes: one connection, lent to one user
 * at a time (a transaction holds it until it is released). Not `kysely-pglite`: as a
 * dependency of GitClub, its own dependencies change how pnpm resolves express's optional
 * peer (supports-color), which gives GitClub a second copy of express, whose request
 * prototype `@oso-ts/express` does not extend.
 */
function pglitePool(pglite: PGlite): PostgresPool {
  let queue = Promise.resolve();
  return {
    connect() {
      let release!: () => void;
      const turn = queue.then(() => ({
        async query(text: string, parameters: readonly unknown[]) {
          const r = await pglite.query<Record<string, unknown>>(text, [...parameters]);
          const command = text.trimStart().split(/\s/, 1)[0]!.toUpperCase();
          return { command, rowCount: r.affectedRows ?? r.rows.length, rows: r.rows };
        },
        release: () => release(),
      }));
      queue = turn.then(() => new Promise<void>((resolve) => (release = resolve)));
      return turn as ReturnType<PostgresPool["connect"]>;
    },
    end: () => pglite.close(),
  };
}

const pglite: PostgresTarget = {
  name: "pglite",
  async open() {
    const kysely = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: pglitePool(new PGlite()) }) });
    const opened = await prepareDatabase(kysely, "postgres");
    // another prepareDatabase on the same instance: created again, or not
    return { ...opened, reopen: async () => (await prepareDatabase(kysely, "postgres")).created };
  },
};

function server(url: string): PostgresTarget {
  return {
    name: "server",
    async open() {
      const schema = `gitclub_${randomBytes(6).toString("hex")}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      await admin.end();
      // DATABASE_URL as a user would write it, with the schema first on the search path
      const location = `${url}${url.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
      const withCleanup = (opened: { db: Database; created: boolean }) => ({
        created: opened.created,
        db: {
          ...opened.db,
          close: async () => {
            try {
              await opened.db.close();
            } finally {
              await dropSchema(url, schema);
            }
          },
        },
      });
      const opened = withCleanup(await openDatabase(location));
      const reopen = async () => {
        const again = await openDatabase(location);
        await again.db.close(); // its pool only: the schema stays for `opened`
        return again.created;
      };
      return { ...opened, reopen };
    },
  };
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await admin.end();
  }
}

/** The PostgreSQL targets of this run: PGlite, and the `OSO_TS_PG_URL` server when set. */
export function postgresTargets(): PostgresTarget[] {
  const url = process.env.OSO_TS_PG_URL;
  return url ? [pglite, server(url)] : [pglite];
}

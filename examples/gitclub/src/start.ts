/**
 * Starting GitClub: open (or create and seed) the database, listen, and say what to try.
 * @module
 */
import { mkdirSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname } from "node:path";
import { createApp } from "./app.js";
import { isPostgresUrl, openDatabase } from "./db/schema.js";
import { SEED_USERS } from "./db/seed.js";

/** Options of {@link startServer}. */
export interface StartOptions {
  /** The port (0: any free one). */
  port: number;
  /** The SQLite file; created, with its directory, and seeded when missing. */
  databaseFile: string;
  /**
   * A PostgreSQL URL (`postgres://user@host:5432/db`): when given, GitClub runs on it
   * instead of `databaseFile`, creating and seeding its tables when they are missing.
   */
  databaseUrl?: string | undefined;
  /** How to name the database in the banner (default: the file, or the URL without its password). */
  displayName?: string;
  /** Delete the database file first, so that it is created and seeded afresh. */
  reset?: boolean;
}

/** A running GitClub. */
export interface Started {
  readonly server: Server;
  readonly url: string;
  /** What to tell the person who started it: the URLs and tokens to try. */
  readonly banner: string;
}

/** Start GitClub; resolves once it listens. */
export async function startServer(options: StartOptions): Promise<Started> {
  if (options.databaseUrl !== undefined && !isPostgresUrl(options.databaseUrl)) {
    throw new Error("DATABASE_URL must be a postgres:// (or postgresql://) URL");
  }
  if (options.databaseUrl !== undefined && options.reset === true) {
    throw new Error("--reset empties a SQLite file only; on PostgreSQL, drop GitClub's tables yourself");
  }
  const location = options.databaseUrl ?? options.databaseFile;
  if (options.databaseUrl === undefined && location !== ":memory:") {
    mkdirSync(dirname(location), { recursive: true });
    // SQLite's journal would survive the file and be replayed into the new one
    if (options.reset === true)
      for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(`${location}${suffix}`, { force: true });
  }
  const { db, created } = await openDatabase(location);
  let server: Server;
  try {
    const app = await createApp({ db });
    server = await new Promise<Server>((resolve, reject) => {
      // Express 5 calls back once: with the error (EADDRINUSE, ...) or when listening
      const listening = app.listen(options.port, (err) => (err ? reject(err) : resolve(listening)));
    });
  } catch (err) {
    await db.close();
    throw err;
  }
  server.once("close", () => void db.close());
  const url = `http://localhost:${(server.address() as AddressInfo).port}`;
  const name = options.displayName ?? (options.databaseUrl ? withoutPassword(options.databaseUrl) : location);
  const database = `${name}${created ? " (new: created and seeded)" : ""}`;
  return { server, url, banner: banner(url, database) };
}

/** A database URL fit to print: its password, if any, replaced by `***`. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(a PostgreSQL URL)";
  }
}

/** The start-up message: where GitClub runs, who the users are, and curl commands to try. */
export function banner(url: string, database: string): string {
  const [alice, bob, , , eve] = SEED_USERS;
  const bearer = (token: string) => `-H "Authorization: Bearer ${token}"`;
  const json = '-H "Content-Type: application/json"';
  return [
    `GitClub (oso-ts + Express) is listening on ${url}`,
    `database: ${database}`,
    "",
    "Users and their bearer tokens:",
    ...SEED_USERS.map((u) => `  ${u.name.padEnd(6)} ${u.token.padEnd(14)} ${u.about}`),
    "",
    "Try:",
    "  # the organizations alice may see",
    `  curl ${bearer(alice.token)} ${url}/orgs`,
    "  # bob reads acme/anvil's issues (a member of acme reads its repositories)",
    `  curl ${bearer(bob.token)} ${url}/orgs/acme/repos/anvil/issues`,
    "  # 403: bob may read acme/anvil, not delete it",
    `  curl -i -X DELETE ${bearer(bob.token)} ${url}/orgs/acme/repos/anvil`,
    "  # 404: eve may not even know acme exists",
    `  curl -i ${bearer(eve.token)} ${url}/orgs/acme`,
    "  # 401: no token",
    `  curl -i ${url}/orgs`,
    "  # an issue's page, with what alice may do with it",
    `  curl ${bearer(alice.token)} -H "Accept: text/html" ${url}/orgs/acme/repos/anvil/issues/1`,
    "  # bob creates a repository in acme, and becomes its admin (201; run again: 409, the name is",
    "  # taken; start with --reset for the seed data again)",
    `  curl -X POST ${bearer(bob.token)} ${json} -d '{"name":"dynamite"}' ${url}/orgs/acme/repos`,
    "",
    "Press Ctrl+C to stop.",
  ].join("\n");
}

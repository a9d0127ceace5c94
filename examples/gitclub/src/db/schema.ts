/**
 * GitClub's tables, and opening a database: a new one is created and seeded.
 * @module
 */
import Database from "better-sqlite3";
import { ORG_ROLES, REPO_ROLES } from "../models.js";
import { seed } from "./seed.js";

/** A better-sqlite3 connection. */
export type Db = Database.Database;

const inList = (names: readonly string[]) => names.map((n) => `'${n}'`).join(", ");

// Tokens are stored in clear because this is a demo with published tokens; a real app
// stores a hash of each and compares those.
const SCHEMA = `
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  token TEXT NOT NULL UNIQUE
);
CREATE TABLE orgs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE repos (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  next_issue INTEGER NOT NULL DEFAULT 1,
  UNIQUE (org_id, name)
);
CREATE TABLE issues (
  id INTEGER PRIMARY KEY,
  repo_id INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  closed INTEGER NOT NULL DEFAULT 0,
  creator_id INTEGER NOT NULL REFERENCES users (id),
  UNIQUE (repo_id, number)
);
CREATE TABLE org_roles (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  name TEXT NOT NULL CHECK (name IN (${inList(ORG_ROLES)})),
  PRIMARY KEY (user_id, org_id)
);
CREATE TABLE repo_roles (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  repo_id INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
  name TEXT NOT NULL CHECK (name IN (${inList(REPO_ROLES)})),
  PRIMARY KEY (user_id, repo_id)
);
`;

/** `PRAGMA user_version` of a database with GitClub's tables and seed. */
const VERSION = 1;

/**
 * Open GitClub's database at `file` (`":memory:"` for a private one, as the tests use).
 * A new database (no tables yet) gets the tables and the seed data, in one transaction.
 * @returns the connection and whether it was just created
 */
export function openDatabase(file: string): { db: Db; created: boolean } {
  const db = new Database(file);
  db.pragma("foreign_keys = ON");
  const version = db.pragma("user_version", { simple: true });
  if (version === VERSION) return { db, created: false };
  if (version !== 0) throw new Error(`${file}: unknown GitClub database version ${String(version)}`);
  db.transaction(() => {
    db.exec(SCHEMA);
    seed(db);
    db.pragma(`user_version = ${VERSION}`);
  })();
  return { db, created: true };
}

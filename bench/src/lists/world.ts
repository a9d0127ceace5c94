/**
 * The lists benchmark's world: N repositories in organizations of 10, about 200 users with
 * roles, and the measured user allowed about 1% of the repositories (member of one
 * organization in 200, reader of one repository in 200). SQLite in memory, through Kysely.
 * @module
 */
import { type AnyDB, kyselyAdapter } from "@oso-ts/kysely";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";

export class User {
  constructor(
    readonly id: number,
    readonly orgRoles: readonly OrgRole[] = [],
    readonly repoRoles: readonly RepoRole[] = [],
  ) {}
}
export class Org {
  declare id: number;
  declare name: string;
}
export class Repo {
  declare id: number;
  declare name: string;
  declare orgId: number;
  /** Loaded with the repository for oso-ts's per-row decisions (a Relation field for oso@0.27.3). */
  declare org: Org;
}
export class OrgRole {
  declare id: number;
  declare userId: number;
  declare orgId: number;
  declare name: string;
}
export class RepoRole {
  declare id: number;
  declare userId: number;
  declare repoId: number;
  declare name: string;
}

/** The policy, the same text for oso-ts and oso@0.27.3 (GitClub's shape, reading only). */
export const POLICY = `
actor User {}

resource Org {
  permissions = ["read"];
  roles = ["member", "owner"];
  "read" if "member";
  "member" if "owner";
}

resource Repo {
  permissions = ["read"];
  roles = ["reader", "admin"];
  relations = { parent: Org };
  "read" if "reader";
  "reader" if "admin";
  "reader" if "member" on "parent";
  "admin" if "owner" on "parent";
}

has_relation(org: Org, "parent", repo: Repo) if org = repo.org;

has_role(user: User, name: String, org: Org) if
  role in user.orgRoles and role.name = name and role.orgId = org.id;
has_role(user: User, name: String, repo: Repo) if
  role in user.repoRoles and role.name = name and role.repoId = repo.id;

allow(actor, action, resource) if has_permission(actor, action, resource);
`;

/** The measured user. */
export const USER_ID = 1;
const OTHER_USERS = 200;
const REPOS_PER_ORG = 10;

/** The adapter's mapping of the world's classes to its tables. */
export const ADAPTER_OPTIONS = {
  tables: { Org: "orgs", Repo: "repos", OrgRole: "org_roles", RepoRole: "repo_roles", User: "users" },
  types: {
    Repo: { columns: { orgId: "org_id" } },
    OrgRole: { columns: { userId: "user_id", orgId: "org_id" } },
    RepoRole: { columns: { userId: "user_id", repoId: "repo_id" } },
  },
};

export interface World {
  readonly db: Kysely<AnyDB>;
  readonly repos: number;
  close(): Promise<void>;
}

/** A new in-memory world with `repos` repositories. */
export async function createWorld(repos: number): Promise<World> {
  const file = new Database(":memory:");
  const orgs = Math.max(1, Math.ceil(repos / REPOS_PER_ORG));
  file.exec(`
    CREATE TABLE users (id INTEGER PRIMARY KEY);
    CREATE TABLE orgs (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE repos (id INTEGER PRIMARY KEY, name TEXT NOT NULL, org_id INTEGER NOT NULL);
    CREATE INDEX repos_org ON repos (org_id);
    CREATE TABLE org_roles (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, org_id INTEGER NOT NULL, name TEXT NOT NULL);
    CREATE INDEX org_roles_user ON org_roles (user_id);
    CREATE TABLE repo_roles (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, repo_id INTEGER NOT NULL, name TEXT NOT NULL);
    CREATE INDEX repo_roles_user ON repo_roles (user_id);
  `);
  file.transaction(() => {
    const user = file.prepare("INSERT INTO users (id) VALUES (?)");
    for (let u = 1; u <= OTHER_USERS + 1; u++) user.run(u);
    const org = file.prepare("INSERT INTO orgs (id, name) VALUES (?, ?)");
    for (let o = 1; o <= orgs; o++) org.run(o, `org ${o}`);
    const repo = file.prepare("INSERT INTO repos (id, name, org_id) VALUES (?, ?, ?)");
    for (let r = 1; r <= repos; r++) repo.run(r, `repo ${r}`, Math.ceil(r / REPOS_PER_ORG));
    const orgRole = file.prepare("INSERT INTO org_roles (user_id, org_id, name) VALUES (?, ?, ?)");
    const repoRole = file.prepare("INSERT INTO repo_roles (user_id, repo_id, name) VALUES (?, ?, ?)");
    // the measured user: about 0.5% of the repositories through organizations, 0.5% directly
    for (let o = 1; o <= orgs; o += 200) orgRole.run(USER_ID, o, "member");
    for (let r = 100; r <= repos; r += 200) repoRole.run(USER_ID, r, "reader");
    // everyone else holds a few roles, so that the role tables are not the user's alone
    for (let u = 2; u <= OTHER_USERS + 1; u++) {
      for (let k = 0; k < 5; k++) {
        orgRole.run(u, 1 + ((u * 7 + k * 31) % orgs), k % 2 === 0 ? "member" : "owner");
        repoRole.run(u, 1 + ((u * 13 + k * 97) % repos), k % 2 === 0 ? "reader" : "admin");
      }
    }
  })();
  const db = new Kysely<AnyDB>({ dialect: new SqliteDialect({ database: file }) });
  return { db, repos, close: () => db.destroy() };
}

/** The hand-written query: the rows the policy allows, written for this schema. */
export async function handWritten(world: World, userId: number): Promise<{ id: number }[]> {
  const { rows } = await sql<{ id: number; name: string; org_id: number }>`
    select * from repos
    where org_id in (select org_id from org_roles where user_id = ${userId} and name in ('member', 'owner'))
       or id in (select repo_id from repo_roles where user_id = ${userId} and name in ('reader', 'admin'))`.execute(
    world.db,
  );
  return rows;
}

/** Every repository, with its organization, as the instances oso-ts decides on. */
export async function allRepos(world: World): Promise<Repo[]> {
  const rows = await world.db
    .selectFrom("repos")
    .innerJoin("orgs", "orgs.id", "repos.org_id")
    .select(["repos.id", "repos.name", "repos.org_id", "orgs.name as org_name"])
    .execute();
  return rows.map((r) => {
    const org = Object.assign(new Org(), { id: r.org_id as number, name: r.org_name as string });
    return Object.assign(new Repo(), {
      id: r.id as number,
      name: r.name as string,
      orgId: r.org_id as number,
      org,
    });
  });
}

/** The measured user, loaded with their roles (what oso-ts's per-row decisions read). */
export async function loadUser(world: World, userId: number): Promise<User> {
  const orgRoles = await world.db.selectFrom("org_roles").selectAll().where("user_id", "=", userId).execute();
  const repoRoles = await world.db
    .selectFrom("repo_roles")
    .selectAll()
    .where("user_id", "=", userId)
    .execute();
  const as = <T extends object>(
    cls: new () => T,
    row: Record<string, unknown>,
    fields: Record<string, string>,
  ) => Object.assign(new cls(), Object.fromEntries(Object.entries(fields).map(([f, c]) => [f, row[c]])));
  return new User(
    userId,
    orgRoles.map((r) => as(OrgRole, r, { id: "id", userId: "user_id", orgId: "org_id", name: "name" })),
    repoRoles.map((r) => as(RepoRole, r, { id: "id", userId: "user_id", repoId: "repo_id", name: "name" })),
  );
}

/** The adapter over the world's database. */
export function adapterOf(world: World) {
  return kyselyAdapter(world.db, ADAPTER_OPTIONS);
}

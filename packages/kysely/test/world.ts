/**
 * A small world for the adapter's tests: organizations, repositories (some without their
 * organization), issues ("many" per repository), folders in folders (with a cycle) and the
 * documents in them, with hostile strings as names. The same rows go into every dialect;
 * expected answers are computed from these arrays in JavaScript, never from the database.
 * @module
 */
import type { Filter, FilterCondition, FilterRelation, UserType } from "@oso-ts/core";
import { Relation } from "@oso-ts/core";
import type { KyselyAdapterOptions } from "@oso-ts/kysely";
import type { TestDatabase } from "./dialects.js";

export class Org {
  declare id: number;
  declare name: string;
}
export class Repo {
  declare id: number;
  declare name: string;
  declare orgId: number | null;
  declare isPublic: boolean;
  declare stars: number | null;
}
export class Issue {
  declare id: number;
  declare title: string;
  declare repoId: number;
  declare closed: boolean;
}
export class Folder {
  declare id: number;
  declare name: string;
  declare parentId: number | null;
}
export class Doc {
  declare id: number;
  declare title: string;
  declare folderId: number;
}
/** Registered but never stored: instances of it equal no row of another class. */
export class Stranger {
  declare id: number;
}

/** Strings that break naive SQL: quotes, LIKE wildcards, backslashes, unicode. */
export const HOSTILE = [
  "O'Reilly",
  'say "hi"',
  "100%",
  "under_score",
  "back\\slash",
  "ünï 😀",
  "'; drop table repos; --",
];
/** NUL cannot be stored in PostgreSQL text: only the SQLite world holds it. */
export const NUL_NAME = "nul\0byte";

export interface World {
  orgs: { id: number; name: string }[];
  repos: { id: number; name: string; orgId: number | null; isPublic: boolean; stars: number | null }[];
  issues: { id: number; title: string; repoId: number; closed: boolean }[];
  folders: { id: number; name: string; parentId: number | null }[];
  docs: { id: number; title: string; folderId: number }[];
}

/** The rows; `withNul` adds a repository whose name holds NUL (SQLite only). */
export function world(withNul: boolean): World {
  const orgs = [
    { id: 1, name: "acme" },
    { id: 2, name: "O'Reilly" },
    { id: 3, name: "100%" },
  ];
  const repos: World["repos"] = [
    { id: 1, name: "anvils", orgId: 1, isPublic: true, stars: 10 },
    { id: 2, name: "rockets", orgId: 1, isPublic: false, stars: null },
    { id: 3, name: "books", orgId: 2, isPublic: true, stars: 5 },
    { id: 4, name: "orphan", orgId: 99, isPublic: false, stars: 0 },
    { id: 5, name: "homeless", orgId: null, isPublic: true, stars: 7 },
    ...HOSTILE.map((name, i) => ({ id: 10 + i, name, orgId: 3, isPublic: i % 2 === 0, stars: i })),
  ];
  if (withNul) repos.push({ id: 30, name: NUL_NAME, orgId: 3, isPublic: false, stars: 3 });
  const issues = [
    { id: 1, title: "rust", repoId: 1, closed: false },
    { id: 2, title: "dust", repoId: 1, closed: false },
    { id: 3, title: "must", repoId: 1, closed: true },
    { id: 4, title: "boom", repoId: 2, closed: true },
    { id: 5, title: "typo", repoId: 3, closed: false },
    { id: 6, title: "lost", repoId: 4, closed: false },
  ];
  // 1 root > 2 shared > 3 deep > 4 deeper; 5 other; 6 <-> 7 a cycle; 8 under the cycle
  const folders = [
    { id: 1, name: "root", parentId: null },
    { id: 2, name: "shared", parentId: 1 },
    { id: 3, name: "deep", parentId: 2 },
    { id: 4, name: "deeper", parentId: 3 },
    { id: 5, name: "other", parentId: null },
    { id: 6, name: "ping", parentId: 7 },
    { id: 7, name: "pong", parentId: 6 },
    { id: 8, name: "below-cycle", parentId: 7 },
  ];
  const docs = [
    { id: 1, title: "plan", folderId: 4 },
    { id: 2, title: "memo", folderId: 5 },
    { id: 3, title: "loop", folderId: 8 },
    { id: 4, title: "top", folderId: 1 },
  ];
  return { orgs, repos, issues, folders, docs };
}

/** The registered types, as the core's (and Oso's) `types` map describes them. */
export function types(): Map<string, UserType> {
  const t = (
    name: string,
    cls: Function,
    fields: Record<string, Function | Relation>,
  ): [string, UserType] => [name, { name, cls, fields: new Map(Object.entries(fields)) }];
  return new Map([
    t("Org", Org, { id: Number, name: String, repos: new Relation("many", "Repo", "id", "orgId") }),
    t("Repo", Repo, {
      id: Number,
      name: String,
      isPublic: Boolean,
      stars: Number,
      org: new Relation("one", "Org", "orgId", "id"),
      issues: new Relation("many", "Issue", "id", "repoId"),
    }),
    t("Issue", Issue, {
      id: Number,
      title: String,
      closed: Boolean,
      repo: new Relation("one", "Repo", "repoId", "id"),
    }),
    t("Folder", Folder, {
      id: Number,
      name: String,
      parent: new Relation("one", "Folder", "parentId", "id"),
    }),
    t("Doc", Doc, { id: Number, title: String, folder: new Relation("one", "Folder", "folderId", "id") }),
    t("Stranger", Stranger, { id: Number }),
  ]);
}

/** The adapter options of this world: snake_case columns, plural tables. */
export const OPTIONS: KyselyAdapterOptions = {
  tables: { Org: "orgs", Issue: "issues", Folder: "folders", Doc: "docs" },
  types: {
    Repo: { table: "repos", columns: { orgId: "org_id", isPublic: "is_public" } },
    Issue: { columns: { repoId: "repo_id" } },
    Folder: { columns: { parentId: "parent_id" } },
    Doc: { columns: { folderId: "folder_id" } },
  },
};

/** Creates the tables and inserts the rows. */
export async function createWorld(t: TestDatabase, w: World): Promise<void> {
  const { db } = t;
  await db.schema
    .createTable("orgs")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("repos")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("org_id", "integer")
    .addColumn("is_public", "boolean", (c) => c.notNull())
    .addColumn("stars", "integer")
    .execute();
  await db.schema
    .createTable("issues")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("repo_id", "integer", (c) => c.notNull())
    .addColumn("closed", "boolean", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("folders")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("parent_id", "integer")
    .execute();
  await db.schema
    .createTable("docs")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("folder_id", "integer", (c) => c.notNull())
    .execute();
  await db.insertInto("orgs").values(w.orgs).execute();
  await db
    .insertInto("repos")
    .values(
      w.repos.map((r) => ({
        id: r.id,
        name: r.name,
        org_id: r.orgId,
        is_public: t.bool(r.isPublic),
        stars: r.stars,
      })),
    )
    .execute();
  await db
    .insertInto("issues")
    .values(w.issues.map((i) => ({ id: i.id, title: i.title, repo_id: i.repoId, closed: t.bool(i.closed) })))
    .execute();
  await db
    .insertInto("folders")
    .values(w.folders.map((f) => ({ id: f.id, name: f.name, parent_id: f.parentId })))
    .execute();
  await db
    .insertInto("docs")
    .values(w.docs.map((d) => ({ id: d.id, title: d.title, folder_id: d.folderId })))
    .execute();
}

/** A filter over `model` of this world. */
export function filter(
  model: string,
  conditions: FilterCondition[][],
  relations: FilterRelation[] = [],
  typeMap: Map<string, UserType> = TYPES,
): Filter {
  return { model, relations, conditions, types: typeMap };
}

/** The ids of some objects, sorted: result sets compare as sets. */
export function ids(objects: readonly { id: number }[] | readonly object[]): number[] {
  return (objects as { id: number }[]).map((o) => o.id).sort((a, b) => a - b);
}

/** One registry for every filter of a test file (the adapter caches per registered type). */
export const TYPES = types();

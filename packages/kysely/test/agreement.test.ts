/**
 * Data filtering's invariant, in SQL: the core's agreement test (random worlds of users,
 * orgs in a tree, repos, issues, folders in folders, role assignments, hostile strings) with
 * every world also written to SQLite, PGlite and, when `OSO_TS_PG_URL` is set, a PostgreSQL
 * server. For every policy of the examples and of the core's fixtures, every actor, action
 * and class, `authorizedResources` through `@oso-ts/kysely` must return exactly the rows
 * `isAllowed` allows (decided in memory, with the core's `arrayAdapter`, so the reference
 * never touches SQL). On the hand-made world, `isAllowed` also runs through the adapter
 * (its Relation fields read from the database) and must give the same answers.
 *
 * `OSO_TS_AGREEMENT_RUNS` sets the number of random worlds per policy (default 4).
 */
import { arrayAdapter, Oso } from "@oso-ts/core";
import { kyselyAdapter } from "@oso-ts/kysely";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
// the core's own fixtures (test code, not its public API): the same worlds and policies
import {
  CASES,
  type Case,
  EXAMPLE_CASES,
  Folder,
  Issue,
  loadCase,
  Org,
  Page,
  Repo,
  Role,
  registerFixtures,
  richWorld,
  User,
  type World,
  worldArb,
} from "../../core/src/filter/fixtures.js";
import { dialectNames, openDatabase, type TestDatabase } from "./dialects.js";

const RUNS = Number(process.env.OSO_TS_AGREEMENT_RUNS ?? 4);
const CLASSES = ["Org", "Repo", "Issue", "Folder", "Page", "User"] as const;

let databases: TestDatabase[] = [];

beforeAll(async () => {
  databases = await Promise.all(dialectNames().map((name) => openDatabase(name)));
  for (const t of databases) await createTables(t);
}, 60_000);
afterAll(async () => {
  await Promise.all(databases.map((t) => t.close()));
});

/** One table per class, named as the class, one column per declared field (no options needed). */
async function createTables(t: TestDatabase): Promise<void> {
  const bool = t.name === "sqlite" ? "integer" : "boolean";
  const table = (name: string) =>
    t.db.schema.createTable(name).addColumn("id", "integer", (c) => c.primaryKey());
  await table("Org").addColumn("name", "text").addColumn("parentId", "integer").execute();
  await table("Repo")
    .addColumn("name", "text")
    .addColumn("orgId", "integer")
    .addColumn("isPublic", bool)
    .execute();
  await table("Issue")
    .addColumn("repoId", "integer")
    .addColumn("closed", bool)
    .addColumn("creatorId", "integer")
    .execute();
  await table("Folder").addColumn("name", "text").addColumn("parentId", "integer").execute();
  await table("Page").execute();
  await table("User").addColumn("name", "text").execute();
}

/** Replace every table's rows with `w`'s. */
async function write(t: TestDatabase, w: World): Promise<void> {
  const rows: Record<(typeof CLASSES)[number], Record<string, unknown>[]> = {
    Org: w.Org.map((o) => ({ id: o.id, name: o.name, parentId: o.parentId })),
    Repo: w.Repo.map((r) => ({ id: r.id, name: r.name, orgId: r.orgId, isPublic: t.bool(r.isPublic) })),
    Issue: w.Issue.map((i) => ({
      id: i.id,
      repoId: i.repoId,
      closed: t.bool(i.closed),
      creatorId: i.creatorId,
    })),
    Folder: w.Folder.map((f) => ({ id: f.id, name: f.name, parentId: f.parentId })),
    Page: w.Page.map((p) => ({ id: p.id })),
    User: w.User.map((u) => ({ id: u.id, name: u.name })),
  };
  for (const name of CLASSES) {
    await t.db.deleteFrom(name).execute();
    if (rows[name].length > 0) await t.db.insertInto(name).values(rows[name]).execute();
  }
}

/**
 * `w` as PostgreSQL can store it: its text type cannot hold NUL, so NUL becomes U+2400
 * (the same world otherwise, roles pointing at the copies). SQLite stores NUL as it is.
 */
function storableInPostgres(w: World): World {
  const strings = [...w.Org, ...w.Repo, ...w.Folder, ...w.User].map((x) => x.name);
  if (!strings.some((s) => s.includes("\0"))) return w;
  const fix = (s: string) => s.replaceAll("\0", "\u2400");
  const copies = new Map<unknown, unknown>();
  const copy = <T>(list: T[], make: (x: T) => T) =>
    list.map((x) => {
      const c = make(x);
      copies.set(x, c);
      return c;
    });
  const Orgs = copy(w.Org, (o) => new Org(o.id, fix(o.name), o.parentId));
  const Repos = copy(w.Repo, (r) => new Repo(r.id, fix(r.name), r.orgId, r.isPublic));
  const Issues = copy(w.Issue, (i) => new Issue(i.id, i.repoId, i.closed, i.creatorId));
  const Folders = copy(w.Folder, (f) => new Folder(f.id, fix(f.name), f.parentId));
  const Pages = copy(w.Page, (p) => new Page(p.id));
  const Users = w.User.map(
    (u) =>
      new User(
        u.id,
        fix(u.name),
        u.roles.map((r) => new Role(r.name, copies.get(r.resource) ?? r.resource)),
      ),
  );
  return { Org: Orgs, Repo: Repos, Issue: Issues, Folder: Folders, Page: Pages, User: Users };
}

/** The row ids `isAllowed` allows, per user, class and action, decided by `oso`. */
async function allowedIds(oso: Oso, w: World, c: Case): Promise<string[]> {
  const out: string[] = [];
  for (const user of w.User) {
    for (const cls of c.classes) {
      for (const action of c.actions) {
        const ids: number[] = [];
        for (const row of w[cls] as { id: number }[])
          if (await oso.isAllowed(user, action, row)) ids.push(row.id);
        out.push(`user ${user.id} ${action} ${cls}: ${ids.join(",")}`);
      }
    }
  }
  return out;
}

/** The row ids `authorizedResources` returns, in the same layout as {@link allowedIds}. */
async function filteredIds(oso: Oso, w: World, c: Case): Promise<string[]> {
  const out: string[] = [];
  for (const user of w.User) {
    for (const cls of c.classes) {
      for (const action of c.actions) {
        const rows = (await oso.authorizedResources(user, action, cls)) as { id: number }[];
        const ids = rows.map((r) => r.id).sort((a, b) => a - b);
        out.push(`user ${user.id} ${action} ${cls}: ${ids.join(",")}`);
      }
    }
  }
  return out;
}

async function osoFor(c: Case, adapter: Parameters<Oso["setDataFilteringAdapter"]>[0]): Promise<Oso> {
  const oso = new Oso({ onWarning: () => {}, print: () => {} });
  registerFixtures(oso);
  await loadCase(oso, c);
  oso.setDataFilteringAdapter(adapter);
  return oso;
}

describe.each([...CASES, ...EXAMPLE_CASES])("$name, in SQL", (c) => {
  test(`authorizedResources through @oso-ts/kysely = the rows isAllowed allows [${dialectNames().join(", ")}]`, async () => {
    const rich = richWorld();
    let current: World = rich;
    const reference = await osoFor(
      c,
      arrayAdapter((type) => current[type as keyof World]),
    );
    // users come back as the world's own objects (with their roles), as an app's loader would
    const inDatabase = await Promise.all(
      databases.map(async (t) => ({
        t,
        oso: await osoFor(
          c,
          kyselyAdapter(t.db, {
            types: { User: { fromRow: (f) => current.User.find((u) => u.id === f.id) ?? f } },
          }),
        ),
      })),
    );
    let nonEmpty = 0;
    await fc.assert(
      fc.asyncProperty(worldArb, async (w) => {
        const expected = new Map<World, string[]>();
        for (const { t, oso } of inDatabase) {
          const world = t.name === "sqlite" ? w : storableInPostgres(w);
          current = world;
          if (!expected.has(world)) expected.set(world, await allowedIds(reference, world, c));
          await write(t, world);
          const want = expected.get(world)!;
          nonEmpty += want.filter((line) => !line.endsWith(": ")).length;
          expect({ dialect: t.name, lines: await filteredIds(oso, world, c) }).toEqual({
            dialect: t.name,
            lines: want,
          });
          // on the hand-made world, decisions with the relations read from the database agree too
          if (w === rich) {
            expect({ dialect: t.name, lines: await allowedIds(oso, world, c) }).toEqual({
              dialect: t.name,
              lines: want,
            });
          }
        }
      }),
      { numRuns: RUNS, examples: [[rich]] },
    );
    // the worlds allowed something: the comparison was not between empty lists only
    expect(nonEmpty).toBeGreaterThan(0);
  }, 120_000);
});

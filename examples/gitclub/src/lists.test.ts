/**
 * The list routes show exactly what the caller may read, and nothing else, one page at a
 * time, each from one SQL query built by the policy.
 */

import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { describe, expect, it } from "vitest";
import { createApp } from "./app.js";
import { prepareDatabase, type Tables } from "./db/schema.js";
import type { SeedUser } from "./db/seed.js";
import { Store } from "./db/store.js";
import { MAX_LIMIT } from "./http/page.js";
import { newApp, send } from "./testing.js";

/** The names in a list answer (`org/repo` for repositories, `#n` for issues). */
function names(
  list: ReadonlyArray<{ org?: string; name?: string; repo?: string; number?: number }>,
): string[] {
  return list.map((x) =>
    x.number !== undefined ? `#${x.number}` : x.org ? `${x.org}/${x.name}` : String(x.name),
  );
}

const LISTS: ReadonlyArray<readonly [string, Partial<Record<SeedUser, readonly string[]>>]> = [
  ["/orgs", { alice: ["acme"], bob: ["acme"], carol: [], dave: ["globex"], eve: [] }],
  [
    "/repos",
    {
      alice: ["acme/anvil", "acme/rockets"],
      bob: ["acme/anvil", "acme/rockets"],
      carol: ["acme/rockets"],
      dave: ["acme/anvil", "globex/widgets"],
      eve: [],
    },
  ],
  ["/orgs/acme/repos", { alice: ["acme/anvil", "acme/rockets"], bob: ["acme/anvil", "acme/rockets"] }],
  ["/orgs/globex/repos", { dave: ["globex/widgets"] }],
  ["/orgs/acme/repos/anvil/issues", { alice: ["#1", "#2"], bob: ["#1", "#2"], dave: ["#1", "#2"] }],
  ["/orgs/acme/repos/rockets/issues", { alice: ["#1"], bob: ["#1"], carol: ["#1"] }],
];

/** Members as `user:role`. */
const members = (list: ReadonlyArray<{ user: string; role: string }>) =>
  list.map((m) => `${m.user}:${m.role}`);

describe.each(LISTS)("GET %s", (path, expected) => {
  it.each(Object.entries(expected))("as %s lists %j", async (caller, list) => {
    const res = await send(await newApp(), caller as SeedUser, "get", path);
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(list);
  });
});

describe("lists follow changes", () => {
  it("a repository bob creates in acme shows in his lists and alice's, not carol's", async () => {
    const app = await newApp();
    expect((await send(app, "bob", "post", "/orgs/acme/repos", { name: "dynamite" })).status).toBe(201);
    expect(names((await send(app, "bob", "get", "/repos")).body)).toEqual([
      "acme/anvil",
      "acme/dynamite",
      "acme/rockets",
    ]);
    expect(names((await send(app, "alice", "get", "/orgs/acme/repos")).body)).toContain("acme/dynamite");
    expect(names((await send(app, "carol", "get", "/repos")).body)).toEqual(["acme/rockets"]);
  });

  it("a deleted organization leaves its owner's lists, with its repositories", async () => {
    const app = await newApp();
    expect((await send(app, "dave", "delete", "/orgs/globex")).status).toBe(204);
    expect((await send(app, "dave", "get", "/orgs")).body).toEqual([]);
    expect(names((await send(app, "dave", "get", "/repos")).body)).toEqual(["acme/anvil"]);
  });

  it("a new issue is listed for every reader of its repository", async () => {
    const app = await newApp();
    await send(app, "dave", "post", "/orgs/acme/repos/anvil/issues", { title: "Rust" });
    for (const caller of ["alice", "bob", "dave"] as const) {
      expect(names((await send(app, caller, "get", "/orgs/acme/repos/anvil/issues")).body)).toEqual([
        "#1",
        "#2",
        "#3",
      ]);
    }
  });
});

describe("GET /orgs/:org/members", () => {
  it("lists an organization's members to those who may read it", async () => {
    const app = await newApp();
    for (const caller of ["alice", "bob"] as const) {
      const res = await send(app, caller, "get", "/orgs/acme/members");
      expect(res.status).toBe(200);
      expect(members(res.body)).toEqual(["alice:owner", "bob:member"]);
    }
    expect(members((await send(app, "dave", "get", "/orgs/globex/members")).body)).toEqual(["dave:owner"]);
  });

  it("is a 404 to those who may not read the organization, and a 401 without a token", async () => {
    const app = await newApp();
    expect((await send(app, "carol", "get", "/orgs/acme/members")).status).toBe(404);
    expect((await send(app, "dave", "get", "/orgs/acme/members")).status).toBe(404);
    expect((await send(app, "nobody", "get", "/orgs/acme/members")).status).toBe(401);
  });
});

describe("pagination", () => {
  /** A GitClub where bob (a member of acme) sees acme's 3 repositories plus `extra` more. */
  async function withRepos(extra: number) {
    const app = await newApp();
    for (let i = 0; i < extra; i++) {
      const name = `r${String(i).padStart(3, "0")}`;
      expect((await send(app, "alice", "post", "/orgs/acme/repos", { name })).status).toBe(201);
    }
    // a repository of globex, which bob may not read, sorts among them
    expect((await send(app, "dave", "post", "/orgs/globex/repos", { name: "aaa" })).status).toBe(201);
    return app;
  }

  it("pages through a list in order, each page filtered by the policy", async () => {
    const app = await withRepos(7);
    const all = names((await send(app, "bob", "get", "/repos")).body);
    expect(all).toEqual([
      "acme/anvil",
      ...Array.from({ length: 7 }, (_, i) => `acme/r00${i}`),
      "acme/rockets",
    ]);
    const pages: string[] = [];
    for (let offset = 0; offset < 12; offset += 4) {
      const res = await send(app, "bob", "get", `/repos?limit=4&offset=${offset}`);
      expect(res.status).toBe(200);
      expect(res.body.length).toBe(Math.min(4, Math.max(0, all.length - offset)));
      pages.push(...names(res.body));
    }
    expect(pages).toEqual(all);
    expect(names((await send(app, "bob", "get", "/orgs/acme/repos?limit=2&offset=1")).body)).toEqual([
      "acme/r000",
      "acme/r001",
    ]);
    // a member of acme never sees globex's repository, on any page
    expect(names((await send(app, "dave", "get", "/repos?limit=2")).body)).toEqual([
      "acme/anvil",
      "globex/aaa",
    ]);
  });

  it("answers 50 rows by default, and at most the maximum", async () => {
    const app = await withRepos(MAX_LIMIT + 2);
    expect((await send(app, "bob", "get", "/repos")).body).toHaveLength(50);
    expect((await send(app, "bob", "get", `/repos?limit=${MAX_LIMIT}`)).body).toHaveLength(MAX_LIMIT);
    // acme's 2 seeded repositories and the 102 added ones
    expect(
      (await send(app, "bob", "get", `/repos?offset=${MAX_LIMIT}&limit=${MAX_LIMIT}`)).body,
    ).toHaveLength(4);
  }, 30_000);

  it("pages issues, organizations and members too", async () => {
    const app = await newApp();
    expect(names((await send(app, "bob", "get", "/orgs/acme/repos/anvil/issues?offset=1")).body)).toEqual([
      "#2",
    ]);
    expect(names((await send(app, "dave", "get", "/orgs?limit=1&offset=1")).body)).toEqual([]);
    expect(members((await send(app, "bob", "get", "/orgs/acme/members?limit=1&offset=1")).body)).toEqual([
      "bob:member",
    ]);
  });

  it.each([
    "limit=0",
    "limit=101",
    "limit=-1",
    "limit=1.5",
    "limit=1e1",
    "limit=01",
    "limit=",
    "limit=ten",
    "limit=1&limit=2",
    "offset=-1",
    "offset=1000001",
    "offset=x",
    "offset= 1",
  ])("answers 400 for ?%s on every list", async (query) => {
    const app = await newApp();
    for (const path of [
      "/orgs",
      "/repos",
      "/orgs/acme/repos",
      "/orgs/acme/repos/anvil/issues",
      "/orgs/acme/members",
    ]) {
      const res = await send(app, "alice", "get", `${path}?${query}`);
      expect(res.status, `${path}?${query}`).toBe(400);
      expect(res.body.error.message).toMatch(/^(limit|offset) must be an integer from/);
    }
  });
});

describe("each list is one SQL query", () => {
  it("reads its table once, through the policy's filter, and never row by row", async () => {
    const queries: string[] = [];
    const kysely = new Kysely<Tables>({
      dialect: new SqliteDialect({ database: new BetterSqlite3(":memory:") }),
      log: (event) => {
        if (event.level === "query") queries.push(event.query.sql);
      },
    });
    const { db } = await prepareDatabase(kysely, "sqlite");
    const app = await createApp({ db });
    const table: Record<string, RegExp> = {
      "/orgs": /from "orgs" as "Org"/,
      "/repos": /from "repos" as "Repo"/,
      "/orgs/acme/repos": /from "repos" as "Repo"/,
      "/orgs/acme/repos/anvil/issues": /from "issues" as "Issue"/,
      "/orgs/acme/members": /from "org_roles" as "Member"/,
    };
    for (const [path, list] of Object.entries(table)) {
      queries.length = 0;
      const res = await send(app, "bob", "get", path);
      expect(res.status).toBe(200);
      const listing = queries.filter((q) => list.test(q));
      expect(listing, path).toHaveLength(1);
      expect(listing[0]).toMatch(/ limit \? offset \?$/);
    }
    // the store has no list method that loads a table without the policy's filter
    expect(
      Object.getOwnPropertyNames(Store.prototype).filter((m) => /^(orgs|repos|issues)$/.test(m)),
    ).toEqual([]);
    await db.close();
  });
});

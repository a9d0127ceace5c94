/**
 * GitClub's lists agree with its decisions: for every seeded user, and for users holding
 * random subsets of the seed's role assignments, `authorizedResources` through GitClub's
 * Kysely adapter (one SQL query) returns exactly the organizations, repositories, issues and
 * members on which `isAllowed` (relations read from the same database) allows the action.
 */
import type { PolicyAction } from "@oso-ts/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GitClubPolicy } from "./actor.js";
import { type Database, openDatabase } from "./db/schema.js";
import { Issue, Member, Org, type OrgRole, Repo, type RepoRole, User } from "./models.js";
import { createOso, gitclubAdapter } from "./oso.js";

const ACTIONS: Record<string, readonly PolicyAction<GitClubPolicy>[]> = {
  Org: ["read", "update", "delete", "create_repo"],
  Repo: ["read", "create_issue", "update", "delete"],
  Issue: ["read", "update", "close", "delete"],
  Member: ["read"],
};

type Assignment = { userId: number } & ({ org: OrgRole } | { repo: RepoRole });

let db: Database;
let resources: Record<string, object[]>;
let users: { id: number; name: string }[];
let assignments: Assignment[];

beforeAll(async () => {
  db = (await openDatabase(":memory:")).db;
  const k = db.kysely;
  users = await k.selectFrom("users").select(["id", "name"]).orderBy("id").execute();
  const orgs = new Map(
    (await k.selectFrom("orgs").selectAll().execute()).map((o) => [
      o.id,
      new Org(o.id, o.name, o.description),
    ]),
  );
  const repos = new Map(
    (await k.selectFrom("repos").selectAll().execute()).map((r) => [
      r.id,
      new Repo(r.id, r.name, r.description, orgs.get(r.org_id)!),
    ]),
  );
  const issues = (await k.selectFrom("issues").selectAll().execute()).map(
    (i) =>
      new Issue(i.id, i.number, i.title, i.body, Boolean(i.closed), i.creator_id, "", repos.get(i.repo_id)!),
  );
  const orgRoles = await k.selectFrom("org_roles").selectAll().execute();
  const repoRoles = await k.selectFrom("repo_roles").selectAll().execute();
  resources = {
    Org: [...orgs.values()],
    Repo: [...repos.values()],
    Issue: issues,
    Member: orgRoles.map((r) => new Member(r.user_id, r.org_id, r.name as Member["name"])),
  };
  assignments = [
    ...orgRoles.map((r) => ({
      userId: r.user_id,
      org: { orgId: r.org_id, name: r.name as OrgRole["name"] },
    })),
    ...repoRoles.map((r) => ({
      userId: r.user_id,
      repo: { repoId: r.repo_id, name: r.name as RepoRole["name"] },
    })),
  ];
});
afterAll(async () => {
  await db?.close();
});

/** A row's identity: its id, or user and organization for a member. */
const key = (x: object) =>
  x instanceof Member ? `${x.userId}@${x.orgId}` : String((x as { id: number }).id);

/** Every (user, action, class) line, listed by `authorizedResources` or by `isAllowed` per row. */
async function lines(kept: readonly Assignment[], how: "filter" | "decide"): Promise<string[]> {
  const oso = await osoPromise;
  const out: string[] = [];
  for (const { id, name } of users) {
    const mine = kept.filter((a) => a.userId === id);
    const user = new User(
      id,
      name,
      mine.flatMap((a) => ("org" in a ? [a.org] : [])),
      mine.flatMap((a) => ("repo" in a ? [a.repo] : [])),
    );
    for (const [cls, actions] of Object.entries(ACTIONS)) {
      for (const action of actions) {
        let found: string[];
        if (how === "filter")
          found = ((await oso.authorizedResources(user, action, cls)) as object[]).map(key);
        else {
          found = [];
          for (const r of resources[cls]!) if (await oso.isAllowed(user, action, r)) found.push(key(r));
        }
        out.push(`${name} ${action} ${cls}: ${found.sort().join(",")}`);
      }
    }
  }
  return out;
}

let osoPromise: ReturnType<typeof createOso>;
beforeAll(() => {
  osoPromise = createOso(gitclubAdapter(db));
});

describe("GitClub's lists agree with isAllowed", () => {
  it("for the seeded users, and the lists are not all empty", async () => {
    const filtered = await lines(assignments, "filter");
    expect(filtered).toEqual(await lines(assignments, "decide"));
    expect(filtered).toContain("bob read Repo: 1,2");
    expect(filtered).toContain("alice read Member: 1@1,2@1");
  });

  it("for users holding any subset of the seed's role assignments", async () => {
    await fc.assert(
      fc.asyncProperty(fc.subarray(assignments), async (kept) => {
        expect(await lines(kept, "filter")).toEqual(await lines(kept, "decide"));
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});

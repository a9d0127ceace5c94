/**
 * In GitClub every action requires "read": whoever may act on an organization, repository or
 * issue may also read it, for every seeded user and resource, and after any membership is
 * removed. Without it, an issue's creator removed from the organization could still close
 * an issue they can no longer see.
 */
import { arrayAdapter, type Oso } from "@oso-ts/core";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app.js";
import { openDatabase } from "./db/schema.js";
import { Issue, Org, type OrgRole, Repo, type RepoRole, User } from "./models.js";
import { createOso } from "./oso.js";
import { send } from "./testing.js";

/** Every action the policy knows, tried on every kind of resource. */
const ACTIONS = ["read", "update", "delete", "create_repo", "create_issue", "close", "list"];

/** A role assignment of the seed, as its table row. */
type Assignment =
  | { readonly table: "org_roles"; readonly userId: number; readonly role: OrgRole }
  | { readonly table: "repo_roles"; readonly userId: number; readonly role: RepoRole };

/** The seeded data, read from a fresh database with plain queries (no model of the store). */
async function seeded() {
  const { db } = await openDatabase(":memory:");
  const k = db.kysely;
  const users = await k.selectFrom("users").select(["id", "name"]).orderBy("id").execute();
  const orgs = new Map(
    (await k.selectFrom("orgs").select(["id", "name", "description"]).execute()).map((o) => [
      o.id,
      new Org(o.id, o.name, o.description),
    ]),
  );
  const repos = new Map(
    (await k.selectFrom("repos").select(["id", "name", "description", "org_id"]).execute()).map((r) => [
      r.id,
      new Repo(r.id, r.name, r.description, orgs.get(r.org_id)!),
    ]),
  );
  const issues = (
    await k
      .selectFrom("issues as i")
      .innerJoin("users as u", "u.id", "i.creator_id")
      .select(["i.id", "i.number", "i.title", "i.body", "i.closed", "i.creator_id", "u.name", "i.repo_id"])
      .execute()
  ).map(
    (i) =>
      new Issue(
        i.id,
        i.number,
        i.title,
        i.body,
        i.closed === 1 || i.closed === true,
        i.creator_id,
        i.name,
        repos.get(i.repo_id)!,
      ),
  );
  const assignments: Assignment[] = [
    ...(await k.selectFrom("org_roles").select(["user_id", "org_id", "name"]).execute()).map(
      (r): Assignment => ({
        table: "org_roles",
        userId: r.user_id,
        role: { orgId: r.org_id, name: r.name as OrgRole["name"] },
      }),
    ),
    ...(await k.selectFrom("repo_roles").select(["user_id", "repo_id", "name"]).execute()).map(
      (r): Assignment => ({
        table: "repo_roles",
        userId: r.user_id,
        role: { repoId: r.repo_id, name: r.name as RepoRole["name"] },
      }),
    ),
  ];
  await db.close();
  return {
    users,
    orgs: [...orgs.values()],
    repos: [...repos.values()],
    resources: [...orgs.values(), ...repos.values(), ...issues],
    assignments,
  };
}

/** The users, each holding only the assignments in `kept`. */
function usersWith(data: Awaited<ReturnType<typeof seeded>>, kept: readonly Assignment[]): User[] {
  return data.users.map(({ id, name }) => {
    const mine = kept.filter((a) => a.userId === id);
    return new User(
      id,
      name,
      mine.flatMap((a) => (a.table === "org_roles" ? [a.role] : [])),
      mine.flatMap((a) => (a.table === "repo_roles" ? [a.role] : [])),
    );
  });
}

let oso: Oso;
let data: Awaited<ReturnType<typeof seeded>>;
beforeAll(async () => {
  data = await seeded();
  // the policy's relations (repo.org, issue.repo) are read through an adapter: the seed's rows
  oso = await createOso(arrayAdapter({ Org: data.orgs, Repo: data.repos }));
});

/** Every (user, action, resource) allowed without "read" on the same resource. */
async function actionsWithoutRead(users: readonly User[]): Promise<string[]> {
  const found: string[] = [];
  for (const user of users) {
    for (const resource of data.resources) {
      const canRead = await oso.isAllowed(user, "read", resource);
      for (const action of ACTIONS) {
        if (!canRead && (await oso.isAllowed(user, action, resource))) {
          found.push(
            `${user.name} may ${action} ${resource.constructor.name} ${resource.id} but not read it`,
          );
        }
      }
    }
  }
  return found;
}

describe("every action requires read", () => {
  it("the seed is what the property runs over: 5 users, 9 resources, 5 role assignments", () => {
    expect([data.users.length, data.resources.length, data.assignments.length]).toEqual([5, 9, 5]);
  });

  it("for every user, resource and action of the seed, and after any memberships are removed", async () => {
    expect(await actionsWithoutRead(usersWith(data, data.assignments))).toEqual([]);
    await fc.assert(
      fc.asyncProperty(fc.subarray(data.assignments), async (kept) => {
        expect(await actionsWithoutRead(usersWith(data, kept))).toEqual([]);
      }),
      { numRuns: 64 },
    );
  });

  it("over HTTP: bob, removed from acme, may neither see nor close the issue he opened", async () => {
    const { db } = await openDatabase(":memory:");
    const app = await createApp({ db });
    const issue = "/orgs/acme/repos/anvil/issues/1";
    expect((await send(app, "bob", "get", issue)).body.creator).toBe("bob");
    const bob = db.kysely.selectFrom("users").select("id").where("name", "=", "bob");
    const acme = db.kysely.selectFrom("orgs").select("id").where("name", "=", "acme");
    await db.kysely.deleteFrom("org_roles").where("user_id", "=", bob).where("org_id", "=", acme).execute();
    expect((await send(app, "bob", "get", issue)).status).toBe(404);
    expect((await send(app, "bob", "post", `${issue}/close`)).status).toBe(404);
    expect((await send(app, "alice", "get", issue)).body.closed).toBe(false);
    // a creator who may still read it may still close it
    expect((await send(app, "dave", "post", "/orgs/globex/repos/widgets/issues/1/close")).status).toBe(200);
    await db.close();
  });
});

/**
 * In GitClub every action requires "read": whoever may act on an organization, repository or
 * issue may also read it, for every seeded user and resource, and after any membership is
 * removed. Without it, an issue's creator removed from the organization could still close
 * an issue they can no longer see.
 */
import type { Oso } from "@oso-ts/core";
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

/** The seeded data, read from a fresh database with plain SQL (no model of the store). */
function seeded() {
  const { db } = openDatabase(":memory:");
  const users = db.prepare("SELECT id, name FROM users ORDER BY id").all() as { id: number; name: string }[];
  const orgs = new Map(
    (db.prepare("SELECT id, name, description FROM orgs").all() as Org[]).map((o) => [
      o.id,
      new Org(o.id, o.name, o.description),
    ]),
  );
  const repos = new Map(
    (
      db.prepare("SELECT id, name, description, org_id AS orgId FROM repos").all() as (Repo & {
        orgId: number;
      })[]
    ).map((r) => [r.id, new Repo(r.id, r.name, r.description, orgs.get(r.orgId)!)]),
  );
  type IssueRow = Omit<Issue, "repo" | "closed"> & { repoId: number; closed: number };
  const issues = (
    db
      .prepare(
        `SELECT i.id, i.number, i.title, i.body, i.closed, i.creator_id AS creatorId,
                u.name AS creatorName, i.repo_id AS repoId
         FROM issues i JOIN users u ON u.id = i.creator_id`,
      )
      .all() as IssueRow[]
  ).map(
    (i) =>
      new Issue(
        i.id,
        i.number,
        i.title,
        i.body,
        i.closed === 1,
        i.creatorId,
        i.creatorName,
        repos.get(i.repoId)!,
      ),
  );
  const assignments: Assignment[] = [
    ...(
      db.prepare("SELECT user_id AS userId, org_id AS orgId, name FROM org_roles").all() as (OrgRole & {
        userId: number;
      })[]
    ).map(
      (r): Assignment => ({ table: "org_roles", userId: r.userId, role: { orgId: r.orgId, name: r.name } }),
    ),
    ...(
      db.prepare("SELECT user_id AS userId, repo_id AS repoId, name FROM repo_roles").all() as (RepoRole & {
        userId: number;
      })[]
    ).map(
      (r): Assignment => ({
        table: "repo_roles",
        userId: r.userId,
        role: { repoId: r.repoId, name: r.name },
      }),
    ),
  ];
  db.close();
  return { users, resources: [...orgs.values(), ...repos.values(), ...issues], assignments };
}

/** The users, each holding only the assignments in `kept`. */
function usersWith(data: ReturnType<typeof seeded>, kept: readonly Assignment[]): User[] {
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
let data: ReturnType<typeof seeded>;
beforeAll(async () => {
  oso = await createOso();
  data = seeded();
});

/** Every (user, action, resource) allowed without "read" on the same resource. */
function actionsWithoutRead(users: readonly User[]): string[] {
  const found: string[] = [];
  for (const user of users) {
    for (const resource of data.resources) {
      const canRead = oso.isAllowedSync(user, "read", resource);
      for (const action of ACTIONS) {
        if (!canRead && oso.isAllowedSync(user, action, resource)) {
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

  it("for every user, resource and action of the seed, and after any memberships are removed", () => {
    expect(actionsWithoutRead(usersWith(data, data.assignments))).toEqual([]);
    fc.assert(
      fc.property(fc.subarray(data.assignments), (kept) => {
        expect(actionsWithoutRead(usersWith(data, kept))).toEqual([]);
      }),
      { numRuns: 64 },
    );
  });

  it("over HTTP: bob, removed from acme, may neither see nor close the issue he opened", async () => {
    const { db } = openDatabase(":memory:");
    const app = await createApp({ db, oso });
    const issue = "/orgs/acme/repos/anvil/issues/1";
    expect((await send(app, "bob", "get", issue)).body.creator).toBe("bob");
    db.prepare(
      "DELETE FROM org_roles WHERE user_id = (SELECT id FROM users WHERE name = 'bob') AND org_id = (SELECT id FROM orgs WHERE name = 'acme')",
    ).run();
    expect((await send(app, "bob", "get", issue)).status).toBe(404);
    expect((await send(app, "bob", "post", `${issue}/close`)).status).toBe(404);
    expect((await send(app, "alice", "get", issue)).body.closed).toBe(false);
    // a creator who may still read it may still close it
    expect((await send(app, "dave", "post", "/orgs/globex/repos/widgets/issues/1/close")).status).toBe(200);
  });
});

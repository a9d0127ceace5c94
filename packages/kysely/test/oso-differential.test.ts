/**
 * The adapter under Oso 0.27.3's own data filtering: Oso hands `buildQuery` its real filters
 * (and asks `executeQuery` for its Relation lookups in ordinary decisions), and for every
 * user, action and class, `authorizedResources` must return exactly the rows `isAllowed`
 * allows. The world is random (seeded) with hostile names; it runs on every dialect.
 */
import { type AuthorizedQuery, type KyselyAdapterOptions, kyselyAdapter } from "@oso-ts/kysely";
import { Oso, Relation } from "oso";
import { beforeAll, expect, it } from "vitest";
import { describeEachDialect, type TestDatabase } from "./dialects.js";
import { HOSTILE, NUL_NAME } from "./world.js";

class User {
  declare id: number;
  declare name: string;
}
class Org {
  declare id: number;
  declare name: string;
}
class Repo {
  declare id: number;
  declare name: string;
  declare orgId: number;
  declare isPublic: boolean;
}
class Issue {
  declare id: number;
  declare repoId: number;
  declare creatorId: number;
  declare closed: boolean;
}
class OrgRole {
  declare id: number;
  declare userId: number;
  declare orgId: number;
  declare name: string;
}
class RepoRole {
  declare id: number;
  declare userId: number;
  declare repoId: number;
  declare name: string;
}

// GitClub's shape: roles on organizations and repositories, inherited down the parent
// relation; public repositories; issues readable with their repository, closable by their
// creator or a maintainer; and a rule comparing data with data (a repository named like
// the user), so that hostile strings reach the filter as values.
const POLICY = `
actor User {}

resource Org {
  permissions = ["read", "create_repo"];
  roles = ["member", "owner"];
  "read" if "member";
  "create_repo" if "owner";
  "member" if "owner";
}

resource Repo {
  permissions = ["read", "push", "delete"];
  roles = ["reader", "maintainer", "admin"];
  relations = { parent: Org };
  "read" if "reader";
  "push" if "maintainer";
  "delete" if "admin";
  "reader" if "maintainer";
  "maintainer" if "admin";
  "reader" if "member" on "parent";
  "admin" if "owner" on "parent";
}

resource Issue {
  permissions = ["read", "close"];
  relations = { repo: Repo };
  "read" if "read" on "repo";
  "close" if "push" on "repo";
}

has_relation(org: Org, "parent", repo: Repo) if org = repo.org;
has_relation(repo: Repo, "repo", issue: Issue) if repo = issue.repo;

has_role(user: User, name: String, org: Org) if
  role in user.orgRoles and role.name = name and role.orgId = org.id;
has_role(user: User, name: String, repo: Repo) if
  role in user.repoRoles and role.name = name and role.repoId = repo.id;

allow(actor, action, resource) if has_permission(actor, action, resource);
allow(_: User, "read", repo: Repo) if repo.isPublic = true;
allow(user: User, "read", repo: Repo) if repo.name = user.name;
allow(user: User, "close", issue: Issue) if issue.creatorId = user.id and issue.closed = false;
`;

const OPTIONS: KyselyAdapterOptions = {
  tables: {
    User: "users",
    Org: "orgs",
    Repo: "repos",
    Issue: "issues",
    OrgRole: "org_roles",
    RepoRole: "repo_roles",
  },
  types: {
    Repo: { columns: { orgId: "org_id", isPublic: "is_public" } },
    Issue: { columns: { repoId: "repo_id", creatorId: "creator_id" } },
    OrgRole: { columns: { userId: "user_id", orgId: "org_id" } },
    RepoRole: { columns: { userId: "user_id", repoId: "repo_id" } },
  },
};

/** A small deterministic generator (mulberry32): the same world on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Rows {
  users: { id: number; name: string }[];
  orgs: { id: number; name: string }[];
  repos: { id: number; name: string; org_id: number; is_public: boolean }[];
  issues: { id: number; repo_id: number; creator_id: number; closed: boolean }[];
  org_roles: { id: number; user_id: number; org_id: number; name: string }[];
  repo_roles: { id: number; user_id: number; repo_id: number; name: string }[];
}

function generate(seed: number, withNul: boolean): Rows {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const names = withNul ? [...HOSTILE, NUL_NAME] : HOSTILE;
  const users = names.map((name, i) => ({ id: i + 1, name }));
  const orgs = [1, 2, 3, 4].map((id) => ({ id, name: pick(names) }));
  const repos = Array.from({ length: 10 }, (_, i) => ({
    id: i + 1,
    // some repositories are named like a user
    name: r() < 0.4 ? pick(names) : `repo ${i + 1}`,
    org_id: pick(orgs).id,
    is_public: r() < 0.2,
  }));
  const issues = Array.from({ length: 10 }, (_, i) => ({
    id: i + 1,
    repo_id: pick(repos).id,
    creator_id: pick(users).id,
    closed: r() < 0.3,
  }));
  const org_roles: Rows["org_roles"] = [];
  const repo_roles: Rows["repo_roles"] = [];
  for (const u of users) {
    for (const o of orgs)
      if (r() < 0.3)
        org_roles.push({
          id: org_roles.length + 1,
          user_id: u.id,
          org_id: o.id,
          name: pick(["member", "owner"]),
        });
    for (const p of repos) {
      if (r() < 0.12) {
        repo_roles.push({
          id: repo_roles.length + 1,
          user_id: u.id,
          repo_id: p.id,
          name: pick(["reader", "maintainer", "admin"]),
        });
      }
    }
  }
  return { users, orgs, repos, issues, org_roles, repo_roles };
}

async function store(t: TestDatabase, rows: Rows): Promise<void> {
  const { db } = t;
  const int = "integer" as const;
  await db.schema
    .createTable("users")
    .addColumn("id", int, (c) => c.primaryKey())
    .addColumn("name", "text")
    .execute();
  await db.schema
    .createTable("orgs")
    .addColumn("id", int, (c) => c.primaryKey())
    .addColumn("name", "text")
    .execute();
  await db.schema
    .createTable("repos")
    .addColumn("id", int, (c) => c.primaryKey())
    .addColumn("name", "text")
    .addColumn("org_id", int)
    .addColumn("is_public", "boolean")
    .execute();
  await db.schema
    .createTable("issues")
    .addColumn("id", int, (c) => c.primaryKey())
    .addColumn("repo_id", int)
    .addColumn("creator_id", int)
    .addColumn("closed", "boolean")
    .execute();
  for (const [table, on] of [
    ["org_roles", "org_id"],
    ["repo_roles", "repo_id"],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn("id", int, (c) => c.primaryKey())
      .addColumn("user_id", int)
      .addColumn(on, int)
      .addColumn("name", "text")
      .execute();
  }
  const bools = <T extends object>(xs: T[]) =>
    xs.map((x) =>
      Object.fromEntries(Object.entries(x).map(([k, v]) => [k, typeof v === "boolean" ? t.bool(v) : v])),
    );
  for (const [table, values] of Object.entries(rows)) {
    if (values.length > 0) await db.insertInto(table).values(bools(values)).execute();
  }
}

function register(oso: Oso<unknown, unknown, object, unknown, unknown, AuthorizedQuery>): void {
  const one = (type: string, my: string, other: string) => new Relation("one", type, my, other);
  const many = (type: string, my: string, other: string) => new Relation("many", type, my, other);
  oso.registerClass(User, {
    fields: {
      id: Number,
      name: String,
      orgRoles: many("OrgRole", "id", "userId"),
      repoRoles: many("RepoRole", "id", "userId"),
    },
  });
  oso.registerClass(Org, { fields: { id: Number, name: String } });
  oso.registerClass(Repo, {
    fields: { id: Number, name: String, orgId: Number, isPublic: Boolean, org: one("Org", "orgId", "id") },
  });
  oso.registerClass(Issue, {
    fields: {
      id: Number,
      repoId: Number,
      creatorId: Number,
      closed: Boolean,
      repo: one("Repo", "repoId", "id"),
    },
  });
  oso.registerClass(OrgRole, { fields: { id: Number, userId: Number, orgId: Number, name: String } });
  oso.registerClass(RepoRole, { fields: { id: Number, userId: Number, repoId: Number, name: String } });
}

const CHECKS: [string, typeof Org | typeof Repo | typeof Issue, string[]][] = [
  ["Org", Org, ["read", "create_repo"]],
  ["Repo", Repo, ["read", "push", "delete"]],
  ["Issue", Issue, ["read", "close"]],
];

describeEachDialect("Oso 0.27.3's filters through kyselyAdapter", (current) => {
  // Oso's generics name the adapter's query type (its Query parameter is the sixth)
  let oso: Oso<unknown, unknown, object, unknown, unknown, AuthorizedQuery>;
  let rows: Rows;

  beforeAll(async () => {
    const t = current();
    rows = generate(2027, t.name === "sqlite");
    await store(t, rows);
    oso = new Oso();
    register(oso);
    oso.setDataFilteringAdapter(kyselyAdapter(t.db, OPTIONS));
    await oso.loadStr(POLICY);
  });

  it("authorizedResources returns exactly the rows isAllowed allows, for every user and action", async () => {
    const adapter = kyselyAdapter(current().db, OPTIONS);
    let allowedSomewhere = 0;
    for (const u of rows.users) {
      const user = Object.assign(new User(), u);
      for (const [name, cls, actions] of CHECKS) {
        // every row, as instances, through the adapter ([[]]: no condition)
        const all = await adapter.executeQuery(
          adapter.buildQuery({
            model: name,
            relations: [],
            conditions: [[]],
            types: oso.getHost().types as never,
          }),
        );
        for (const action of actions) {
          const expected: number[] = [];
          for (const resource of all) {
            if (await oso.isAllowed(user, action, resource)) expected.push((resource as { id: number }).id);
          }
          const found = (await oso.authorizedResources(user, action, cls)) as { id: number }[];
          expect(
            found.map((x) => x.id).sort((a, b) => a - b),
            `${JSON.stringify(u.name)} ${action} ${name}`,
          ).toEqual(expected.sort((a, b) => a - b));
          expect(found.every((x) => x instanceof cls)).toBe(true);
          allowedSomewhere += expected.length;
        }
      }
    }
    // the world is not degenerate: some, not all, rows are allowed
    expect(allowedSomewhere).toBeGreaterThan(10);
  });
});

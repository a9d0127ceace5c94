/**
 * Test fixtures of data filtering (not exported from the package entry): classes, random
 * worlds of orgs, repos, issues and a folder tree, and the policies the agreement test
 * checks.
 * @module
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import type { Oso } from "../oso.js";
import { Relation } from "./types.js";

export class Org {
  constructor(
    readonly id: number,
    readonly name: string,
    readonly parentId: number | null = null,
  ) {}
}
export class Repo {
  constructor(
    readonly id: number,
    readonly name: string,
    readonly orgId: number,
    readonly isPublic: boolean,
  ) {}
}
export class Issue {
  constructor(
    readonly id: number,
    readonly repoId: number,
    readonly closed: boolean,
    readonly creatorId: number,
  ) {}
  /** A method: data filtering cannot call it on rows it has not fetched. */
  isOpen(): boolean {
    return !this.closed;
  }
}
export class Folder {
  constructor(
    readonly id: number,
    readonly name: string,
    readonly parentId: number | null,
  ) {}
}
export class Page {
  constructor(readonly id: number) {}
}
export class Role {
  constructor(
    readonly name: string,
    readonly resource: unknown,
  ) {}
}
export class User {
  constructor(
    readonly id: number,
    readonly name: string,
    readonly roles: Role[],
  ) {}
  get_roles(): Role[] {
    return this.roles;
  }
}

export interface World {
  Org: Org[];
  Repo: Repo[];
  Issue: Issue[];
  Folder: Folder[];
  Page: Page[];
  User: User[];
}

/** Register the fixture classes with their fields and relations. */
export function registerFixtures(oso: Oso): void {
  oso.registerClass(User, {
    // the issues a user created: a "many" Relation of the actor, which data filtering keeps
    // as a subquery for adapters that take them
    fields: { id: Number, name: String, issues: new Relation("many", "Issue", "id", "creatorId") },
  });
  oso.registerClass(Role);
  oso.registerClass(Org, {
    fields: {
      id: Number,
      name: String,
      parentId: Number,
      repos: new Relation("many", "Repo", "id", "orgId"),
      parent: new Relation("one", "Org", "parentId", "id"),
    },
  });
  oso.registerClass(Repo, {
    fields: {
      id: Number,
      name: String,
      orgId: Number,
      isPublic: Boolean,
      org: new Relation("one", "Org", "orgId", "id"),
      issues: new Relation("many", "Issue", "id", "repoId"),
    },
  });
  oso.registerClass(Issue, {
    fields: {
      id: Number,
      repoId: Number,
      closed: Boolean,
      creatorId: Number,
      repo: new Relation("one", "Repo", "repoId", "id"),
      creator: new Relation("one", "User", "creatorId", "id"),
    },
  });
  oso.registerClass(Page, { fields: { id: Number } });
  oso.registerClass(Folder, {
    fields: {
      id: Number,
      name: String,
      parentId: Number,
      parent: new Relation("one", "Folder", "parentId", "id"),
    },
  });
}

/** Strings that break naive query building: quotes, `%`, `\`, NUL, unicode. */
export const hostileString = fc.oneof(
  fc.constantFrom("x", "'", "%", "\\", "\0", "é", "🙂", "a'b; --", "x"),
  fc.string({ maxLength: 4 }),
);

const ROLE_NAMES = ["owner", "member", "reader", "writer", "admin", "viewer", "editor", "user"];

/** A random world: ids from 1, every foreign key valid, folders a forest. */
export const worldArb: fc.Arbitrary<World> = fc
  .record({
    orgs: fc.array(fc.record({ name: hostileString, parent: fc.option(fc.nat()) }), {
      minLength: 1,
      maxLength: 4,
    }),
    repos: fc.array(fc.record({ name: hostileString, org: fc.nat(), isPublic: fc.boolean() }), {
      maxLength: 5,
    }),
    issues: fc.array(fc.record({ repo: fc.nat(), closed: fc.boolean(), creator: fc.nat() }), {
      maxLength: 5,
    }),
    folders: fc.array(fc.record({ name: hostileString, parent: fc.option(fc.nat()) }), { maxLength: 6 }),
    pages: fc.nat({ max: 4 }),
    users: fc.array(
      fc.record({
        name: hostileString,
        roles: fc.array(
          fc.record({
            name: fc.constantFrom(...ROLE_NAMES),
            kind: fc.constantFrom("Org", "Repo", "Issue", "Folder", "Page"),
            target: fc.nat(),
          }),
          { maxLength: 4 },
        ),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map((w) => {
    const orgs = w.orgs.map(
      (o, i) => new Org(i + 1, o.name, i > 0 && o.parent !== null ? (o.parent % i) + 1 : null),
    );
    const repos = w.repos.map((r, i) => new Repo(i + 1, r.name, orgs[r.org % orgs.length]!.id, r.isPublic));
    const users: User[] = [];
    const issues =
      repos.length === 0
        ? []
        : w.issues.map(
            (x, i) =>
              new Issue(i + 1, repos[x.repo % repos.length]!.id, x.closed, (x.creator % w.users.length) + 1),
          );
    const folders = w.folders.map(
      (f, i) => new Folder(i + 1, f.name, i > 0 && f.parent !== null ? (f.parent % i) + 1 : null),
    );
    const pages = Array.from({ length: w.pages }, (_, i) => new Page(i + 1));
    const world: World = { Org: orgs, Repo: repos, Issue: issues, Folder: folders, Page: pages, User: users };
    w.users.forEach((u, i) => {
      const roles: Role[] = [];
      for (const r of u.roles) {
        const targets = world[r.kind as keyof World] as unknown[];
        if (targets.length > 0) roles.push(new Role(r.name, targets[r.target % targets.length]));
      }
      users.push(new User(i + 1, u.name, roles));
    });
    return world;
  });

/** A hand-made world in which every action of every case is allowed somewhere and denied elsewhere. */
export function richWorld(): World {
  const orgs = [new Org(1, "x"), new Org(2, "'", 1)];
  const repos = [new Repo(1, "x", 1, false), new Repo(2, "%", 2, true), new Repo(3, "ann", 1, false)];
  const issues = [new Issue(1, 1, false, 1), new Issue(2, 2, true, 2), new Issue(3, 3, false, 2)];
  const folders = [
    new Folder(1, "x", null),
    new Folder(2, "a", 1),
    new Folder(3, "b", 2),
    new Folder(4, "c", null),
  ];
  const pages = [new Page(1), new Page(2), new Page(3)];
  const users = [
    new User(1, "ann", [
      new Role("admin", orgs[0]),
      new Role("member", orgs[0]),
      new Role("reader", repos[1]),
      new Role("viewer", folders[1]),
      new Role("editor", folders[3]),
      new Role("user", pages[0]),
      new Role("admin", pages[1]),
    ]),
    new User(2, "bob", [
      new Role("owner", orgs[1]),
      new Role("writer", repos[0]),
      new Role("reader", repos[2]),
    ]),
    new User(3, "x", []),
  ];
  return { Org: orgs, Repo: repos, Issue: issues, Folder: folders, Page: pages, User: users };
}

/** A policy with the classes and actions to check it on. */
export interface Case {
  readonly name: string;
  readonly policy: string;
  readonly roles?: boolean;
  readonly classes: readonly (keyof World)[];
  readonly actions: readonly string[];
}

const HAS_ROLE = `has_role(user: User, name: String, resource: Resource) if
  role in user.roles and role.name = name and role.resource = resource;`;

const example = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../../examples/policies/${name}`, import.meta.url)), "utf8");

const ROLES_RESOURCES = `resource(_type: Org, "org", actions, roles) if
    actions = ["invite", "create_repo"] and
    roles = { member: { permissions: ["create_repo"], implies: ["repo:reader"] },
              owner:  { permissions: ["invite"], implies: ["member", "repo:writer"] } };
resource(_type: Repo, "repo", actions, roles) if
    actions = ["push", "pull"] and
    roles = { writer: { permissions: ["push", "issue:edit"], implies: ["reader"] },
              reader: { permissions: ["pull"] } };
resource(_type: Issue, "issue", actions, {}) if actions = ["edit"];
parent_child(parent_org, repo: Repo) if repo.org = parent_org and parent_org matches Org;
parent_child(parent_repo, issue: Issue) if issue.repo = parent_repo and parent_repo matches Repo;`;

export const CASES: readonly Case[] = [
  {
    name: "plain rules (fields, joins, many relations, not, comparisons)",
    policy: `
allow(_: User, "read", repo: Repo) if repo.isPublic = true;
allow(user: User, "read", repo: Repo) if role in user.roles and role.name = "reader" and role.resource = repo;
allow(user: User, "read", issue: Issue) if allow(user, "read", issue.repo);
allow(user: User, "close", issue: Issue) if issue.creatorId = user.id and not issue.closed;
allow(user: User, "delete", repo: Repo) if
  role in user.roles and role.name = "admin" and role.resource = repo.org and not repo.isPublic = true;
allow(_: User, "list", repo: Repo) if repo.name != "x" and repo.id > 2;
allow(_: User, "archive", repo: Repo) if not (repo.isPublic = true and repo.orgId = 1);
allow(user: User, "own", repo: Repo) if repo.name = user.name;
allow(user: User, "see", org: Org) if repo in org.repos and allow(user, "read", repo);
allow(user: User, "triage", repo: Repo) if issue in repo.issues and issue.closed = false and issue.creator = user;
allow(_: User, "open", org: Org) if org.name in ["x", "'", "%"];
allow(_: User, "busy", repo: Repo) if _issue in repo.issues;
allow(user: User, "busy", org: Org) if r in org.repos and i in r.issues and i.creatorId = user.id;
`,
    classes: ["Org", "Repo", "Issue"],
    actions: ["read", "close", "delete", "list", "archive", "own", "see", "triage", "open", "busy"],
  },
  {
    // the actor's rows kept symbolic (a subquery) where the filter can say it, fetched where
    // it cannot (`not` over the membership, a method call on a row)
    name: "many Relations of the actor",
    policy: `
allow(user: User, "edit", repo: Repo) if issue in user.issues and issue.repoId = repo.id and issue.closed = false;
allow(user: User, "read", issue: Issue) if mine in user.issues and mine.repoId = issue.repoId;
allow(user: User, "watch", repo: Repo) if mine in user.issues and mine.repo.orgId = repo.orgId;
allow(user: User, "star", repo: Repo) if _ in user.issues and repo.isPublic = true;
allow(user: User, "fork", repo: Repo) if a in user.issues and b in user.issues and a.repoId = repo.id and b.repoId != repo.id;
allow(user: User, "mine", issue: Issue) if issue in user.issues;
allow(user: User, "ping", repo: Repo) if
  i in user.issues and i.repoId = repo.id and not (j in user.issues and j.closed = true);
allow(user: User, "poke", repo: Repo) if i in user.issues and i.repoId = repo.id and i.isOpen() = true;
`,
    classes: ["Repo", "Issue"],
    actions: ["edit", "read", "watch", "star", "fork", "mine", "ping", "poke"],
  },
  {
    name: "resource blocks (GitClub: org -> repo -> issue)",
    policy: `
actor User {}
resource Org {
  roles = ["owner", "member"];
  permissions = ["invite", "create_repo"];
  "create_repo" if "member";
  "invite" if "owner";
  "member" if "owner";
}
resource Repo {
  roles = ["writer", "reader"];
  permissions = ["push", "pull"];
  relations = { parent: Org };
  "pull" if "reader";
  "push" if "writer";
  "reader" if "writer";
  "reader" if "member" on "parent";
  "writer" if "owner" on "parent";
}
resource Issue {
  permissions = ["edit", "close"];
  relations = { parent: Repo, creator: User };
  "edit" if "writer" on "parent";
  "close" if "creator";
}
has_relation(org: Org, "parent", repo: Repo) if org = repo.org;
has_relation(repo: Repo, "parent", issue: Issue) if repo = issue.repo;
has_relation(user: User, "creator", issue: Issue) if user = issue.creator;
${HAS_ROLE}
allow(actor, action, resource) if has_permission(actor, action, resource);
allow(_, "pull", repo: Repo) if repo.isPublic;
`,
    classes: ["Org", "Repo", "Issue"],
    actions: ["invite", "create_repo", "push", "pull", "edit", "close"],
  },
  {
    name: "enableRoles (the quickstart's built-in roles, with a hierarchy)",
    roles: true,
    policy: `
${ROLES_RESOURCES}
actor_role(actor: User, role) if role in actor.roles;
allow(actor, action, resource) if role_allows(actor, action, resource);
`,
    classes: ["Org", "Repo", "Issue"],
    actions: ["invite", "create_repo", "push", "pull", "edit"],
  },
  {
    name: "enableRoles with the released hook (actor_has_role_for_resource)",
    roles: true,
    policy: `${ROLES_RESOURCES}
actor_has_role_for_resource(actor, role_name, role_resource) if
    role in actor.roles and role matches {name: role_name, resource: role_resource};
allow(actor, action, resource) if role_allows(actor, action, resource);
`,
    classes: ["Org", "Repo", "Issue"],
    actions: ["invite", "create_repo", "push", "pull", "edit"],
  },
  {
    name: "an org tree reached through a join (repo -> org -> parent org...)",
    policy: `
actor User {}
resource Org {
  roles = ["member", "owner"];
  permissions = ["read"];
  relations = { parent: Org };
  "read" if "member";
  "member" if "owner";
  "member" if "member" on "parent";
}
resource Repo {
  roles = ["reader"];
  permissions = ["pull"];
  relations = { parent: Org };
  "pull" if "reader";
  "reader" if "member" on "parent";
}
has_relation(org: Org, "parent", repo: Repo) if org = repo.org;
has_relation(parent: Org, "parent", org: Org) if parent = org.parent;
${HAS_ROLE}
allow(actor, action, resource) if has_permission(actor, action, resource);
`,
    classes: ["Org", "Repo"],
    actions: ["read", "pull"],
  },
  {
    name: "a folder tree (a relation of a type to itself)",
    policy: `
actor User {}
resource Folder {
  roles = ["viewer", "editor"];
  permissions = ["read", "write"];
  relations = { parent: Folder };
  "read" if "viewer";
  "write" if "editor";
  "viewer" if "editor";
  "viewer" if "viewer" on "parent";
  "editor" if "editor" on "parent";
}
has_relation(parent: Folder, "parent", folder: Folder) if parent = folder.parent;
${HAS_ROLE}
allow(actor, action, resource) if has_permission(actor, action, resource);
allow(_, "read", folder: Folder) if folder.name = "x";
allow(_, "top", folder: Folder) if folder.parent = nil;
allow(_, "nested", folder: Folder) if not folder.parent = nil and folder.parent.parent = nil;
`,
    classes: ["Folder"],
    actions: ["read", "write", "top", "nested"],
  },
];

/** The example policies, as shipped. */
export const EXAMPLE_CASES: readonly Case[] = [
  {
    name: "examples/policies/gitclub.polar",
    policy: example("gitclub.polar"),
    classes: ["Org", "Repo", "Issue"],
    actions: ["invite", "create_repo", "push", "pull", "edit", "close"],
  },
  {
    name: "examples/policies/quickstart.polar (enableRoles)",
    policy: example("quickstart.polar"),
    roles: true,
    classes: ["Page"],
    actions: ["read", "write"],
  },
];

/** Load a case's policy (with the built-in roles when it needs them). */
export async function loadCase(oso: Oso, c: Case): Promise<void> {
  if (c.roles) await oso.enableRoles();
  await oso.loadStr(c.policy, `${c.name.split(" ")[0]}.polar`);
}

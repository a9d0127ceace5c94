/**
 * S2 hierarchy: Org -> Repo -> Issue by parent links. An org owner is a maintainer of
 * the org's repos, a maintainer is a reader, and reading an issue needs reader on its repo.
 * The resource-block policy and the data are the ones of issue 13, as written there: role
 * assignments are plain objects `{name, resource}` in `user.roleAssignments`, matched with
 * `matches`. {@link hierarchySpec} also builds S3 (the same policy, bigger actors).
 * @module
 */
import { AbilityBuilder, createMongoAbility } from "@casl/ability";
import { type CaslAbility, type Decision, Issue, Org, Repo, type ScenarioSpec } from "../model.js";

/** A role assignment: a plain object, as the issue's benchmark builds them. */
export interface Assignment {
  readonly name: string;
  readonly resource: Org | Repo;
}

/** The actor of S2/S3 (registered as `User`). */
export class User {
  constructor(
    readonly name: string,
    readonly roleAssignments: readonly Assignment[],
  ) {}
}

export type Member = User;

const PLAIN = `# S2/S3, plain rules
allow(user: User, "read", issue: Issue) if has_role(user, "reader", issue.repo);

has_role(user: User, name: String, resource) if
  role in user.roleAssignments and role matches { name: name, resource: resource };
has_role(user: User, "reader", repo: Repo) if has_role(user, "maintainer", repo);
has_role(user: User, "maintainer", repo: Repo) if has_role(user, "owner", repo.org);
`;

/** Issue 13's policy, as written there. */
const BLOCKS = `# S2/S3, resource blocks (issue 13)
actor User {}
resource Org { roles = ["member", "owner"]; }
resource Repo {
  permissions = ["read"];
  roles = ["reader", "maintainer"];
  relations = { parent: Org };
  "read" if "reader";
  "reader" if "maintainer";
  "maintainer" if "owner" on "parent";
}
resource Issue {
  permissions = ["read"];
  relations = { repo: Repo };
  "read" if "reader" on "repo";
}
has_relation(org: Org, "parent", repo: Repo) if repo.org = org;
has_relation(repo: Repo, "repo", issue: Issue) if issue.repo = repo;
has_role(user: User, name: String, resource: Resource) if
  role in user.roleAssignments and
  role matches { name: name, resource: resource };
allow(actor, action, resource) if has_permission(actor, action, resource);
`;

const ROLES = `# S2/S3, the quickstart's built-in roles (enableRoles)
allow(actor, action, resource) if role_allows(actor, action, resource);

actor_role(actor, role) if role in actor.roleAssignments;

parent_child(repo, issue: Issue) if issue.repo = repo;
parent_child(org, repo: Repo) if repo.org = org;

resource(_type: Org, "org", [], roles) if
  roles = { owner: { implies: ["repo:maintainer"] }, member: { permissions: [] } };
resource(_type: Repo, "repo", [], roles) if
  roles = {
    maintainer: { implies: ["reader"] },
    reader: { permissions: ["issue:read"] }
  };
resource(_type: Issue, "issue", ["read"], {});
`;

/**
 * casbin: roles scoped to a resource are role names (`reader@acme/api`); the hierarchy is
 * role inheritance (`owner@acme` -> `maintainer@<repo>` -> `reader@<repo>`), one generic
 * permission line, and the matcher builds the role the request needs from the issue's repo.
 */
const CASBIN_MODEL = `[request_definition]
r = sub, obj, act

[policy_definition]
p = role, act

[role_definition]
g = _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.act == p.act && g(r.sub, p.role + "@" + r.obj)
`;

/** The hand-written check: one pass over the actor's assignments. */
function plain(user: Member, action: string, issue: Issue): boolean {
  if (action !== "read") return false;
  const repo = issue.repo;
  const org = repo.org;
  for (const role of user.roleAssignments) {
    if (role.resource === repo) {
      if (role.name === "reader" || role.name === "maintainer") return true;
    } else if (role.resource === org && role.name === "owner") {
      return true;
    }
  }
  return false;
}

/** CASL: one rule per assignment that grants reading issues, with conditions on the issue. */
function abilityFor(user: Member): CaslAbility<Issue> {
  const { can, build } = new AbilityBuilder(createMongoAbility);
  for (const role of user.roleAssignments) {
    const r = role.resource;
    if (r instanceof Org && role.name === "owner") can("read", "Issue", { "repo.org.id": r.id });
    if (r instanceof Repo && (role.name === "reader" || role.name === "maintainer")) {
      can("read", "Issue", { "repo.id": r.id });
    }
  }
  return build();
}

/** Everything S2 and S3 share: the world's repos and actors, and the decisions. */
export interface HierarchyWorld {
  readonly repos: readonly Repo[];
  readonly actors: readonly Member[];
  readonly decisions: readonly Decision<Member, Issue>[];
}

/** The scenario over a world: every engine's policy, with casbin's lines generated from it. */
export function hierarchySpec(id: string, title: string, world: HierarchyWorld): ScenarioSpec<Member, Issue> {
  const policy = ["p, reader, read"];
  for (const repo of world.repos) {
    policy.push(
      `g, maintainer@${repo.id}, reader@${repo.id}`,
      `g, owner@${repo.org.id}, maintainer@${repo.id}`,
    );
  }
  for (const actor of world.actors) {
    for (const role of actor.roleAssignments)
      policy.push(`g, ${actor.name}, ${role.name}@${role.resource.id}`);
  }
  return {
    id,
    title,
    decisions: world.decisions,
    classes: [User, Org, Repo, Issue],
    polar: { plain: PLAIN, blocks: BLOCKS, roles: ROLES },
    casbin: {
      model: CASBIN_MODEL,
      policy: policy.join("\n"),
      request: (user, action, issue) => [user.name, issue.repo.id, action],
    },
    casl: { abilityFor },
    plain,
  };
}

/** The org, repo and issue every decision is about: `o1`, `r1`, `i1`. */
export function target(): { org: Org; repo: Repo; issue: Issue } {
  const org = new Org("o1");
  const repo = new Repo("r1", org);
  return { org, repo, issue: new Issue("i1", repo) };
}

export function hierarchy(): ScenarioSpec<Member, Issue> {
  const { org, repo, issue } = target();
  const owner = new User("alice", [{ name: "owner", resource: org }]);
  const stranger = new User("mallory", []);
  return hierarchySpec("S2", "hierarchy (Org -> Repo -> Issue; owner implies maintainer implies reader)", {
    repos: [repo],
    actors: [owner, stranger],
    decisions: [
      { label: "owner reads issue", actor: owner, action: "read", resource: issue, expected: true },
      { label: "stranger reads issue", actor: stranger, action: "read", resource: issue, expected: false },
    ],
  });
}

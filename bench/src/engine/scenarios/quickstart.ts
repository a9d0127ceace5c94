/**
 * S1 quickstart: a user holds a list of role names; users read pages, admins write them,
 * and `admin` implies `user`.
 * @module
 */
import { AbilityBuilder, createMongoAbility } from "@casl/ability";
import { type CaslAbility, Page, type ScenarioSpec, User } from "../model.js";

type S1User = User<string>;

const PLAIN = `# S1, plain rules
allow(user: User, "read", _page: Page) if has_role(user, "user");
allow(user: User, "write", _page: Page) if has_role(user, "admin");

has_role(user: User, name: String) if name in user.roles;
has_role(user: User, "user") if has_role(user, "admin");
`;

const BLOCKS = `# S1, resource blocks
actor User {}

resource Page {
  permissions = ["read", "write"];
  roles = ["user", "admin"];

  "read" if "user";
  "write" if "admin";
  "user" if "admin";
}

has_role(user: User, name: String, _page: Page) if name in user.roles;

allow(actor, action, resource) if has_permission(actor, action, resource);
`;

const ROLES = `# S1, the quickstart's built-in roles (enableRoles)
allow(actor, action, resource) if role_allows(actor, action, resource);

# a role name held by the user counts on every page
actor_has_role_for_resource(actor, name, _resource) if name in actor.roles;

resource(_type: Page, "page", actions, roles) if
  actions = ["read", "write"] and
  roles = {
    user: { permissions: ["read"] },
    admin: { permissions: ["write"], implies: ["user"] }
  };
`;

const CASBIN_MODEL = `[request_definition]
r = sub, obj, act

[policy_definition]
p = sub, obj, act

[role_definition]
g = _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub) && r.obj == p.obj && r.act == p.act
`;

const IMPLIES: Readonly<Record<string, readonly string[]>> = { admin: ["user"] };

/** The hand-written check: `admin` counts as `user`. */
function plain(user: S1User, action: string, _page: Page): boolean {
  const roles = user.roles;
  if (action === "read") return roles.includes("user") || roles.includes("admin");
  if (action === "write") return roles.includes("admin");
  return false;
}

/** CASL: the usual `defineAbilityFor(user)`. */
function abilityFor(user: S1User): CaslAbility<Page> {
  const { can, build } = new AbilityBuilder(createMongoAbility);
  const roles = new Set(user.roles.flatMap((r) => [r, ...(IMPLIES[r] ?? [])]));
  if (roles.has("user")) can("read", "Page");
  if (roles.has("admin")) can("write", "Page");
  return build();
}

export function quickstart(): ScenarioSpec<S1User, Page> {
  const admin = new User("alice", ["admin"]);
  const user = new User("bob", ["user"]);
  const page = new Page(1);
  const users = [admin, user];
  const policy = [
    "p, user, page, read",
    "p, admin, page, write",
    "g, admin, user",
    ...users.flatMap((u) => u.roles.map((r) => `g, ${u.name}, ${r}`)),
  ];
  return {
    id: "S1",
    title: "quickstart (role names on the user; admin implies user)",
    decisions: [
      { label: "admin read", actor: admin, action: "read", resource: page, expected: true },
      { label: "user write", actor: user, action: "write", resource: page, expected: false },
      { label: "user read", actor: user, action: "read", resource: page, expected: true },
    ],
    classes: [User, Page],
    polar: { plain: PLAIN, blocks: BLOCKS, roles: ROLES },
    casbin: {
      model: CASBIN_MODEL,
      policy: policy.join("\n"),
      request: (u, action) => [u.name, "page", action],
    },
    casl: { abilityFor },
    plain,
  };
}

/** Resource blocks: the gitclub example of spec §8.5, authorizedActions, and block variants. */
import {
  admin,
  apple,
  bug,
  core,
  gabe,
  ios,
  laggy,
  leaf,
  leina,
  mid,
  osohq,
  ossRepo,
  other,
  readme,
  repoReader,
  repoWriter,
  root,
  steve,
  stray,
} from "../fixtures.js";
import type { Case, Group } from "../types.js";

export const GITCLUB = `actor User {}
resource Org { roles = ["owner", "member"]; permissions = ["invite", "create_repo"];
  "create_repo" if "member"; "invite" if "owner"; "member" if "owner"; }
resource Repo { roles = ["writer", "reader"]; permissions = ["push", "pull"]; relations = { parent: Org };
  "pull" if "reader"; "push" if "writer"; "reader" if "writer";
  "reader" if "member" on "parent"; "writer" if "owner" on "parent"; }
resource Issue { permissions = ["edit", "close"]; relations = { parent: Repo, creator: User };
  "edit" if "writer" on "parent"; "close" if "creator"; }
has_relation(org: Org, "parent", repo: Repo) if org = repo.org;
has_relation(repo: Repo, "parent", issue: Issue) if repo = issue.repo;
has_relation(user: User, "creator", issue: Issue) if user = issue.creator;
has_role(user: User, name: String, resource: Resource) if
  role in user.roles and role.name = name and role.resource = resource;
allow(actor, action, resource) if has_permission(actor, action, resource);`;

const gitclub = (isAllowed: readonly [unknown, string, unknown]): Case => ({
  setup: "gitclub",
  policy: GITCLUB,
  isAllowed,
});

const gitclubActions = (actor: unknown, resource: unknown): Case => ({
  setup: "gitclub",
  policy: GITCLUB,
  authorizedActions: [actor, resource],
});

const FOLDERS = `actor User {}
resource Folder { permissions = ["read"]; relations = { parent: Folder };
  "read" if "read" on "parent"; }
resource Doc { permissions = ["read"]; relations = { folder: Folder };
  "read" if "read" on "folder"; }
has_relation(parent: Folder, "parent", child: Folder) if child.parent = parent;
has_relation(folder: Folder, "folder", doc: Doc) if doc.folder = folder;
has_permission(user: User, "read", folder: Folder) if user in folder.readers;
allow(actor, action, resource) if has_permission(actor, action, resource);`;

const folders = (isAllowed: readonly [unknown, string, unknown]): Case => ({
  setup: "folders",
  policy: FOLDERS,
  isAllowed,
});

const ACTOR_ROLES = `actor User { roles = ["self"]; permissions = ["impersonate", "view"];
  "impersonate" if "self"; "view" if "self"; }
has_role(u: User, "self", other: User) if u = other and u.name != "admin";
has_role(u: User, "self", _other: User) if u.name = "admin";
allow(actor, action, resource) if has_permission(actor, action, resource);`;

const TEAMS = `actor User {}
resource Team { roles = ["member", "lead"]; permissions = ["chat", "manage"]; relations = { org: Org };
  "chat" if "member"; "manage" if "lead"; "member" if "lead"; "lead" if "admin" on "org"; }
resource Org { roles = ["admin"]; }
resource Team { permissions = ["leave"]; "leave" if "member"; }
has_relation(org: Org, "org", team: Team) if org = team.org;
has_role(user: User, "member", team: Team) if user in team.members;
has_role(user: User, "lead", team: Team) if user.name = "steve" and team.name = "core";
has_role(user: User, "admin", _org: Org) if user.name = "gabe";
allow(actor, action, resource) if has_permission(actor, action, resource);`;

const teams = (isAllowed: readonly [unknown, string, unknown]): Case => ({
  setup: "teams",
  policy: TEAMS,
  isAllowed,
});

export const resourceBlocks: Group = {
  title: "resource blocks",
  cases: [
    // every row of the §8.5 table
    gitclub([leina, "invite", osohq]),
    gitclub([leina, "create_repo", osohq]),
    gitclub([leina, "push", ossRepo]),
    gitclub([leina, "pull", ossRepo]),
    gitclub([leina, "edit", bug]),
    gitclub([leina, "edit", laggy]),
    gitclub([steve, "invite", osohq]),
    gitclub([steve, "create_repo", osohq]),
    gitclub([steve, "push", ossRepo]),
    gitclub([steve, "pull", ossRepo]),
    gitclub([steve, "edit", bug]),
    gitclub([steve, "close", laggy]),
    gitclub([steve, "close", bug]),
    gitclub([gabe, "close", bug]),
    gitclub([gabe, "edit", bug]),
    gitclub([leina, "nonexistent", osohq]),
    // beyond the table
    gitclub([leina, "invite", apple]),
    gitclub([leina, "pull", ios]),
    gitclub([repoWriter, "edit", bug]),
    gitclub([repoWriter, "push", ossRepo]),
    gitclub([repoWriter, "create_repo", osohq]),
    gitclub([repoReader, "pull", ossRepo]),
    gitclub([repoReader, "push", ossRepo]),
    gitclub([leina, "invite", "osohq"]),
    gitclub([osohq, "invite", osohq]),
    // authorizedActions
    gitclubActions(leina, ossRepo),
    gitclubActions(leina, osohq),
    gitclubActions(steve, ossRepo),
    gitclubActions(steve, osohq),
    gitclubActions(gabe, bug),
    gitclubActions(steve, laggy),
    gitclubActions(gabe, ios),
    gitclubActions(repoWriter, bug),
    // queries over the gitclub policy
    { setup: "gitclub", policy: GITCLUB, query: 'has_role(leina, "owner", osohq)' },
    { setup: "gitclub", policy: GITCLUB, query: "has_permission(steve, action, oso)" },
    { setup: "gitclub", policy: GITCLUB, query: "has_role(steve, role, oso)" },
    { setup: "gitclub", policy: GITCLUB, query: "leina matches Actor" },
    { setup: "gitclub", policy: GITCLUB, query: "osohq matches Actor" },
    { setup: "gitclub", policy: GITCLUB, query: "osohq matches Resource" },
    { setup: "gitclub", policy: GITCLUB, query: "leina matches Resource" },
    { setup: "gitclub", policy: GITCLUB, query: "1 matches Resource" },
    // "read" if "read" on "parent": recursion along a folder chain
    folders([steve, "read", root]),
    folders([steve, "read", mid]),
    folders([steve, "read", leaf]),
    folders([gabe, "read", leaf]),
    folders([gabe, "read", mid]),
    folders([steve, "read", readme]),
    folders([gabe, "read", readme]),
    folders([leina, "read", readme]),
    folders([steve, "read", stray]),
    folders([steve, "read", other]),
    { setup: "folders", policy: FOLDERS, authorizedActions: [gabe, readme] },
    { setup: "folders", policy: FOLDERS, authorizedActions: [leina, readme] },
    // roles on actor types
    { setup: "gitclub", policy: ACTOR_ROLES, isAllowed: [leina, "impersonate", leina] },
    { setup: "gitclub", policy: ACTOR_ROLES, isAllowed: [leina, "impersonate", steve] },
    { setup: "gitclub", policy: ACTOR_ROLES, isAllowed: [admin, "view", steve] },
    { setup: "gitclub", policy: ACTOR_ROLES, authorizedActions: [steve, steve] },
    // multiple blocks per type, relations, roles implied across a relation
    teams([leina, "chat", core]),
    teams([leina, "leave", core]),
    teams([leina, "manage", core]),
    teams([steve, "manage", core]),
    teams([gabe, "manage", core]),
    teams([gabe, "leave", core]),
    { setup: "teams", policy: TEAMS, authorizedActions: [steve, core] },
    { setup: "teams", policy: TEAMS, authorizedActions: [gabe, core] },
    // a relation left unbound is an unhandled partial in both
    {
      name: "isAllowed(gabe, manage, core) with an unbound relation",
      setup: "teams",
      policy: TEAMS.replace(
        'has_relation(org: Org, "org", team: Team) if org = team.org;',
        'has_relation(_org: Org, "org", _team: Team);',
      ),
      isAllowed: [gabe, "manage", core],
    },
    // unions as specializers are less specific than classes
    {
      setup: "gitclub",
      policy: `actor User {} resource Org {}
f(_: Actor, r) if r = "actor"; f(_: User, r) if r = "user"; f(_: Resource, r) if r = "resource"; f(_x, r) if r = "any";
allow(actor: Actor, _action, _resource: Resource) if actor.name = "leina";`,
      query: "f(leina, r)",
    },
    {
      setup: "gitclub",
      policy: `actor User {} resource Org {}
allow(actor: Actor, _action, _resource: Resource) if actor.name = "leina";`,
      isAllowed: [leina, "x", osohq],
    },
    {
      setup: "gitclub",
      policy: `actor User {} resource Org {}
allow(actor: Actor, _action, _resource: Resource) if actor.name = "leina";`,
      isAllowed: [leina, "x", "not a resource"],
    },
    // authorizedActions edge cases
    { policy: "allow(_, _action, _);", authorizedActions: ["u", "r"] },
    { policy: "allow(_, _action, _);", authorizedActions: ["u", "r", true] },
    { policy: 'allow(_, action, _) if action != "x";', authorizedActions: ["u", "r"] },
    { policy: 'allow(_, "a", _); allow(_, "b", 1); allow(_, "a", _);', authorizedActions: ["u", 1] },
    { policy: 'allow(_, action, _) if action in ["c", "a", "b"];', authorizedActions: ["u", 1] },
    // block validation
    {
      setup: "gitclub",
      policy:
        'actor User {} resource Org { permissions = ["read"]; "read" if "nope"; } allow(a, b, c) if has_permission(a, b, c);',
    },
    {
      setup: "gitclub",
      policy:
        'actor User {} resource Org { roles = ["r"]; permissions = ["read"]; "read" if "r"; } allow(a, b, c) if has_permission(a, b, c);',
    },
    { setup: "gitclub", policy: "actor User {} resource Org { roles = {}; }" },
    { setup: "gitclub", policy: 'actor User {} resource Org { roles = ["a", "a"]; }' },
    { setup: "gitclub", policy: 'actor User {} resource Org { roles = ["a"]; permissions = ["a"]; }' },
    { setup: "gitclub", policy: 'actor User {} resource Org { roles = ["a"]; roles = ["b"]; }' },
    { setup: "gitclub", policy: "Org {}" },
    { setup: "gitclub", policy: "seahorse Org {}" },
    { setup: "gitclub", policy: 'resource Org { foo = ["a"]; }' },
    { setup: "gitclub", policy: 'resource Org { relations = ["a"]; }' },
    {
      setup: "gitclub",
      policy:
        'resource Repo { roles = ["r"]; relations = { parent: Org }; "r" if "m" of "parent"; } has_role(_: User, _r: String, _: Repo);',
    },
    {
      setup: "gitclub",
      policy:
        'actor User {} resource Repo { roles = ["r"]; relations = { parent: Org }; "r" if "m" on "parent"; } has_role(_: User, _r: String, _: Repo);',
    },
    {
      setup: "gitclub",
      policy:
        'actor User {} resource Org { roles = ["x"]; } resource Repo { roles = ["r"]; relations = { parent: Org }; "r" if "m" on "parent"; } has_role(_: User, _r: String, _: Resource);',
    },
    {
      setup: "gitclub",
      policy:
        'actor User {} resource Org { roles = ["m"]; } resource Repo { roles = ["r"]; relations = { parent: Org }; "r" if "m" on "parent"; } has_role(_: User, _r: String, _: Resource);',
    },
    { setup: "gitclub", policy: 'has_role(_u: User, "x", _r: Org); allow(_, _, _);' },
    { setup: "gitclub", policy: 'actor User {} has_permission(_u: User, "x", _r: Org); allow(_, _, _);' },
    {
      setup: "gitclub",
      policy:
        'actor User {} resource Org { roles = ["r"]; } has_role(_u: User, role_name, _r: Org) if role_name = "r"; allow(_, _, _);',
    },
    {
      setup: "gitclub",
      policy: 'actor User {} resource Org { permissions = ["read"]; } allow(_, _, _);',
      isAllowed: [leina, "read", osohq],
    },
  ],
};

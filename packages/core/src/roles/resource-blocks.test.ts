/**
 * Resource blocks (Oso 0.20+): the decisions of spec §8.5, and every validation of §8 with
 * its position and a fix.
 */
import { describe, expect, test } from "vitest";
import { isPolarError, type PolarError } from "../errors.js";
import { quietOso } from "../test-helpers.js";

class User {
  constructor(
    readonly name: string,
    readonly roles: { name: string; resource: unknown }[] = [],
  ) {}
}
class Org {
  constructor(readonly name: string) {}
}
class Repo {
  constructor(
    readonly name: string,
    readonly org: Org,
  ) {}
}
class Issue {
  constructor(
    readonly name: string,
    readonly repo: Repo,
    readonly creator: User,
  ) {}
}
class Widget {}

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
allow(actor, action, resource) if has_permission(actor, action, resource);
`;

function oso() {
  const o = quietOso();
  for (const c of [User, Org, Repo, Issue, Widget]) o.registerClass(c);
  return o;
}

const osohq = new Org("osohq");
const apple = new Org("apple");
const oso_ = new Repo("oso", osohq);
const ios = new Repo("ios", apple);
const leina = new User("leina", [{ name: "owner", resource: osohq }]);
const steve = new User("steve", [{ name: "member", resource: osohq }]);
const gabe = new User("gabe");
const bug = new Issue("bug", oso_, gabe);
const laggy = new Issue("laggy", ios, steve);

describe("the gitclub example decides every row (spec §8.5)", () => {
  test.each([
    [leina, "invite", osohq, true],
    [leina, "create_repo", osohq, true],
    [leina, "push", oso_, true],
    [leina, "pull", oso_, true],
    [leina, "edit", bug, true],
    [leina, "edit", laggy, false],
    [steve, "invite", osohq, false],
    [steve, "create_repo", osohq, true],
    [steve, "push", oso_, false],
    [steve, "pull", oso_, true],
    [steve, "edit", bug, false],
    [steve, "close", laggy, true],
    [steve, "close", bug, false],
    [gabe, "close", bug, true],
    [gabe, "edit", bug, false],
    [leina, "nonexistent", osohq, false],
  ] as const)("%o %s %o -> %s", async (actor, action, resource, expected) => {
    const o = oso();
    await o.loadStr(GITCLUB);
    expect(await o.isAllowed(actor, action, resource)).toBe(expected);
  });

  test("authorizedActions", async () => {
    const o = oso();
    await o.loadStr(GITCLUB);
    expect(await o.authorizedActions(leina, oso_)).toEqual(new Set(["pull", "push"]));
    expect(await o.authorizedActions(gabe, bug)).toEqual(new Set(["close"]));
  });

  test("an actor type is also a Resource (roles on users)", async () => {
    const o = oso();
    await o.loadStr(`actor User { roles = ["self"]; permissions = ["edit"]; "edit" if "self"; }
has_role(u: User, "self", other: User) if u = other;
allow(a, b, c) if has_permission(a, b, c);`);
    expect(await o.isAllowed(gabe, "edit", gabe)).toBe(true);
    expect(await o.isAllowed(gabe, "edit", steve)).toBe(false);
  });

  test("several blocks for one type merge", async () => {
    const o = oso();
    await o.loadStr(`actor User {}
resource Org { roles = ["member"]; }
resource Org { permissions = ["read"]; "read" if "member"; }
has_role(u: User, name: String, o: Org) if r in u.roles and r.name = name and r.resource = o;
allow(a, b, c) if has_permission(a, b, c);`);
    expect(await o.isAllowed(steve, "read", osohq)).toBe(true);
  });
});

async function failure(p: Promise<unknown>): Promise<PolarError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!isPolarError(e)) throw new Error(`expected a PolarError, got ${String(e)}`);
  return e;
}

const IMPL = `has_role(_u: User, _n: String, _r: Resource);
has_relation(_o: Org, "parent", _r: Repo);
allow(a, b, c) if has_permission(a, b, c);`;

describe("block validation, with positions", () => {
  test.each([
    ["Org {}", "resource_block", "Expected 'actor' or 'resource' but found nothing.", "Org"],
    ["seahorse Org {}", "resource_block", "Expected 'actor' or 'resource' but found 'seahorse'.", "seahorse"],
    ["resource Ghost {}", "unregistered_class", "Unregistered class: Ghost", "Ghost"],
    [
      "resource Org { roles = {a: Org}; }",
      "resource_block",
      "Expected 'roles' declaration to be a list of strings; found a dictionary",
      "roles = {a: Org};",
    ],
    [
      'resource Org { relations = ["a"]; }',
      "resource_block",
      "Expected 'relations' declaration to be a dictionary; found a list",
      'relations = ["a"];',
    ],
    [
      'resource Org { foo = ["a"]; }',
      "resource_block",
      "Unexpected declaration 'foo'. Did you mean for this to be 'roles = [ ... ];' or 'permissions = [ ... ];'?",
      "foo",
    ],
    [
      "resource Org { foo = {a: Org}; }",
      "resource_block",
      "Unexpected declaration 'foo'. Did you mean for this to be 'relations = { ... };'?",
      "foo",
    ],
    [
      'resource Org { roles = ["a"]; roles = ["b"]; }',
      "resource_block",
      "Multiple 'roles' declarations in 'Org' resource block.",
      "roles",
    ],
    [
      'resource Org { roles = ["a", "a"]; }',
      "duplicate_resource_block_declaration",
      'Cannot overwrite existing role declaration "a" in resource Org with role',
      '"a"',
    ],
    [
      'resource Org { roles = ["a"]; permissions = ["a"]; }',
      "duplicate_resource_block_declaration",
      'Cannot overwrite existing role declaration "a" in resource Org with permission',
      '"a"',
    ],
    ["resource Org { relations = {p: Ghost}; }", "unregistered_class", "Unregistered class: Ghost", "Ghost"],
    [
      'resource Org { roles = ["reader"]; "read" if "reader"; }',
      "resource_block",
      `Undeclared term "read" referenced in rule in 'Org' resource block. Did you mean to declare it as a role, permission, or relation?`,
      '"read"',
    ],
    [
      'resource Org { permissions = ["read"]; roles = ["reader"]; "read" if "readr"; }',
      "resource_block",
      `Undeclared term "readr" referenced in rule in 'Org' resource block. Did you mean to declare it as a role, permission, or relation?`,
      '"readr"',
    ],
    [
      'resource Repo { roles = ["r"]; relations = {parent: Org}; "r" if "o" of "parent"; }',
      "resource_block",
      "Unexpected relation keyword 'of'. Did you mean 'on'?",
      "of",
    ],
    [
      'resource Repo { roles = ["r"]; relations = {parent: Org}; "r" if "o" on "parent"; }',
      "resource_block",
      `Repo: Relation "parent" in rule body \`"o" on "parent"\` has type 'Org', but no such resource block exists. Try declaring one: \`resource Org {}\``,
      '"parent"',
    ],
    [
      'resource Org { roles = ["m"]; } resource Repo { roles = ["r"]; relations = {parent: Org}; "r" if "o" on "parent"; }',
      "resource_block",
      `Repo: Term "o" not declared in related resource block 'Org'. Did you mean to declare it as a role, permission, or relation in the 'Org' resource block?`,
      '"o"',
    ],
  ])("%s", async (block, code, summary, underlined) => {
    const e = await failure(oso().loadStr(`actor User {}\n${block}\n${IMPL}`, "b.polar"));
    expect(e.code).toBe(code);
    expect(e.summary).toBe(summary);
    expect(e.line).toBe(2);
    expect(e.span!.source.text.slice(e.span!.start, e.span!.end)).toBe(underlined);
  });

  test("a misspelt role gets a suggestion", async () => {
    const e = await failure(
      oso().loadStr(
        `actor User {}\nresource Org { permissions = ["read"]; roles = ["reader"]; "read" if "readr"; }\n${IMPL}`,
      ),
    );
    expect(e.hint).toBe('Did you mean "reader"?');
  });

  test("declaring roles requires a has_role rule", async () => {
    const e = await failure(
      oso().loadStr(
        `actor User {}\nresource Org { roles = ["m"]; permissions = ["r"]; "r" if "m"; }\nallow(a, b, c) if has_permission(a, b, c);`,
      ),
    );
    expect(e.code).toBe("missing_required_rule");
    expect(e.summary).toBe(
      "Missing implementation for required rule has_role(actor: Actor{}, role: String{}, resource: Resource{});",
    );
  });

  test("a relation used in a shorthand rule requires its has_relation rule, pointing at the relation", async () => {
    const e = await failure(
      oso().loadStr(`actor User {}
resource Org { roles = ["m"]; }
resource Repo { roles = ["r"]; relations = {parent: Org}; "r" if "m" on "parent"; }
has_role(_u: User, _n: String, _r: Resource);
allow(a, b, c) if has_permission(a, b, c);`),
    );
    expect(e.code).toBe("missing_required_rule");
    expect(e.summary).toContain('has_relation(subject: Org{}, "parent", object: Repo{})');
    expect(e.line).toBe(3);
  });

  test("a has_role rule for a type without a block gets the resource-block hint", async () => {
    const e = await failure(
      oso().loadStr(
        `actor User {}\nresource Org { roles = ["m"]; }\nhas_role(_u: User, _n: String, _r: Widget);\nallow(a, b, c) if has_permission(a, b, c);`,
      ),
    );
    expect(e.code).toBe("invalid_rule");
    expect(e.summary).toContain("resource Widget {");
  });

  test("an unspecialized role parameter must be a String", async () => {
    const e = await failure(
      oso().loadStr(
        `actor User {}\nresource Org { roles = ["m"]; }\nhas_role(_u: User, role_name, _r: Org) if role_name = "m";\nallow(a, b, c) if has_permission(a, b, c);`,
      ),
    );
    expect(e.summary).toContain("Parameter `role_name` expects a String type constraint.");
  });

  test("blocks without a has_permission call warn", async () => {
    const o = oso();
    await o.loadStr(`actor User {}\nresource Org { permissions = ["r"]; }\nallow(_a, _b, _c);`);
    expect(o.warnings.some((w) => w.includes("does not call the has_permission rule"))).toBe(true);
  });
});

/**
 * The quickstart's built-in roles (`enableRoles`): decisions of the quickstart and of the
 * orgs/repos/issues example (polar-spec.md §9.6–9.7) with both the quickstart's names and
 * the released ones, load order, validation errors with positions, and decisions that
 * stay linear in the number of role assignments.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { isPolarError, type PolarError } from "../errors.js";
import { quietOso } from "../test-helpers.js";

const QUICKSTART = readFileSync(
  fileURLToPath(new URL("../../../../test/fixtures/quickstart-authorization.polar", import.meta.url)),
  "utf8",
);

class Page {
  constructor(readonly n: number) {}
}
class Role {
  constructor(
    readonly name: string,
    readonly resource: unknown,
  ) {}
}
class User {
  constructor(readonly roles: Role[]) {}
  get_roles() {
    return this.roles;
  }
}

describe("the quickstart", () => {
  const pages = [new Page(0), new Page(1), new Page(2)];
  const [p0, p1, p2] = pages as [Page, Page, Page];
  const alice = new User([new Role("user", p0), new Role("admin", p1)]);
  const bob = new User([new Role("admin", p2)]);
  const nobody = new User([]);
  const table = async (oso: Awaited<ReturnType<typeof quickstart>>, u: User) => {
    const out: boolean[] = [];
    for (const p of pages) for (const a of ["read", "write"]) out.push(await oso.isAllowed(u, a, p));
    return out;
  };
  async function quickstart(order: "before" | "after") {
    const oso = quietOso();
    oso.registerClass(Page);
    oso.registerClass(User);
    if (order === "before") await oso.enableRoles();
    await oso.loadStr(QUICKSTART, "authorization.polar");
    if (order === "after") await oso.enableRoles();
    return oso;
  }

  test.each(["before", "after"] as const)(
    "users read, admins write and (implied) read; enableRoles %s loading",
    async (order) => {
      const oso = await quickstart(order);
      // columns: read p0, write p0, read p1, write p1, read p2, write p2
      expect(await table(oso, alice)).toEqual([true, false, true, true, false, false]);
      expect(await table(oso, bob)).toEqual([false, false, false, false, true, true]);
      expect(await table(oso, nobody)).toEqual([false, false, false, false, false, false]);
    },
  );

  test("actions outside the resource's actions are never allowed", async () => {
    const oso = await quickstart("before");
    expect(await oso.isAllowed(bob, "delete", p2)).toBe(false);
    expect(await oso.authorizedActions(alice, p1)).toEqual(new Set(["read", "write"]));
  });

  test("role_allow is undefined until roles are enabled", async () => {
    const oso = quietOso();
    oso.registerClass(Page);
    oso.registerClass(User);
    await oso.loadStr(QUICKSTART);
    const e = await oso.isAllowed(alice, "read", p0).catch((x: unknown) => x);
    expect((e as PolarError).code).toBe("query_for_undefined_rule");
  });

  test("clearRules, then another policy with roles still enabled", async () => {
    const oso = await quickstart("before");
    oso.clearRules();
    await oso.loadStr(QUICKSTART.replace('permissions: ["write"]', 'permissions: ["write", "read"]'));
    expect(await oso.isAllowed(bob, "read", p2)).toBe(true);
  });
});

// polar-spec.md §9.7
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
  ) {}
}
class Member {
  constructor(readonly roles: Role[]) {}
}

const RESOURCES = `resource(_type: Org, "org", actions, roles) if
    actions = ["invite", "create_repo"] and
    roles = { member: { permissions: ["create_repo"], implies: ["repo:reader"] },
              owner:  { permissions: ["invite"], implies: ["member", "repo:writer"] } };
resource(_type: Repo, "repo", actions, roles) if
    actions = ["push", "pull"] and
    roles = { writer: { permissions: ["push", "issue:edit"], implies: ["reader"] },
              reader: { permissions: ["pull"] } };
resource(_type: Issue, "issue", actions, {}) if actions = ["edit"];
parent_child(parent_org, repo: Repo) if repo.org = parent_org and parent_org matches Org;
parent_child(parent_repo, issue: Issue) if issue.repo = parent_repo and parent_repo matches Repo;
`;
const RELEASED = `${RESOURCES}
actor_has_role_for_resource(actor, role_name, role_resource) if
    role in actor.roles and role matches {name: role_name, resource: role_resource};
allow(actor, action, resource) if role_allows(actor, action, resource);`;
const QUICKSTART_NAMES = `${RESOURCES}
actor_role(actor, role) if role in actor.roles;
allow(actor, action, resource) if role_allow(actor, action, resource);`;

describe.each([
  ["released names", RELEASED],
  ["quickstart names", QUICKSTART_NAMES],
])("orgs, repos and issues (%s)", (_, policy) => {
  const osohq = new Org("osohq");
  const apple = new Org("apple");
  const oso_ = new Repo("oso", osohq);
  const ios = new Repo("ios", apple);
  const bug = new Issue("bug", oso_);
  const laggy = new Issue("laggy", ios);
  const leina = new Member([new Role("owner", osohq)]);
  const steve = new Member([new Role("member", osohq)]);
  const rows: [string, Member, string, unknown, boolean][] = [
    ["leina", leina, "invite", osohq, true],
    ["leina", leina, "create_repo", osohq, true],
    ["leina", leina, "push", oso_, true],
    ["leina", leina, "pull", oso_, true],
    ["leina", leina, "edit", bug, true],
    ["leina", leina, "edit", laggy, false],
    ["steve", steve, "invite", osohq, false],
    ["steve", steve, "create_repo", osohq, true],
    ["steve", steve, "push", oso_, false],
    ["steve", steve, "pull", oso_, true],
    ["steve", steve, "edit", bug, false],
    ["gabe (no roles)", new Member([]), "edit", bug, false],
    ["gabe (member)", new Member([new Role("member", osohq)]), "edit", bug, false],
    ["gabe (owner)", new Member([new Role("owner", osohq)]), "edit", bug, true],
    ["reader@oso", new Member([new Role("reader", oso_)]), "pull", oso_, true],
    ["reader@oso", new Member([new Role("reader", oso_)]), "push", oso_, false],
    ["writer@oso", new Member([new Role("writer", oso_)]), "edit", bug, true],
    ["writer@oso", new Member([new Role("writer", oso_)]), "create_repo", osohq, false],
    ["writer@oso on another issue", new Member([new Role("writer", oso_)]), "edit", laggy, false],
  ];
  test.each(rows)("%s %s -> %s", async (_name, actor, action, resource, expected) => {
    const oso = quietOso();
    for (const c of [Org, Repo, Issue, Member]) oso.registerClass(c);
    await oso.loadStr(policy);
    await oso.enableRoles();
    expect(await oso.isAllowed(actor, action, resource)).toBe(expected);
  });
});

async function failure(policy: string): Promise<PolarError> {
  const oso = quietOso();
  for (const c of [Org, Repo, Issue, Member, Page]) oso.registerClass(c);
  await oso.enableRoles();
  const e = await oso.loadStr(policy, "roles.polar").then(
    () => null,
    (err: unknown) => err,
  );
  if (!isPolarError(e)) throw new Error(`expected a PolarError, got ${String(e)}`);
  return e;
}

const HOOK = "actor_role(actor, role) if role in actor.roles;\nallow(a, b, c) if role_allow(a, b, c);\n";

describe("validation at load, with the offending rule's position", () => {
  test.each([
    [
      "no actor_role rule",
      'resource(_t: Org, "org", actions, {}) if actions = ["a"];\nallow(a, b, c) if role_allow(a, b, c);',
      /Need to define `actor_role/,
      null,
    ],
    ["no resource rule", HOOK, /at least one `resource/, null],
    [
      "no type specializer",
      `${HOOK}resource(_t, "org", actions, {}) if actions = ["a"];`,
      /no type specializer/,
      "_t",
    ],
    [
      "namespace not a string",
      `${HOOK}resource(_t: Org, 1, actions, {}) if actions = ["a"];`,
      /name is not a string/,
      "1",
    ],
    [
      "namespace used twice",
      `${HOOK}resource(_t: Org, "x", ["a"], {});\nresource(_t: Repo, "x", ["b"], {});`,
      /Duplicate resource name x/,
      '"x"',
    ],
    ["actions not a list", `${HOOK}resource(_t: Org, "org", "a", {});`, /Invalid actions for Org/, '"a"'],
    [
      "action repeated",
      `${HOOK}resource(_t: Org, "org", ["a", "a"], {});`,
      /Duplicate action a for Org/,
      '"a"',
    ],
    [
      "bad role key",
      `${HOOK}resource(_t: Org, "org", ["a"], {m: {actions: ["a"]}});`,
      /contains invalid key: actions/,
      "actions",
    ],
    [
      "empty role",
      `${HOOK}resource(_t: Org, "org", ["a"], {m: {}});`,
      /Must define permissions or implications for role m/,
      "m",
    ],
    [
      "unknown permission",
      `${HOOK}resource(_t: Org, "org", ["read"], {m: {permissions: ["raed"]}});`,
      /Permission raed of role m on Org is not an action of Org/,
      '"raed"',
    ],
    [
      "unknown implied role",
      `${HOOK}resource(_t: Org, "org", ["read"], {m: {permissions: ["read"], implies: ["ownr"]}});`,
      /implies ownr, but Org has no role ownr/,
      '"ownr"',
    ],
    [
      "unknown namespace",
      `${HOOK}resource(_t: Org, "org", ["read"], {m: {implies: ["rep:reader"]}});`,
      /no resource is named rep/,
      '"rep:reader"',
    ],
    [
      "no parent_child path",
      `${HOOK}resource(_t: Org, "org", ["read"], {m: {implies: ["repo:reader"]}});\nresource(_t: Repo, "repo", ["pull"], {reader: {permissions: ["pull"]}});`,
      /no parent_child path leads from Org down to Repo/,
      '"repo:reader"',
    ],
    [
      "a reference to the resource's own namespace",
      `${HOOK}resource(_t: Org, "org", ["a"], {m: {permissions: ["org:a"]}});`,
      /no parent_child path leads from Org down to Org/,
      '"org:a"',
    ],
    [
      "a cross-resource reference to a missing role",
      `${HOOK}parent_child(o: Org, r: Repo) if r.org = o;\nresource(_t: Org, "org", [], {m: {implies: ["repo:nosuch"]}});\nresource(_t: Repo, "repo", ["pull"], {reader: {permissions: ["pull"]}});`,
      /Repo has no role nosuch/,
      '"repo:nosuch"',
    ],
    [
      "a cross-resource permission that is not an action there",
      `${HOOK}parent_child(o: Org, r: Repo) if r.org = o;\nresource(_t: Org, "org", [], {m: {permissions: ["repo:nope"]}});\nresource(_t: Repo, "repo", ["pull"], {});`,
      /Permission repo:nope of role m on Org is not an action of Repo/,
      '"repo:nope"',
    ],
    [
      "an action that is not a string (printed as Polar)",
      `${HOOK}resource(_t: Org, "org", [{x: [1]}], {});`,
      /Invalid action for Org: \{x: \[1\]\} is not a string/,
      null,
    ],
    [
      "a resource rule that never holds",
      `${HOOK}resource(_t: Org, "org", ["a"], {}) if false;`,
      /has no solution/,
      'resource(_t: Org, "org", ["a"], {})',
    ],
  ])("%s", async (_, policy, message, underlined) => {
    const e = await failure(policy);
    expect(e.code).toBe("roles_validation");
    expect(e.summary).toMatch(message);
    if (underlined !== null) {
      expect(e.file).toBe("roles.polar");
      expect(e.span!.source.text.slice(e.span!.start, e.span!.end)).toBe(underlined);
    }
  });

  test("near names are suggested", async () => {
    const e = await failure(`${HOOK}resource(_t: Org, "org", ["read"], {m: {permissions: ["raed"]}});`);
    expect(e.hint).toBe('Did you mean "read"?');
  });

  test("enableRoles after a load validates immediately", async () => {
    const oso = quietOso();
    oso.registerClass(Org);
    await oso.loadStr(`${HOOK}resource(_t: Org, "org", ["a", "a"], {});`);
    await expect(oso.enableRoles()).rejects.toMatchObject({ code: "roles_validation" });
  });

  test("an unregistered resource type", async () => {
    const e = await failure(`${HOOK}resource(_t: Ghost, "g", ["a"], {});`);
    expect(e.code).toBe("unregistered_class");
  });
});

describe("hooks that do not name the resource", () => {
  test("a role name held globally counts on every resource", async () => {
    const oso = quietOso();
    oso.registerClass(Page);
    await oso.enableRoles();
    await oso.loadStr(`allow(actor, action, resource) if role_allows(actor, action, resource);
actor_has_role_for_resource(actor, name, _resource) if name in actor.names;
resource(_type: Page, "page", actions, roles) if
  actions = ["read", "write"] and
  roles = { user: { permissions: ["read"] }, admin: { permissions: ["write"], implies: ["user"] } };`);
    const admin = { names: ["admin"] };
    const user = { names: ["user"] };
    expect(await oso.authorizedActions(admin, new Page(1))).toEqual(new Set(["read", "write"]));
    expect(await oso.authorizedActions(user, new Page(1))).toEqual(new Set(["read"]));
    expect(await oso.isAllowed({ names: [] }, "read", new Page(1))).toBe(false);
  });
});

describe("cost", () => {
  test("a wide, deep implication graph does not explode", async () => {
    // role i implies roles i-1 and i-2: naive re-derivation is exponential in the depth
    const n = 40;
    const roles = Array.from({ length: n }, (_, i) => {
      const implies = [i - 1, i - 2].filter((j) => j >= 0).map((j) => `"r${j}"`);
      return `r${i}: {${i === 0 ? 'permissions: ["read"]' : `implies: [${implies.join(", ")}]`}}`;
    });
    const oso = quietOso();
    oso.registerClass(Page);
    oso.registerClass(User);
    await oso.enableRoles();
    await oso.loadStr(
      `${QUICKSTART.split("resource(")[0]}resource(_t: Page, "page", ["read"], {${roles.join(", ")}});`,
    );
    const page = new Page(0);
    const top = new User([new Role(`r${n - 1}`, page)]);
    const started = Date.now();
    expect(await oso.isAllowed(top, "read", page)).toBe(true);
    expect(await oso.isAllowed(new User([new Role("r5", new Page(1))]), "read", page)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test("a decision reads each role assignment once (linear in assignments)", async () => {
    const oso = quietOso();
    oso.registerClass(Page);
    oso.registerClass(User);
    await oso.enableRoles();
    await oso.loadStr(QUICKSTART);
    const page = new Page(0);
    for (const size of [100, 10_000]) {
      let reads = 0;
      const assignments = Array.from({ length: size }, (_, i) => {
        const r = new Role("user", new Page(i + 1));
        return new Proxy(r, {
          get(target, key, receiver) {
            if (key === "name") reads++;
            return Reflect.get(target, key, receiver);
          },
        });
      });
      expect(await oso.isAllowed(new User(assignments), "write", page)).toBe(false);
      expect(reads).toBe(size);
    }
  });
});

describe("types decided by a custom isaCheck", () => {
  // Rows of one (unregistered) JavaScript class, told apart by a field, as an ORM hands
  // them out: the type of a value is the value's own, never one remembered from an
  // earlier value of the same constructor.
  class Row {
    constructor(
      readonly kind: string,
      readonly n: number,
    ) {}
  }
  class PageModel {}
  class MemoModel {}
  test("a cached type never carries over to another value of the same constructor", async () => {
    const oso = quietOso();
    const kind = (k: string) => (v: unknown) => v instanceof Row && v.kind === k;
    oso.registerClass(PageModel, { name: "Page", isaCheck: kind("page") });
    oso.registerClass(MemoModel, { name: "Memo", isaCheck: kind("memo") });
    oso.registerClass(User);
    await oso.enableRoles();
    await oso.loadStr(`${QUICKSTART}
resource(_type: Memo, "memo", ["read", "shred"], roles) if
    roles = {owner: {permissions: ["shred"]}};`);
    const page = new Row("page", 0);
    const memo = new Row("memo", 0);
    const owner = new User([new Role("owner", memo), new Role("admin", page)]);
    expect(await oso.isAllowed(owner, "write", page)).toBe(true);
    expect(await oso.isAllowed(owner, "shred", memo)).toBe(true);
    expect(await oso.isAllowed(owner, "write", memo)).toBe(false);
    expect(await oso.isAllowed(owner, "shred", page)).toBe(false);
  });
});

describe("role objects whose fields answer later", () => {
  test("a Promise-valued name or resource is awaited, not read as a miss", async () => {
    const oso = quietOso();
    oso.registerClass(Page);
    oso.registerClass(User);
    await oso.enableRoles();
    await oso.loadStr(QUICKSTART);
    const page = new Page(0);
    const later = { name: Promise.resolve("admin"), resource: Promise.resolve(page) };
    const user = new User([later as unknown as Role]);
    expect(await oso.isAllowed(user, "write", page)).toBe(true);
    expect(await oso.isAllowed(user, "write", new Page(1))).toBe(false);
    const failing = { name: "admin", resource: Promise.reject(new Error("lookup failed")) };
    await expect(oso.isAllowed(new User([failing as unknown as Role]), "write", page)).rejects.toMatchObject({
      code: "application_error",
    });
  });
});

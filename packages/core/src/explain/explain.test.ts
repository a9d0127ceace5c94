/**
 * `explain` and `explainQuery`: the trace's data for allow, deny and error, its text, its
 * bound, and the invariant that explaining never changes the answer.
 */
import { describe, expect, test } from "vitest";
import { arrayAdapter } from "../filter/array-adapter.js";
import { CASES, EXAMPLE_CASES, loadCase, registerFixtures, richWorld } from "../filter/fixtures.js";
import { quietOso } from "../test-helpers.js";
import type { RuleTrace, TraceEntry } from "./types.js";

class User {
  constructor(
    readonly name: string,
    readonly roles: string[],
  ) {}
}
class Repo {
  constructor(readonly id: number) {}
}

const BLOCKS = `allow(actor, action, resource) if has_permission(actor, action, resource);
actor User {}
resource Repo {
  roles = ["reader", "admin"];
  permissions = ["read", "write"];
  "read" if "reader";
  "write" if "admin";
  "reader" if "admin";
}
has_role(user: User, name: String, _repo: Repo) if name in user.roles;
`;

async function blocksOso() {
  const oso = quietOso();
  oso.registerClass(User);
  oso.registerClass(Repo);
  await oso.loadStr(BLOCKS, "policy.polar");
  return oso;
}

/** Oso's quickstart roles: a user reads, an admin writes and is a user. */
async function quickstartRoles() {
  const oso = quietOso();
  class Page {
    constructor(readonly id: number) {}
  }
  class Role {
    constructor(
      readonly name: string,
      readonly resource: unknown,
    ) {}
  }
  class Member {
    constructor(readonly roles: Role[]) {}
    get_roles() {
      return this.roles;
    }
  }
  oso.registerClass(Page);
  oso.registerClass(Member);
  await oso.enableRoles();
  await oso.loadStr(
    `allow(actor, action, resource) if role_allow(actor, action, resource);
actor_role(actor, role) if role in actor.get_roles();
resource(_type: Page, "page", actions, roles) if
  actions = ["read", "write"] and
  roles = { user: { permissions: ["read"] }, admin: { permissions: ["write"], implies: ["user"] } };`,
    "roles.polar",
  );
  return { oso, Page, Role, Member };
}

function rules(entries: readonly TraceEntry[]): RuleTrace[] {
  return entries.flatMap((e) => (e.kind === "rule" ? [e, ...rules(e.children)] : []));
}

describe("explain", () => {
  test("an allow: the rules that matched, with their place, arguments and the host values read", async () => {
    const oso = await blocksOso();
    const x = await oso.explain(new User("alice", ["reader"]), "read", new Repo(1));
    expect(x.allowed).toBe(true);
    expect(x.error).toBeUndefined();
    expect(x.truncated).toBe(false);
    const [allow] = x.trace.children as RuleTrace[];
    expect(allow).toMatchObject({
      name: "allow",
      text: "allow(actor, action, resource)",
      location: { file: "policy.polar", line: 1, column: 1 },
      outcome: "matched",
    });
    expect(allow!.args).toEqual(["User { name: 'alice', roles: [ 'reader' ] }", '"read"', "Repo { id: 1 }"]);
    // the resource block's rule is shown as the block states it
    const block = allow!.children[0] as RuleTrace;
    expect(block).toMatchObject({
      name: "has_permission",
      text: '"read" if "reader" (resource Repo)',
      location: { file: "policy.polar", line: 6, column: 3 },
      outcome: "matched",
    });
    const hasRole = block.children[0] as RuleTrace;
    expect(hasRole).toMatchObject({ name: "has_role", outcome: "matched", location: { line: 10 } });
    expect(hasRole.children).toContainEqual(
      expect.objectContaining({ kind: "host", expression: "user.roles", result: '["reader"]' }),
    );
    const text = String(x);
    expect(text.split("\n")[0]).toMatch(/: allowed$/);
    expect(text).toContain("matched allow(actor, action, resource) at policy.polar:1");
    expect(text).toContain('matched "read" if "reader" (resource Repo) at policy.polar:6');
  });

  test("a deny: each rule tried failed, with the condition that failed and where", async () => {
    const oso = await blocksOso();
    const x = await oso.explain(new User("alice", ["reader"]), "write", new Repo(1));
    expect(x.allowed).toBe(false);
    const all = rules(x.trace.children);
    expect(all.every((r) => r.outcome === "failed")).toBe(true);
    const hasRole = all.find((r) => r.name === "has_role")!;
    expect(hasRole.args[1]).toBe('"admin"');
    expect(hasRole.failedAt).toEqual({
      condition: "name in user.roles",
      location: { file: "policy.polar", line: 10, column: 52 },
    });
    expect(String(x)).toContain("failed at `name in user.roles` (policy.polar:10:52)");
    // a rule whose calls all failed says so
    expect(all[0]).toMatchObject({
      name: "allow",
      failedAt: { condition: "no has_permission rule it called matched", location: null },
    });
    expect(String(x)).toContain("  failed: no has_permission rule it called matched");
    expect(String(x).split("\n")[0]).toMatch(/: denied$/);
  });

  test("a head that does not match is a failure at the head", async () => {
    const oso = quietOso();
    oso.registerClass(User);
    await oso.loadStr('allow(_u: User, "read", _r);\nallow(_u, "write", _r) if false;', "p.polar");
    const x = await oso.explain("not a user", "read", 1);
    expect(x.allowed).toBe(false);
    const [first] = x.trace.children as RuleTrace[];
    expect(first).toMatchObject({
      outcome: "failed",
      failedAt: { condition: "the arguments do not match the rule's parameters", location: { line: 1 } },
    });
  });

  test("an error: reported with allowed false, the rule that raised marked raised", async () => {
    const oso = quietOso();
    class Boom {
      check(): boolean {
        throw new Error("database down");
      }
    }
    oso.registerClass(Boom);
    await oso.loadStr("allow(_a, _b, r: Boom) if r.check();", "p.polar");
    const x = await oso.explain("u", "read", new Boom());
    expect(x.allowed).toBe(false);
    expect(x.error?.code).toBe("application_error");
    const [rule] = x.trace.children as RuleTrace[];
    expect(rule).toMatchObject({ outcome: "raised", failedAt: { condition: "r.check()" } });
    expect(rule!.error).toMatch(/database down/);
    expect(String(x)).toMatch(/error: Application error: database down/);
    // the plain API throws the same error
    await expect(oso.isAllowed("u", "read", new Boom())).rejects.toMatchObject({ code: "application_error" });
  });

  test("host calls that answer with a Promise are awaited and recorded", async () => {
    const oso = quietOso();
    class Account {
      async owner(): Promise<string> {
        return "alice";
      }
    }
    oso.registerClass(Account);
    await oso.loadStr("allow(name, _a, acct: Account) if acct.owner() = name;", "async.polar");
    const yes = await oso.explain("alice", "read", new Account());
    const no = await oso.explain("bob", "read", new Account());
    expect([yes.allowed, no.allowed]).toEqual([true, false]);
    expect((yes.trace.children[0] as RuleTrace).children).toEqual([
      expect.objectContaining({ kind: "host", expression: "acct.owner()", args: [], result: '"alice"' }),
    ]);
    expect((no.trace.children[0] as RuleTrace).failedAt?.condition).toBe(
      "acct.owner() (its value did not match)",
    );
  });

  test("resource blocks: a role from a relation is shown as the block states it, has_relation and has_role as the policy's rules", async () => {
    const oso = quietOso();
    class Org {
      constructor(readonly id: number) {}
    }
    class Repo2 {
      constructor(
        readonly id: number,
        readonly org: Org,
      ) {}
    }
    class Holder {
      constructor(readonly roles: { name: string; on: unknown }[]) {}
    }
    oso.registerClass(Org);
    oso.registerClass(Repo2, { name: "Repo" });
    oso.registerClass(Holder, { name: "User" });
    await oso.loadStr(
      `allow(actor, action, resource) if has_permission(actor, action, resource);
actor User {}
resource Org { roles = ["member"]; }
resource Repo {
  roles = ["reader"];
  permissions = ["read"];
  relations = { parent: Org };
  "read" if "reader";
  "reader" if "member" on "parent";
}
has_relation(org: Org, "parent", repo: Repo) if repo.org = org;
has_role(user: User, name: String, resource: Resource) if r in user.roles and r.name = name and r.on = resource;`,
      "blocks.polar",
    );
    const org = new Org(1);
    const yes = await oso.explain(new Holder([{ name: "member", on: org }]), "read", new Repo2(5, org));
    expect(yes.allowed).toBe(true);
    const all = rules(yes.trace.children);
    expect(all.find((r) => r.text.startsWith('"reader" if "member" on "parent"'))).toMatchObject({
      text: '"reader" if "member" on "parent" (resource Repo)',
      location: { file: "blocks.polar", line: 9 },
      outcome: "matched",
    });
    expect(all.find((r) => r.name === "has_relation")).toMatchObject({
      text: 'has_relation(org: Org, "parent", repo: Repo)',
      location: { line: 11 },
      outcome: "matched",
    });
    const no = await oso.explain(new Holder([{ name: "member", on: new Org(2) }]), "read", new Repo2(5, org));
    expect(no.allowed).toBe(false);
    const text = String(no);
    expect(text).toContain('failed "reader" if "member" on "parent" (resource Repo) at blocks.polar:9');
    expect(text).toContain(
      "failed has_role(user: User, name: String, resource: Resource) at blocks.polar:12",
    );
    expect(text).not.toMatch(/\(generated\)|__oso/);
  });

  test("the built-in roles, allowed: the granting roles with their implications, and the one held", async () => {
    const { oso, Page, Role, Member } = await quickstartRoles();
    const page = new Page(1);
    const x = await oso.explain(new Member([new Role("admin", page)]), "read", page);
    expect(x.allowed).toBe(true);
    const builtIn = rules(x.trace.children).find((r) => r.name === "role_allow")!;
    // one entry for the generated rules, placed at the type's resource(...) rule
    expect(builtIn).toMatchObject({
      text: 'built-in roles of Page ("page")',
      location: { file: "roles.polar", line: 3 },
      outcome: "matched",
    });
    expect(rules(x.trace.children).map((r) => r.name)).toEqual(["allow", "role_allow", "actor_role"]);
    const text = String(x);
    expect(text).toContain('matched built-in roles of Page ("page") at roles.polar:3');
    expect(text).toContain(
      '      roles that grant "read" on Page { id: 1 }: "user", "admin" (implies "user") on Page { id: 1 } (roles.polar:3)',
    );
    expect(text).toContain('      role "admin" on Page { id: 1 } grants "read"');
    // the application's hook is shown with its place, and no generated name is
    expect(text).toContain("matched actor_role(actor, role) at roles.polar:2");
    expect(text).not.toMatch(/role_allows|__oso|grant\.has|\(generated\)/);
  });

  test("the built-in roles, denied: why each role the actor holds does not grant", async () => {
    const { oso, Page, Role, Member } = await quickstartRoles();
    const x = await oso.explain(
      new Member([new Role("admin", new Page(2)), new Role("user", new Page(1))]),
      "write",
      new Page(1),
    );
    expect(x.allowed).toBe(false);
    const builtIn = rules(x.trace.children).find((r) => r.name === "role_allow")!;
    expect(builtIn.failedAt).toEqual({
      condition: 'the actor holds no role that grants "write" on Page { id: 1 }',
      location: null,
    });
    const notes = builtIn.children.flatMap((c) => (c.kind === "host" && c.note ? [c.note] : []));
    expect(notes).toEqual([
      'roles that grant "write" on Page { id: 1 }: "admin" on Page { id: 1 } (roles.polar:3)',
      'role "admin" on Page { id: 2 } does not grant "write": it is not on Page { id: 1 }',
      'role "user" on Page { id: 1 } does not grant "write"',
    ]);
    const text = String(x);
    expect(text).toContain('failed: the actor holds no role that grants "write" on Page { id: 1 }');
    expect(text).not.toMatch(/role_allows|__oso|grant\.has|\(generated\)/);
    // an action no role grants says so
    const none = await oso.explain(new Member([]), "delete", new Page(1));
    expect(String(none)).toContain('no role grants "delete" on Page { id: 1 } (roles.polar:3)');
  });

  test("the built-in roles across parent_child levels: the ancestors' roles and cross-type implications", async () => {
    const oso = quietOso();
    class Org {
      constructor(readonly id: number) {}
    }
    class Repo {
      constructor(
        readonly id: number,
        readonly org: Org,
      ) {}
    }
    class Member {
      constructor(readonly roles: [string, unknown][]) {}
    }
    oso.registerClass(Org);
    oso.registerClass(Repo);
    oso.registerClass(Member);
    await oso.enableRoles();
    await oso.loadStr(
      `allow(actor, action, resource) if role_allows(actor, action, resource);
actor_has_role_for_resource(actor, name, resource) if [name, resource] in actor.roles;
parent_child(org: Org, repo: Repo) if repo.org = org;
resource(_type: Org, "org", actions, roles) if
  actions = ["invite"] and
  roles = { owner: { permissions: ["invite"], implies: ["member"] }, member: { implies: ["repo:reader"] } };
resource(_type: Repo, "repo", actions, roles) if
  actions = ["pull"] and
  roles = { reader: { permissions: ["pull"] } };`,
      "h.polar",
    );
    const org = new Org(1);
    const repo = new Repo(7, org);
    const granting =
      'roles that grant "pull" on Repo { id: 7, org: Org { id: 1 } }: "reader" on Repo { id: 7, org: Org { id: 1 } } (h.polar:7); "member" (implies "repo:reader"), "owner" (implies "member") on Org { id: 1 } (h.polar:4)';
    const yes = await oso.explain(new Member([["owner", org]]), "pull", repo);
    expect(yes.allowed).toBe(true);
    expect(String(yes)).toContain(granting);
    expect(String(yes)).toContain('role "owner" on Org { id: 1 } grants "pull"');
    // the hierarchy is the application's parent_child rule, shown with its place
    expect(String(yes)).toContain("matched parent_child(org: Org, repo: Repo) at h.polar:3");
    const no = await oso.explain(new Member([["member", new Org(2)]]), "pull", repo);
    expect(no.allowed).toBe(false);
    expect(String(no)).toContain(
      'role "member" on Org { id: 2 } does not grant "pull": it is not on Org { id: 1 }',
    );
    expect(String(no)).toContain('failed built-in roles of Repo ("repo") at h.polar:7');
    expect(String(no)).not.toMatch(/__oso|grant\.has|\(generated\)/);
  });

  test("traces are bounded: cut at maxNodes, and said so", async () => {
    const oso = quietOso();
    await oso.loadStr("f(0);\nf(n) if n > 0 and f(n - 1);\nallow(_a, _b, n) if f(n);", "loop.polar");
    const x = await oso.explain("a", "b", 50, { maxNodes: 10 });
    expect(x.allowed).toBe(true);
    expect(x.truncated).toBe(true);
    const count = (es: readonly TraceEntry[]): number =>
      es.reduce((n, e) => n + 1 + (e.kind === "rule" ? count(e.children) : 0), 0);
    expect(count(x.trace.children)).toBe(10);
    expect(String(x)).toContain("trace cut at the maxNodes bound");
    const full = await oso.explain("a", "b", 50);
    expect(full.truncated).toBe(false);
  });

  test("bad input: undefined actor, a bad maxNodes", async () => {
    const oso = await blocksOso();
    await expect(oso.explain(undefined as never, "read", new Repo(1))).rejects.toMatchObject({
      code: "invalid_argument",
    });
    await expect(oso.explain(new User("a", []), "read", new Repo(1), { maxNodes: 0 })).rejects.toMatchObject({
      code: "invalid_argument",
    });
    await expect(oso.explainQuery("x = ", {})).rejects.toMatchObject({ kind: "parse" });
  });
});

describe("explainQuery", () => {
  test("any query: whether it has a solution, with bindings", async () => {
    const oso = await blocksOso();
    const yes = await oso.explainQuery('has_role(u, "reader", r)', {
      bindings: { u: new User("bob", ["reader"]), r: new Repo(2) },
    });
    expect(yes.allowed).toBe(true);
    expect(String(yes).split("\n")[0]).toBe('has_role(u, "reader", r): true');
    const no = await oso.explainQuery("1 = 2");
    expect(no.allowed).toBe(false);
    expect(String(no)).toBe("1 = 2: false\n  no rule was tried");
  });
});

describe("explaining never changes the answer", () => {
  test.each([...CASES, ...EXAMPLE_CASES].map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const oso = quietOso();
    registerFixtures(oso);
    await loadCase(oso, c);
    const world = richWorld();
    // Relation fields are read through the adapter, in decisions as in explanations
    oso.setDataFilteringAdapter(arrayAdapter((type) => world[type as keyof typeof world]));
    let allowed = 0;
    for (const user of world.User) {
      for (const cls of c.classes) {
        for (const action of c.actions) {
          for (const row of world[cls] as object[]) {
            const expected = await oso.isAllowed(user, action, row).catch(() => "error");
            const x = await oso.explain(user, action, row);
            expect(x.error === undefined ? x.allowed : "error").toBe(expected);
            if (expected === true) allowed++;
          }
        }
      }
    }
    // the fixtures must exercise allows too, or the comparison proves little
    expect(allowed).toBeGreaterThan(0);
  });
});

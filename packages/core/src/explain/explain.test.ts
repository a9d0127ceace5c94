/**
 * `explain` and `explainQuery`: the trace's data for allow, deny and error, its text, its
 * bound, and the invariant that explaining never changes the answer.
 */
import { describe, expect, test } from "vitest";
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

  test("the built-in roles are shown in the policy's terms", async () => {
    const oso = quietOso();
    class Page {}
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
    await oso.loadStr(
      `allow(actor, action, resource) if role_allow(actor, action, resource);
actor_role(actor, role) if role in actor.get_roles();
resource(_type: Page, "page", actions, roles) if
  actions = ["read", "write"] and
  roles = { user: { permissions: ["read"] }, admin: { permissions: ["write"], implies: ["user"] } };`,
      "roles.polar",
    );
    await oso.enableRoles();
    const page = new Page();
    const x = await oso.explain(new Member([new Role("admin", page)]), "read", page);
    expect(x.allowed).toBe(true);
    const builtIn = rules(x.trace.children).find((r) => r.name === "role_allows")!;
    expect(builtIn.text).toBe("built-in roles: role_allows(actor, action, resource)");
    expect(builtIn.location).toBeNull();
    expect(String(x)).toContain('[built-in roles: role "admin" on Page {} grants it]');
    // the application's hook is shown with its place
    expect(rules(x.trace.children).find((r) => r.name === "actor_role")!.location).toMatchObject({
      file: "roles.polar",
      line: 2,
    });
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

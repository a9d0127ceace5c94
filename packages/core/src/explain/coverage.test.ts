/**
 * Rule coverage: rules, resource blocks' declarations and implications, the built-in
 * roles' roles, permissions and implications; and that recording stops.
 */
import { describe, expect, test } from "vitest";
import { quietOso } from "../test-helpers.js";

class User {
  constructor(readonly roles: string[]) {}
}
class Repo {}

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

async function blocks() {
  const oso = quietOso();
  oso.registerClass(User);
  oso.registerClass(Repo);
  await oso.loadStr(BLOCKS, "repo.polar");
  return oso;
}

const uncovered = (text: string) =>
  text
    .split("\n")
    .filter((l) => l.startsWith("  "))
    .map((l) => l.trim());

describe("coverage", () => {
  test("resource blocks: each permission, role and implication, and the rules", async () => {
    const oso = await blocks();
    const rec = oso.recordCoverage();
    expect(await oso.isAllowed(new User(["reader"]), "read", new Repo())).toBe(true);
    rec.stop();
    const report = rec.report();
    expect(report.total).toBe(9);
    expect(report.covered).toBe(5);
    expect(uncovered(String(report))).toEqual([
      'repo.polar:4  role: role "admin" on Repo',
      'repo.polar:5  permission: permission "write" on Repo',
      'repo.polar:7  implication: "write" if "admin" (resource Repo)',
      'repo.polar:8  implication: "reader" if "admin" (resource Repo)',
    ]);
    expect(String(report).split("\n")[0]).toBe("Coverage: 5/9 (55.6%)");
    const hasRole = report.items.find((i) => i.text.startsWith("has_role"))!;
    expect(hasRole).toMatchObject({
      kind: "rule",
      hits: 1,
      location: { file: "repo.polar", line: 10, column: 1 },
    });
  });

  test("an admin reading goes through the implication; full coverage with a writer too", async () => {
    const oso = await blocks();
    const rec = oso.recordCoverage();
    await oso.isAllowed(new User(["admin"]), "read", new Repo());
    await oso.isAllowed(new User(["admin"]), "write", new Repo());
    rec.stop();
    expect(rec.report()).toMatchObject({ covered: 9, total: 9, percent: 100, uncovered: [] });
  });

  test("a denial covers nothing it did not match; queries after stop() are not counted", async () => {
    const oso = await blocks();
    const rec = oso.recordCoverage();
    expect(await oso.isAllowed(new User([]), "write", new Repo())).toBe(false);
    rec.stop();
    expect(rec.report().covered).toBe(0);
    await oso.isAllowed(new User(["admin"]), "write", new Repo());
    expect(rec.report().covered).toBe(0);
  });

  test("the built-in roles: per role, permission and implication", async () => {
    const oso = quietOso();
    class Page {}
    class Member {
      constructor(readonly roles: { name: string; resource: unknown }[]) {}
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
    const rec = oso.recordCoverage();
    expect(await oso.isAllowed(new Member([{ name: "user", resource: page }]), "read", page)).toBe(true);
    let report = rec.report();
    expect(report.total).toBe(7);
    expect(uncovered(String(report))).toEqual([
      'roles.polar:3  role: role "admin" on Page',
      'roles.polar:3  permission: permission "write" of role "admin" on Page',
      'roles.polar:3  implication: role "admin" implies "user" on Page',
    ]);
    // an admin reading goes through the implication
    await oso.isAllowed(new Member([{ name: "admin", resource: page }]), "read", page);
    report = rec.report();
    expect(uncovered(String(report))).toEqual([
      'roles.polar:3  permission: permission "write" of role "admin" on Page',
    ]);
    rec.stop();
  });

  test("explaining while coverage records: both see the query", async () => {
    const oso = await blocks();
    const rec = oso.recordCoverage();
    const x = await oso.explain(new User(["reader"]), "read", new Repo());
    expect(x.allowed).toBe(true);
    expect(x.trace.children.length).toBe(1);
    expect(rec.report().covered).toBe(5);
    rec.stop();
  });
});

describe("POLAR_LOG and the logger option", () => {
  test("a logger gets every query's trace, line by line", async () => {
    const lines: string[] = [];
    const oso = quietOso({ logger: (l) => lines.push(l) });
    await oso.loadStr('allow(_u, "read", 1);\nallow(_u, "read", n) if n > 5;', "p.polar");
    expect(await oso.isAllowed("u", "read", 2)).toBe(false);
    expect(lines).toEqual([
      '[polar] QUERY: allow("u", "read", 2)',
      '[polar]   try allow(_u, "read", 1) at p.polar:1 with ("u", "read", 2)',
      "[polar]   failed: the arguments do not match the rule's parameters",
      '[polar]   try allow(_u, "read", n) at p.polar:2 with ("u", "read", 2)',
      "[polar]   failed at `n > 5` (p.polar:2:25)",
    ]);
    lines.length = 0;
    expect(await oso.isAllowed("u", "read", 1)).toBe(true);
    expect(lines.at(-1)).toBe("[polar]   matched");
  });

  test("the log shows the built-in roles as one entry over the application's rules, not their generated rules", async () => {
    const lines: string[] = [];
    const oso = quietOso({ logger: (l) => lines.push(l) });
    class Page {}
    class Member {
      constructor(readonly roles: { name: string; resource: unknown }[]) {}
    }
    oso.registerClass(Page);
    oso.registerClass(Member);
    await oso.enableRoles();
    await oso.loadStr(
      `allow(actor, action, resource) if role_allow(actor, action, resource);
actor_role(actor, role) if role in actor.roles;
resource(_type: Page, "page", actions, roles) if actions = ["read"] and roles = { user: { permissions: ["read"] } };`,
      "r.polar",
    );
    const page = new Page();
    expect(await oso.isAllowed(new Member([{ name: "user", resource: page }]), "read", page)).toBe(true);
    const text = lines.join("\n");
    expect(text).toContain("[polar]     try built-in roles: role_allow(actor, action, resource)");
    expect(text).toContain("[polar]       try actor_role(actor, role) at r.polar:2");
    expect(text).toContain("[polar]         actor.roles = ");
    expect(text).not.toMatch(/role_allows|__oso|grant\.has/);
  });

  test("an object with log() is a logger; a logger that throws changes nothing", async () => {
    const got: string[] = [];
    const oso = quietOso({ logger: { log: (l: string) => got.push(l) } });
    await oso.loadStr("allow(_u, _a, _r);", "p.polar");
    expect(await oso.isAllowed(1, 2, 3)).toBe(true);
    expect(got.length).toBeGreaterThan(0);
    const throwing = quietOso({
      logger: () => {
        throw new Error("disk full");
      },
    });
    await throwing.loadStr("allow(_u, _a, _r);", "p.polar");
    expect(await throwing.isAllowed(1, 2, 3)).toBe(true);
  });

  test("a bad logger is refused", () => {
    expect(() => quietOso({ logger: 42 as never })).toThrow(
      expect.objectContaining({ code: "invalid_argument" }),
    );
  });

  test("POLAR_LOG=1 at construction writes to stderr; POLAR_LOG=0 does not", async () => {
    const written: string[] = [];
    const write = process.stderr.write;
    const saved = process.env.POLAR_LOG;
    process.stderr.write = ((s: string) => {
      written.push(s);
      return true;
    }) as typeof process.stderr.write;
    try {
      process.env.POLAR_LOG = "1";
      const on = quietOso();
      process.env.POLAR_LOG = "0";
      const off = quietOso();
      for (const o of [on, off]) await o.loadStr("allow(_u, _a, _r);", "p.polar");
      await off.isAllowed(1, 2, 3);
      expect(written).toEqual([]);
      await on.isAllowed(1, 2, 3);
      expect(written[0]).toBe("[polar] QUERY: allow(1, 2, 3)\n");
    } finally {
      process.stderr.write = write;
      if (saved === undefined) delete process.env.POLAR_LOG;
      else process.env.POLAR_LOG = saved;
    }
  });
});

/**
 * Decisions through the compiled tier (engine/compiled/), end to end through `Oso`: the
 * policies users write are decided by it, with the interpreter's answers; what it cannot
 * decide goes to the interpreter with the interpreter's errors, and the application sees
 * each of its method calls once.
 */
import { describe, expect, test } from "vitest";
import type { CompiledTier } from "./engine/compiled/tier.js";
import { withFastPaths } from "./engine/fast-paths.js";
import { isPolarError } from "./errors.js";
import type { Oso } from "./oso.js";
import { HIERARCHY_POLICY as BLOCKS, Issue, Org, quietOso, Repo } from "./test-helpers.js";

class User {
  constructor(
    readonly name: string,
    readonly roles: string[] = [],
    readonly roleAssignments: { name: string; resource: unknown }[] = [],
  ) {}
}
class Page {
  calls = 0;
  constructor(
    readonly id: number,
    readonly open = false,
  ) {}
  isOpen(): boolean {
    this.calls++;
    return this.open;
  }
}

const S1_PLAIN = `allow(user: User, "read", _page: Page) if has_role(user, "user");
allow(user: User, "write", _page: Page) if has_role(user, "admin");
has_role(user: User, name: String) if name in user.roles;
has_role(user: User, "user") if has_role(user, "admin");`;

const S1_ROLES = `allow(actor, action, resource) if role_allows(actor, action, resource);
actor_has_role_for_resource(actor, name, _resource) if name in actor.roles;
resource(_type: Page, "page", actions, roles) if
  actions = ["read", "write"] and
  roles = { user: { permissions: ["read"] }, admin: { permissions: ["write"], implies: ["user"] } };`;

async function load(policy: string, roles = false, options = {}) {
  const oso = quietOso(options);
  for (const c of [User, Page, Org, Repo, Issue]) oso.registerClass(c);
  if (roles) oso.enableRoles();
  await oso.loadStr(policy);
  return oso;
}

function tierOf(oso: Oso): CompiledTier | null {
  return (oso as unknown as { tier: CompiledTier | null }).tier;
}

function counts(oso: Oso): { decided: number; undecided: number } {
  const c = tierOf(oso)?.counts ?? { decided: 0, undecided: 0 };
  return { decided: c.decided, undecided: c.undecided };
}

/** The answer or error with the tier, then with it off: they must be the same. */
async function bothWays(oso: Oso, actor: unknown, action: string, resource: unknown) {
  const run = async () => {
    try {
      return await oso.isAllowed(actor as never, action as never, resource as never);
    } catch (e) {
      return isPolarError(e) ? `${e.code}: ${e.message}` : `thrown: ${String(e)}`;
    }
  };
  const fast = await run();
  const slow = await withFastPaths({ compiled: false }, run);
  return { fast, slow };
}

const o1 = new Org("o1");
const o2 = new Org("o2");
const r1 = new Repo("r1", o1);
const i1 = new Issue("i1", r1);

describe("the compiled tier decides the policies users write", () => {
  test("resource blocks three levels deep: owner, reader, stranger; outputs through has_relation", async () => {
    const oso = await load(BLOCKS);
    const owner = new User("o", [], [{ name: "owner", resource: o1 }]);
    const reader = new User("r", [], [{ name: "reader", resource: r1 }]);
    const memberElsewhere = new User("m", [], [{ name: "owner", resource: o2 }]);
    for (const [u, expected] of [
      [owner, true],
      [reader, true],
      [memberElsewhere, false],
    ] as const) {
      const { fast, slow } = await bothWays(oso, u, "read", i1);
      expect(fast).toBe(expected);
      expect(slow).toBe(expected);
    }
    expect(counts(oso)).toEqual({ decided: 3, undecided: 0 });
    // 10,000 assignments: decided, not handed over
    const many = Array.from({ length: 10_000 }, (_, k) => ({
      name: "reader",
      resource: new Repo(`x${k}`, o2),
    }));
    const big = new User("b", [], [...many, { name: "owner", resource: o1 }]);
    expect(await oso.isAllowed(big, "read", i1)).toBe(true);
    expect(oso.isAllowedSync(new User("d", [], many), "read", i1)).toBe(false);
    expect(counts(oso)).toEqual({ decided: 5, undecided: 0 });
  });

  test("nothing of a decision outlives it: lists and objects changed between decisions are seen", async () => {
    const oso = await load(BLOCKS);
    // 40 assignments: the role checks use the decision's list index and equality probe
    const others = Array.from({ length: 39 }, (_, k) => ({
      name: "reader",
      resource: new Repo(`x${k}`, o2),
    }));
    const assignments = [...others, { name: "reader", resource: new Repo("elsewhere", o2) }];
    const user = new User("u", [], assignments);
    expect(await oso.isAllowed(user, "read", i1)).toBe(false);
    // the same list, its last element now on r1
    assignments[39] = { name: "reader", resource: r1 };
    expect(await oso.isAllowed(user, "read", i1)).toBe(true);
    assignments[39] = { name: "member", resource: r1 };
    expect(await oso.isAllowed(user, "read", i1)).toBe(false);
    // a repo whose id (the probe's field) changes: a copy equal to it now grants
    const copy = new Repo("x5", o2);
    const moving = new Repo("r9", o2);
    const issue = new Issue("i9", moving);
    const holder = new User("h", [], [...others.slice(0, 5), { name: "reader", resource: copy }]);
    expect(await oso.isAllowed(holder, "read", issue)).toBe(false);
    (moving as { id: string }).id = "x5";
    expect(await oso.isAllowed(holder, "read", issue)).toBe(true);
    expect(counts(oso).undecided).toBe(0);
  });

  test("plain rules and the built-in roles (enableRoles)", async () => {
    for (const [policy, roles] of [
      [S1_PLAIN, false],
      [S1_ROLES, true],
    ] as const) {
      const oso = await load(policy, roles);
      const admin = new User("a", ["admin"]);
      const user = new User("u", ["user"]);
      const page = new Page(1);
      expect(await oso.isAllowed(admin, "read", page)).toBe(true);
      expect(await oso.isAllowed(admin, "write", page)).toBe(true);
      expect(await oso.isAllowed(user, "write", page)).toBe(false);
      expect(oso.isAllowedSync(user, "read", page)).toBe(true);
      expect(counts(oso), policy).toEqual({ decided: 4, undecided: 0 });
    }
  });

  test("a long list tested by a method goes to the interpreter, with the same answer", async () => {
    const oso = await load(
      `allow(actor, action, resource) if role_allows(actor, action, resource);
      actor_role(actor, role) if role in actor.roleAssignments;
      resource(_type: Page, "page", ["read"], roles) if roles = { reader: { permissions: ["read"] } };`,
      true,
    );
    const page = new Page(1);
    const others = Array.from({ length: 40 }, (_, k) => ({ name: "reader", resource: new Page(k + 2) }));
    const reader = new User("r", [], [...others, { name: "reader", resource: page }]);
    expect(await bothWays(oso, reader, "read", page)).toEqual({ fast: true, slow: true });
    expect(await bothWays(oso, new User("s", [], others), "read", page)).toEqual({
      fast: false,
      slow: false,
    });
    expect(counts(oso)).toEqual({ decided: 0, undecided: 2 });
    // a short one stays in the tier
    expect(await oso.isAllowed(new User("t", [], [{ name: "reader", resource: page }]), "read", page)).toBe(
      true,
    );
    expect(counts(oso)).toEqual({ decided: 1, undecided: 2 });
  });
});

describe("what the tier cannot decide goes to the interpreter", () => {
  test("an application method runs once per decision, with the interpreter's answer", async () => {
    const oso = await load(`allow(_u: User, "read", p: Page) if p.isOpen();`);
    const open = new Page(1, true);
    const closed = new Page(2, false);
    expect(await oso.isAllowed(new User("a"), "read", open)).toBe(true);
    expect(await oso.isAllowed(new User("a"), "read", closed)).toBe(false);
    expect([open.calls, closed.calls]).toEqual([1, 1]);
    expect(counts(oso)).toEqual({ decided: 0, undecided: 2 });
  });

  test("a rule mostly handed over skips the tier for a while, then tries it again", async () => {
    const oso = await load(`allow(_u: User, "read", p: Page) if p.isOpen();`);
    const page = new Page(1, true);
    for (let i = 0; i < 32 + 480 + 1; i++)
      expect(await oso.isAllowed(new User("a"), "read", page)).toBe(true);
    // the method ran once per decision, attempts or not
    expect(page.calls).toBe(513);
    expect(tierOf(oso)?.counts).toEqual({ decided: 0, undecided: 513, skipped: 480 });
  });

  test("errors are the interpreter's: a missing field, a method that throws, a step limit", async () => {
    const missing = await load(`allow(u: User, "read", _p: Page) if u.nope = 1;`);
    const r = await bothWays(missing, new User("a"), "read", new Page(1));
    expect(r.fast).toMatch(/^application_error: .*nope/);
    expect(r.fast).toBe(r.slow);

    const limited = await load(S1_PLAIN, false, { maxSteps: 6 });
    const l = await bothWays(limited, new User("a", ["admin"]), "read", new Page(1));
    expect(l.fast).toMatch(/^step_limit/);
    expect(l.fast).toBe(l.slow);
  });

  test("a Promise from a getter is awaited by the interpreter; the sync API refuses it", async () => {
    const oso = await load(S1_PLAIN);
    const lazy = Object.defineProperty(new User("l"), "roles", {
      get: () => Promise.resolve(["admin"]),
    }) as User;
    expect(await oso.isAllowed(lazy, "write", new Page(1))).toBe(true);
    expect(() => oso.isAllowedSync(lazy, "write", new Page(1))).toThrow(/async/i);
  });

  test("an object's own equals decides equality in both", async () => {
    class Key {
      constructor(readonly id: string) {}
      equals(other: unknown) {
        return other instanceof Key && other.id.toLowerCase() === this.id.toLowerCase();
      }
    }
    const oso = quietOso();
    oso.registerClass(User);
    oso.registerClass(Key);
    await oso.loadStr(`allow(u: User, "read", k: Key) if a in u.roleAssignments and a.resource = k;`);
    const u = new User("u", [], [{ name: "x", resource: new Key("ABC") }]);
    expect(await bothWays(oso, u, "read", new Key("abc"))).toEqual({ fast: true, slow: true });
    expect(await bothWays(oso, u, "read", new Key("abd"))).toEqual({ fast: false, slow: false });
  });

  test("compiledDecisions: false runs every decision on the query machine", async () => {
    const oso = await load(S1_PLAIN, false, { compiledDecisions: false });
    expect(await oso.isAllowed(new User("a", ["admin"]), "write", new Page(1))).toBe(true);
    expect(oso.isAllowedSync(new User("u", ["user"]), "write", new Page(1))).toBe(false);
    expect(tierOf(oso)).toBeNull();
    // anything but a boolean is a mistake, said at construction
    expect(() => quietOso({ compiledDecisions: "no" as unknown as boolean })).toThrow(
      /compiledDecisions option must be true or false/,
    );
  });

  test("traced decisions (coverage) run on the interpreter", async () => {
    const oso = await load(S1_PLAIN);
    const rec = oso.recordCoverage();
    expect(await oso.isAllowed(new User("a", ["admin"]), "read", new Page(1))).toBe(true);
    rec.stop();
    expect(counts(oso).decided).toBe(0);
    expect(String(rec.report())).toMatch(/Coverage: [1-9]/);
  });

  test("a decision asked from inside a decision (a getter) is answered", async () => {
    const oso = await load(S1_PLAIN);
    const inner = new User("i", ["user"]);
    const outer = Object.defineProperty(new User("o"), "roles", {
      get: () => (oso.isAllowedSync(inner, "read", new Page(3)) ? ["admin"] : []),
    }) as User;
    expect(oso.isAllowedSync(outer, "write", new Page(1))).toBe(true);
  });
});

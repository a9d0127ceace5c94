/**
 * Per-query list indexes through the real host: the issue's resource-block policy, whose
 * role check scans the actor's assignments for several names and resources, gives the same
 * answers with and without the index, for every kind of equality the index must respect.
 */
import { describe, expect, test } from "vitest";
import { defaultEqualityProbe } from "../host/equality.js";
import { Issue, Org, HIERARCHY_POLICY as POLICY, quietOso, Repo } from "../test-helpers.js";
import { NO_FAST_PATHS, withFastPaths } from "./fast-paths.js";

class User {
  constructor(
    readonly name: string,
    readonly roleAssignments: { name: string; resource: unknown }[],
  ) {}
}
/** A class whose `equals` says every Repo with the same org is equal: the index must not narrow. */
class LooseRepo extends Repo {
  equals(other: unknown) {
    return other instanceof Repo && other.org === this.org;
  }
}

function world(n: number, repoClass: typeof Repo = Repo) {
  const o1 = new Org("o1");
  const o2 = new Org("o2");
  const r1 = new repoClass("r1", o1);
  const i1 = new Issue("i1", r1);
  const others = Array.from({ length: n }, (_, i) => new repoClass(`r${i + 2}`, o2));
  return { o1, o2, r1, i1, others };
}

async function decide(
  user: User,
  issue: Issue,
  options: { equalityFn?: (a: unknown, b: unknown) => boolean; equals?: boolean } = {},
) {
  const run = async () => {
    const oso = quietOso(options.equalityFn ? { equalityFn: options.equalityFn } : {});
    oso.registerClass(User);
    oso.registerClass(Org);
    oso.registerClass(Repo, options.equals ? { equals: (a, b) => a === b } : {});
    oso.registerClass(Issue);
    await oso.loadStr(POLICY);
    return oso.isAllowed(user, "read", issue);
  };
  const slow = await withFastPaths(NO_FAST_PATHS, run);
  const fast = await run();
  expect(fast).toBe(slow);
  return fast;
}

describe("indexed role checks", () => {
  test("denied and allowed actors with many assignments (the issue's S3 shape)", async () => {
    const { o1, i1, others } = world(200);
    const readers = others.map((r) => ({ name: "reader", resource: r }));
    expect(await decide(new User("d", [{ name: "member", resource: o1 }, ...readers]), i1)).toBe(false);
    expect(await decide(new User("a", [...readers, { name: "owner", resource: o1 }]), i1)).toBe(true);
  });

  test("a copy of the repo (another object, same fields) is the same repo under the default equality", async () => {
    const { r1, i1, others } = world(100);
    const copy = new Repo(r1.id, r1.org);
    const roles = [
      ...others.map((r) => ({ name: "reader", resource: r })),
      { name: "reader", resource: copy },
    ];
    expect(await decide(new User("c", roles), i1)).toBe(true);
  });

  test("a class's equals method, a registered equals and an equalityFn are respected", async () => {
    const loose = world(100, LooseRepo);
    // every other repo is in o2: LooseRepo says none equals r1 (in o1) ...
    const roles = loose.others.map((r) => ({ name: "reader", resource: r }));
    expect(await decide(new User("l", roles), loose.i1)).toBe(false);
    // ... but one in o1 does, though its id differs
    roles.push({ name: "reader", resource: new LooseRepo("elsewhere", loose.o1) });
    expect(await decide(new User("l", roles), loose.i1)).toBe(true);

    const { r1, i1, others } = world(100);
    const copy = new Repo(r1.id, r1.org);
    const copies = [
      ...others.map((r) => ({ name: "reader", resource: r })),
      { name: "reader", resource: copy },
    ];
    // identity only: a copy is not the repo
    expect(await decide(new User("e", copies), i1, { equals: true })).toBe(false);
    expect(await decide(new User("f", copies), i1, { equalityFn: (a, b) => a === b })).toBe(false);
    // an equalityFn that compares ids only: a Repo with r1's id in another org is r1
    const byId = (a: unknown, b: unknown) => (a as Repo).id === (b as Repo).id;
    const twin = [...copies.slice(0, -1), { name: "reader", resource: new Repo("r1", new Org("x")) }];
    expect(await decide(new User("g", twin), i1, { equalityFn: byId })).toBe(true);
  });

  test("hostile elements are the ordinary path's: a string over the bound is still an error", async () => {
    const { o1, i1, others } = world(100);
    const roles = [
      { name: "x".repeat(2_000), resource: o1 },
      ...others.map((r) => ({ name: "reader", resource: r })),
    ];
    const user = new User("h", roles);
    const run = async () => {
      const oso = quietOso({ maxHostValueSize: 1_000 });
      for (const c of [User, Org, Repo, Issue]) oso.registerClass(c);
      await oso.loadStr(POLICY);
      return oso.isAllowed(user, "read", i1).catch((e: { code?: string }) => e.code);
    };
    const slow = await withFastPaths(NO_FAST_PATHS, run);
    expect(slow).toBe("host_value_too_large");
    expect(await run()).toBe(slow);
  });
});

describe("the default equality's probe", () => {
  test("a class instance: its first primitive field", () => {
    const r = new Repo("r1", new Org("o1"));
    expect(defaultEqualityProbe(r)).toEqual({ proto: Repo.prototype, field: "id", value: "r1" });
  });
  test("none for a class with an equals method, a collection, a primitive, or no primitive field", () => {
    expect(defaultEqualityProbe(new LooseRepo("r", new Org("o")))).toBeNull();
    expect(defaultEqualityProbe([1])).toBeNull();
    expect(defaultEqualityProbe("a")).toBeNull();
    expect(defaultEqualityProbe({ org: new Org("o") })).toBeNull();
  });
});

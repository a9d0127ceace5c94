/**
 * Scans (`x in list and <test of x>`) give the same answers, in the same order, with the
 * same host calls and errors, whether or not the fast pre-check applies.
 */
import { describe, expect, test } from "vitest";
import { isPolarError } from "../errors.js";
import { quietOso, solve } from "../test-helpers.js";

class Role {
  constructor(
    readonly name: unknown,
    readonly resource: unknown = null,
  ) {}
  is(name: string) {
    return this.name === name;
  }
}

async function oso(policy: string, equalityFn?: (a: unknown, b: unknown) => boolean) {
  const o = quietOso({ ignoreNoAllowWarning: true, ...(equalityFn ? { equalityFn } : {}) });
  o.registerClass(Role);
  await o.loadStr(policy);
  return o;
}

describe("scans", () => {
  const roles = [
    new Role("a"),
    new Role("b"),
    new Role("a"),
    new Role(7),
    new Role(7n),
    { other: 1 },
    "x",
    [1],
    new Role("c"),
  ];

  test("field tests: every match, in order", async () => {
    const o = await oso("f(list, n, r) if r in list and r.name = n;");
    o.registerConstant(roles.slice(0, 5), "roles");
    expect((await solve(o, 'f(roles, "a", r)')).map((s) => s.r)).toEqual([roles[0], roles[2]]);
    expect((await solve(o, "f(roles, 7, r)")).map((s) => s.r)).toEqual([roles[3], roles[4]]);
    expect(await solve(o, 'f(roles, "z", r)')).toEqual([]);
  });

  test("an element without the field is an error, as without the scan", async () => {
    const o = await oso("f(list, n) if r in list and r.name = n;");
    o.registerConstant(roles, "roles");
    const e = await solve(o, 'f(roles, "c")').catch((x: unknown) => x);
    expect(isPolarError(e) && e.code).toBe("application_error");
    expect(isPolarError(e) && e.summary).toContain("name not found");
  });

  test("method tests", async () => {
    const o = await oso("g(list, n, r) if r in list and r.is(n);");
    o.registerConstant(roles.slice(0, 3), "roles");
    expect((await solve(o, 'g(roles, "a", r)')).map((s) => s.r)).toEqual([roles[0], roles[2]]);
  });

  test("the host's equality still decides non-primitive fields", async () => {
    const target = { id: 1 };
    const o = await oso(
      "h(list, t, r) if r in list and r.resource = t;",
      (a, b) => a === b || (a as { id?: unknown })?.id === (b as { id?: unknown })?.id,
    );
    o.registerConstant([new Role("x", { id: 2 }), new Role("y", { id: 1 })], "roles");
    o.registerConstant(target, "target");
    expect((await solve(o, "h(roles, target, r)")).map((s) => (s.r as Role).name)).toEqual(["y"]);
  });

  test("Promise-valued fields are awaited", async () => {
    const o = await oso("f(list, n, r) if r in list and r.name = n;");
    o.registerConstant(
      [new Role(Promise.resolve("a")), new Role("b"), new Role(Promise.resolve("b"))],
      "roles",
    );
    expect((await solve(o, 'f(roles, "b", r)')).length).toBe(2);
  });

  test("each element's test runs exactly once", async () => {
    let calls = 0;
    class Counted {
      constructor(readonly n: number) {}
      get value() {
        calls++;
        return this.n;
      }
    }
    const o = await oso("k(list, v) if x in list and x.value = v;");
    o.registerConstant(
      Array.from({ length: 50 }, (_, i) => new Counted(i % 5)),
      "items",
    );
    expect((await solve(o, "k(items, 3)")).length).toBe(10);
    expect(calls).toBe(50);
  });

  test("a cut after a scanned match commits to it", async () => {
    const o = await oso("first(list, n, r) if r in list and r.name = n and cut;");
    o.registerConstant(roles.slice(0, 3), "roles");
    expect((await solve(o, 'first(roles, "a", r)')).map((s) => s.r)).toEqual([roles[0]]);
  });

  test("constraints waiting on the item run first, as without the scan", async () => {
    // `r.kind = "role"` waits for `r`; the ordinary path runs it before `r.name`, so a
    // non-role's name is never read
    const reads: string[] = [];
    const row = (kind: string, name: string) => ({
      kind,
      get name() {
        reads.push(`${kind}:${name}`);
        if (kind !== "role") throw new Error("not a role");
        return name;
      },
    });
    const o = await oso('f(list) if r.kind = "role" and r in list and r.name = "a";');
    // long enough for the scan (short lists are not worth planning one)
    const rows = [row("page", "x"), ...Array.from({ length: 8 }, () => row("role", "b")), row("role", "a")];
    o.registerConstant(rows, "rows");
    expect(await solve(o, "f(rows)")).toEqual([{}]);
    expect(reads).toEqual([...Array.from({ length: 8 }, () => "role:b"), "role:a"]);
  });

  test("a Promise the scan computed but the machine dropped never rejects unobserved", async () => {
    // the pre-check cannot judge a list against an object, so both tests run and the
    // second yields a Promise; unification then fails the first goal and leaves the
    // Promise to nobody
    class Row {
      readonly tags = ["x"];
      check() {
        return Promise.reject(new Error("dropped"));
      }
    }
    const o = await oso("f(list, t) if r in list and r.tags = t and r.check() = 1;");
    o.registerConstant(
      Array.from({ length: 8 }, () => new Row()),
      "rows",
    );
    o.registerConstant({ id: 1 }, "target");
    expect(await solve(o, "f(rows, target)")).toEqual([]);
    await new Promise((r) => setTimeout(r, 10));
  });
});

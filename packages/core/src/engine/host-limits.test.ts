/**
 * Limits at the host boundary: the clock is read after every host call (a slow synchronous
 * lookup cannot outlive the timeout), and what crosses from the host into a query is
 * bounded in size (a policy cannot make host calls allocate without bound).
 */
import { describe, expect, test } from "vitest";
import { isPolarError, type PolarError } from "../errors.js";
import { Oso } from "../oso.js";
import { quietOso, solve } from "../test-helpers.js";

async function failure(p: Promise<unknown>): Promise<PolarError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!isPolarError(e)) throw new Error(`expected a PolarError, got ${String(e)}`);
  return e;
}

function syncFailure(f: () => unknown): PolarError {
  try {
    f();
  } catch (e) {
    if (isPolarError(e)) return e;
    throw e;
  }
  throw new Error("expected a PolarError, got none");
}

/** A synchronous database call: busy-waits `ms`. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // a synchronous driver (better-sqlite3) blocks the thread the same way
  }
}

class Db {
  calls = 0;
  lookup(id: number) {
    this.calls++;
    busy(60);
    return { id, ok: id > 100 };
  }
  check(id: number) {
    this.calls++;
    busy(60);
    return id > 100;
  }
  get slowField() {
    this.calls++;
    busy(60);
    return 1;
  }
}

const SLOW = 60;
const TIMEOUT = 200;

async function slowPolicy(policy: string) {
  const db = new Db();
  const o = new Oso({ timeoutMs: TIMEOUT, onWarning: () => {} });
  o.registerConstant(db, "db");
  o.registerConstant(
    Array.from({ length: 20 }, (_, i) => i),
    "ids",
  );
  o.registerConstant(
    Array.from({ length: 20 }, () => db),
    "dbs",
  );
  o.registerConstant(new Set(Array.from({ length: 20 }, (_, i) => i)), "idSet");
  await o.loadStr(policy);
  return { o, db };
}

describe("the clock is read after every host call", () => {
  const POLICIES: [string, string][] = [
    ["method calls", 'allow(_, "read", _) if id in ids and db.lookup(id).ok;'],
    ["method calls in a list scan", 'allow(_, "read", _) if d in dbs and d.check(1) = true;'],
    ["host iteration steps", 'allow(_, "read", _) if id in idSet and db.lookup(id).ok;'],
    ["getters", 'allow(_, "read", _) if g(0); g(n) if n < 20 and db.slowField = 1 and g(n + 1);'],
    ["recursion", 'allow(_, "read", _) if f(0); f(n) if n < 20 and db.lookup(n).ok = false and f(n + 1);'],
  ];

  test.each(POLICIES)("%s: isAllowed ends with query_timeout near the limit", async (_name, policy) => {
    const { o, db } = await slowPolicy(policy);
    const start = performance.now();
    const e = await failure(o.isAllowed("u", "read", "r"));
    const elapsed = performance.now() - start;
    expect(e.code).toBe("query_timeout");
    expect(elapsed).toBeLessThan(TIMEOUT + 2 * SLOW + 150);
    expect(db.calls).toBeLessThan(20);
  });

  test.each(POLICIES)("%s: isAllowedSync too", async (_name, policy) => {
    const { o, db } = await slowPolicy(policy);
    const start = performance.now();
    const e = syncFailure(() => o.isAllowedSync("u", "read", "r"));
    expect(e.code).toBe("query_timeout");
    expect(performance.now() - start).toBeLessThan(TIMEOUT + 2 * SLOW + 150);
    expect(db.calls).toBeLessThan(20);
  });
});

describe("getters read in a list scan", () => {
  // a plain field read costs a few nanoseconds, the clock tens: a scan reads the clock after
  // every method call but after every 32 field reads, so a slow getter overruns by at most 32 reads
  class Slow {
    calls = 0;
    get slowField() {
      busy(10);
      return 1;
    }
  }

  test.each([
    ["isAllowed", (o: Oso) => failure(o.isAllowed("u", "read", "r"))],
    ["isAllowedSync", async (o: Oso) => syncFailure(() => o.isAllowedSync("u", "read", "r"))],
  ] as const)("%s ends with query_timeout within 32 reads of the limit", async (_api, decide) => {
    const o = new Oso({ timeoutMs: TIMEOUT, onWarning: () => {} });
    o.registerConstant(
      Array.from({ length: 200 }, () => new Slow()),
      "items",
    );
    await o.loadStr('allow(_, "read", _) if d in items and d.slowField = 2;');
    const start = performance.now();
    expect((await decide(o)).code).toBe("query_timeout");
    expect(performance.now() - start).toBeLessThan(TIMEOUT + 32 * 10 + 200);
  });
});

describe("what crosses from the host into a query is bounded", () => {
  const GROW = "grow(l, 0, l); grow(l, n, r) if n > 0 and grow(l.concat(l), n - 1, r);";

  test("doubling a list with concat fails fast with a PolarError, and the process keeps working", async () => {
    const o = quietOso({ ignoreNoAllowWarning: true });
    await o.loadStr(GROW);
    const start = performance.now();
    const e = await failure(solve(o, "grow([1], 40, r)"));
    expect(e.code).toBe("host_value_too_large");
    expect(e.line).toBe(1);
    expect(performance.now() - start).toBeLessThan(5_000);
    // the same Oso still answers
    expect(await solve(o, "grow([1], 3, r)")).toEqual([{ r: [1, 1, 1, 1, 1, 1, 1, 1] }]);
  });

  test("the bound is an option", async () => {
    const o = quietOso({ ignoreNoAllowWarning: true, maxHostValueSize: 100 });
    await o.loadStr(GROW);
    expect(await solve(o, "grow([1], 6, r)")).toHaveLength(1);
    expect((await failure(solve(o, "grow([1], 7, r)"))).code).toBe("host_value_too_large");
    expect((await failure(solve(o, 'x = "ab".repeat(51)'))).code).toBe("host_value_too_large");
    expect(await solve(o, 'x = "ab".repeat(50).length')).toEqual([{ x: 100 }]);
    expect((await failure(solve(o, 'x = "abc".replaceAll("b", "0123456789".repeat(10))'))).code).toBe(
      "host_value_too_large",
    );
    expect((await failure(solve(o, 'x = ["a", "b", "c"].join("0123456789".repeat(5))'))).code).toBe(
      "host_value_too_large",
    );
    expect(await solve(o, 'x = "a".repeat(60).replace("a", "0123456789".repeat(3)).length')).toEqual([
      { x: 89 },
    ]);
    expect(() => new Oso({ maxHostValueSize: -1 })).toThrow(/maxHostValueSize/);
  });

  test.each([
    [
      "a string doubled",
      "grow(s, 0, s); grow(s, n, r) if n > 0 and grow(s.concat(s), n - 1, r);",
      'grow("ab", 40, r)',
    ],
    ["repeat", "", 'x = "a".repeat(1000000000)'],
    ["padStart", "", 'x = "a".padStart(1000000000)'],
    ["padEnd", "", 'x = "a".padEnd(900000000, "xy")'],
    ["a new List of a huge length", "", "x = new List(4000000000)"],
    ["List.from an array-like", "", "x = List.from({length: 1000000000})"],
    ["List.from an array-like with a string length", "", 'x = List.from({length: "1e9"})'],
    ["repeat with a string count", "", 'x = "a".repeat("1e9")'],
    [
      "flattening a shared list",
      "dag(l, 0, l); dag(l, n, r) if n > 0 and dag([l, l], n - 1, r);",
      "dag([1], 40, d) and x = d.flat(50)",
    ],
    [
      "joining a shared list",
      "dag(l, 0, l); dag(l, n, r) if n > 0 and dag([l, l], n - 1, r);",
      'dag(["a"], 40, d) and x = d.join()',
    ],
    [
      "a shared list as an argument",
      "dag(l, 0, l); dag(l, n, r) if n > 0 and dag([l, l], n - 1, r);",
      "dag([1], 40, d) and x = [].concat(d).flat(50)",
    ],
  ])("%s fails fast", async (_name, policy, query) => {
    const o = quietOso({ ignoreNoAllowWarning: true });
    if (policy) await o.loadStr(policy);
    const start = performance.now();
    const e = await failure(solve(o, query));
    expect(["host_value_too_large"]).toContain(e.code);
    expect(performance.now() - start).toBeLessThan(5_000);
  });

  test("a host method returning a huge list is refused, from the sync API too", async () => {
    const o = new Oso({ maxHostValueSize: 1000, onWarning: () => {} });
    o.registerConstant({ rows: (n: number) => Array.from({ length: n }, (_, i) => i) }, "db");
    await o.loadStr('allow(_, "read", n) if x in db.rows(n) and x = 5;');
    expect(o.isAllowedSync("u", "read", 1000)).toBe(true);
    expect(syncFailure(() => o.isAllowedSync("u", "read", 1001)).code).toBe("host_value_too_large");
    await expect(o.isAllowed("u", "read", 1001)).rejects.toMatchObject({ code: "host_value_too_large" });
  });

  test("a Promise of a huge value, a field, and an element of a host iterable are bounded too", async () => {
    const o = new Oso({ maxHostValueSize: 10, onWarning: () => {} });
    const big = "x".repeat(11);
    o.registerConstant(
      {
        later: async () => big,
        field: big,
        *items() {
          yield big;
        },
      },
      "h",
    );
    await o.loadStr(`
      allow(_, "later", _) if h.later() = _;
      allow(_, "field", _) if h.field = _;
      allow(_, "pattern", _) if h matches {field: _};
      allow(_, "iter", _) if _ in h.items();`);
    for (const action of ["later", "field", "pattern", "iter"]) {
      await expect(o.isAllowed("u", action, "r")).rejects.toMatchObject({ code: "host_value_too_large" });
    }
  });
});

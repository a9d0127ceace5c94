/**
 * A list built by recursion (`mk(n, [n, *t]) if mk(n - 1, t)`) is a chain of open lists:
 * building and reading it costs time linear in its length, and the query's timeout holds
 * inside single steps that walk a long list.
 */
import { describe, expect, test } from "vitest";
import { isPolarError, type PolarError } from "../errors.js";
import { quietOso, solve } from "../test-helpers.js";
import { workDone } from "./work-clock.js";

const MK = "mk(0, []); mk(n, [n, *t]) if n > 0 and mk(n - 1, t);";

async function failure(p: Promise<unknown>): Promise<PolarError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!isPolarError(e)) throw new Error(`expected a PolarError, got ${String(e)}`);
  return e;
}

describe("lists built by recursion", () => {
  test("come out whole and in order", async () => {
    const o = quietOso({ ignoreNoAllowWarning: true });
    await o.loadStr(MK);
    const [s] = await solve(o, "mk(5000, l)");
    const l = s!.l as number[];
    expect(l).toHaveLength(5000);
    expect(l[0]).toBe(5000);
    expect(l[4999]).toBe(1);
  });

  test("cost work linear in their length (building, matching and reading the result)", async () => {
    const o = quietOso({ ignoreNoAllowWarning: true });
    await o.loadStr(`${MK} g(n, l) if mk(n, l) and [first, *_] = l and first = n;`);
    const work = async (n: number) => {
      const before = workDone();
      expect(await solve(o, `g(${n}, l)`)).toHaveLength(1);
      return workDone() - before;
    };
    const small = await work(10_000);
    const large = await work(40_000);
    // 4x the elements: 4x the work (quadratic would be 16x)
    expect(large / small).toBeGreaterThan(3);
    expect(large / small).toBeLessThan(5);
  });

  test("walking one by `[_, *t]` costs work linear in its length", async () => {
    const o = quietOso({ ignoreNoAllowWarning: true, maxSteps: 1e9 });
    await o.loadStr(`${MK} walk([]); walk([_, *t]) if walk(t);`);
    const work = async (n: number) => {
      expect(await solve(o, `mk(${n}, l)`)).toHaveLength(1);
      const before = workDone();
      expect(await solve(o, `mk(${n}, l) and walk(l)`)).toHaveLength(1);
      return workDone() - before;
    };
    const small = await work(10_000);
    const large = await work(40_000);
    expect(large / small).toBeGreaterThan(3);
    expect(large / small).toBeLessThan(5);
  });

  test.each([
    ["[1, 2, *a] = [1, *b] and b = [2, 3]", [{ a: [3], b: [2, 3] }]],
    ["[1, *a] = [1, *b]", [{ a: "Variable(b)", b: "Variable(b)" }]],
    ["[1, *a] = [1, 2, *b] and b = []", [{ a: [2], b: [] }]],
    ["[1, 2] = [1, 2, *b]", [{ b: [] }]],
    ["[1] = [1, 2, *b]", []],
    ["[1, *a] = [2, *b]", []],
    ["a = [1, *r] and r = 5 and a = [1, 2]", []],
    [
      "a = [1, *r] and r = [2, *s] and a = [x, y, z] and s = [3]",
      [{ a: [1, 2, 3], r: [2, 3], s: [3], x: 1, y: 2, z: 3 }],
    ],
  ])("open lists unify: %s", async (q, expected) => {
    const o = quietOso({ ignoreNoAllowWarning: true });
    expect(await solve(o, q)).toEqual(expected);
  });

  test("a million elements against a 300 ms timeout end with query_timeout", async () => {
    const o = quietOso({ ignoreNoAllowWarning: true, timeoutMs: 300 });
    await o.loadStr(MK);
    const e = await failure(solve(o, "mk(1000000, l)"));
    expect(e.code).toBe("query_timeout");
  });

  test("a loop whose every step unifies two long lists still stops near the timeout", async () => {
    // one step, 100,000 elements: the step loop reads the clock every 1,024 steps, which
    // here would be seconds apart; the unification reads it itself
    const o = quietOso({ ignoreNoAllowWarning: true, timeoutMs: 500, maxSteps: 1e12 });
    await o.loadStr(`${MK} loop(_a, _b, 0); loop(a, b, k) if k > 0 and a = b and loop(a, b, k - 1);`);
    const started = Date.now();
    const e = await failure(solve(o, "mk(100000, a) and mk(100000, b) and loop(a, b, 1000000)"));
    expect(e.code).toBe("query_timeout");
    expect(Date.now() - started).toBeLessThan(1500);
  });

  test("a non-tail recursion that builds a list hits the depth limit with a clear error", async () => {
    const o = quietOso({ ignoreNoAllowWarning: true, maxDepth: 1000 });
    await o.loadStr("mk(0, []); mk(n, [n, *t]) if n > 0 and mk(n - 1, t) and true;");
    expect((await failure(solve(o, "mk(100000, l)"))).code).toBe("stack_overflow");
  });
});

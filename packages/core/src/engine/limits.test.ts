/**
 * Every query is bounded: steps, depth, choices and time, each a clear PolarError (never a
 * hang, never a process stack overflow), while legitimate deep recursion works.
 */
import { describe, expect, test } from "vitest";
import { isPolarError, type PolarError } from "../errors.js";
import { quietOso, solve } from "../test-helpers.js";

async function failure(p: Promise<unknown>): Promise<PolarError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!isPolarError(e)) throw new Error(`expected a PolarError, got ${String(e)}`);
  return e;
}

class Node {
  constructor(
    readonly id: number,
    readonly parent: Node | null,
  ) {}
}

function chain(n: number): Node {
  let node = new Node(0, null);
  for (let i = 1; i < n; i++) node = new Node(i, node);
  return node;
}

describe("limits", () => {
  test("a 1,000-level parent chain (non-tail recursion) works", async () => {
    const o = quietOso();
    o.registerClass(Node);
    await o.loadStr(`
      ancestor(n: Node, a) if n.parent = a and a != nil;
      ancestor(n: Node, a) if n.parent = p and p != nil and ancestor(p, a) and true;
      allow(_u, "read", n: Node) if ancestor(n, root) and root.id = 0;`);
    expect(await o.isAllowed("u", "read", chain(1000))).toBe(true);
  });

  test("infinite recursion is stopped by the step limit", async () => {
    const o = quietOso({ ignoreNoAllowWarning: true, maxSteps: 100_000 });
    await o.loadStr("loop(x) if loop(x);");
    const e = await failure(solve(o, "loop(1)"));
    expect(e.code).toBe("step_limit");
    expect(e.hint).toMatch(/maxSteps/);
  });

  test("growing recursion is stopped by the depth limit", async () => {
    const o = quietOso({ ignoreNoAllowWarning: true, maxDepth: 500 });
    await o.loadStr("down(n) if down(n + 1) and true;");
    expect((await failure(solve(o, "down(0)"))).code).toBe("stack_overflow");
  });

  test("choice points are bounded", async () => {
    const o = quietOso({ ignoreNoAllowWarning: true, maxChoices: 1000 });
    await o.loadStr("many(n) if (n = 1 or n = 2) and many(n) and true;");
    expect((await failure(solve(o, "many(1)"))).code).toBe("stack_overflow");
  });

  test("time is bounded, including time spent waiting for the host", async () => {
    const o = quietOso({ ignoreNoAllowWarning: true, timeoutMs: 50 });
    o.registerConstant({ slow: () => new Promise((r) => setTimeout(() => r(1), 20)) }, "db");
    await o.loadStr("wait(n) if n > 0 and db.slow() = 1 and wait(n - 1);");
    const started = Date.now();
    expect((await failure(solve(o, "wait(100)"))).code).toBe("query_timeout");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test("a cyclic term does not crash the process", async () => {
    const o = quietOso({ ignoreNoAllowWarning: true });
    expect((await failure(solve(o, "x = [x, y] and y = [y, x] and x = y"))).code).toBe("stack_overflow");
  });

  test("limits are validated", () => {
    expect(() => quietOso({ maxSteps: 0 })).toThrow(/maxSteps/);
  });

  test("the step limit is per query, not per Oso", async () => {
    const o = quietOso({ ignoreNoAllowWarning: true, maxSteps: 200 });
    await o.loadStr("f(x) if x in [1, 2, 3, 4, 5];");
    for (let i = 0; i < 100; i++) expect(await o.queryRuleOnce("f", 5)).toBe(true);
  });
});

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

describe("limits the host cannot get around", () => {
  test("a host Promise that never settles ends in a timeout, not a hang", async () => {
    const o = quietOso({ ignoreNoAllowWarning: true, timeoutMs: 50 });
    o.registerConstant({ never: () => new Promise(() => {}) }, "db");
    await o.loadStr("f(x) if x = db.never();");
    const started = Date.now();
    expect((await failure(solve(o, "f(x)"))).code).toBe("query_timeout");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test("so does a Promise argument that never settles", async () => {
    const o = quietOso({ timeoutMs: 50 });
    await o.loadStr("allow(_, _, _);");
    const e = await o.isAllowed("u", "read", new Promise(() => {})).then(
      () => null,
      (err: unknown) => err,
    );
    expect(isPolarError(e) && e.code).toBe("query_timeout");
  });

  test("a long scan (steps counted in bulk) still reads the clock", async () => {
    const o = quietOso({ ignoreNoAllowWarning: true, timeoutMs: 30, maxSteps: 1e12 });
    // each element's test is pre-checked: thousands of steps per machine step
    const slow = Array.from({ length: 2000 }, () => ({
      get name() {
        const until = Date.now() + 0.05;
        while (Date.now() < until);
        return "no";
      },
    }));
    o.registerConstant(slow, "rows");
    await o.loadStr('f(n) if n > 0 and r in rows and r.name = "yes" or n > 0 and f(n - 1);');
    const started = Date.now();
    expect((await failure(solve(o, "f(1000)"))).code).toBe("query_timeout");
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test("a long deterministic run keeps a bounded trail", async () => {
    const o = quietOso({ ignoreNoAllowWarning: true, maxSteps: 1e9 });
    await o.loadStr("walk(xs) if xs = [] or xs = [_, *rest] and walk(rest);");
    const { Machine } = await import("./machine.js");
    const { Goal, G_CALL } = await import("./goals.js");
    const internals = o as unknown as { kb: never; host: never; limits: never };
    const m = new Machine(internals.kb, internals.host, internals.limits);
    m.start([new Goal(G_CALL, "walk", [Array.from({ length: 8000 }, (_, i) => i)], null, -1)], []);
    let most = 0;
    const record = m.bindings.trail.push.bind(m.bindings.trail);
    m.bindings.trail.push = (...xs) => {
      const n = record(...xs);
      most = Math.max(most, n);
      return n;
    };
    expect(m.run()).toBe(1);
    expect(most).toBeLessThan(6000);
  });
});

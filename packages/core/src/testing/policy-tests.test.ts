/**
 * The Vitest helper: one test per case (a failure's message is the explanation), a
 * coverage test, and a malformed module failing its test rather than the collection.
 */
import { describe, expect, test } from "vitest";
import { quietOso } from "../test-helpers.js";
import { policyTests } from "./index.js";

async function oso() {
  const o = quietOso();
  await o.loadStr('allow(_u, "read", _r);\nallow(_u, "write", r) if r = 1;', "h.polar");
  return o;
}

/** Register with a fake `test` and run the tests in order, collecting outcomes. */
async function collect(register: (t: (name: string, fn: () => Promise<void>) => void) => void) {
  const tests: [string, () => Promise<void>][] = [];
  register((name, fn) => tests.push([name, fn]));
  const out: { name: string; error?: string }[] = [];
  for (const [name, fn] of tests) {
    try {
      await fn();
      out.push({ name });
    } catch (e) {
      out.push({ name, error: (e as Error).message });
    }
  }
  return out;
}

describe("policyTests", () => {
  test("one test per case, in order; a failure carries the explanation", async () => {
    const suite = {
      oso: oso(),
      cases: [
        { name: "reads", actor: "u", action: "read", resource: 2, allowed: true },
        { actor: "u", action: "write", resource: 2, allowed: true },
      ],
    };
    const out = await collect((t) => policyTests(suite, { test: t }));
    expect(out.map((o) => o.name)).toEqual(["policy: reads", "policy: case 2"]);
    expect(out[0]!.error).toBeUndefined();
    expect(out[1]!.error).toContain("FAIL case 2: expected allowed, got denied");
    expect(out[1]!.error).toContain("failed at `r = 1` (h.polar:2:");
  });

  test("minCoverage adds a last test that lists what no case exercised", async () => {
    const cases = [{ actor: "u", action: "read", resource: 2, allowed: true }];
    const out = await collect((t) =>
      policyTests({ oso: oso(), cases }, { test: t, minCoverage: 100, label: "p" }),
    );
    expect(out.at(-1)!.name).toBe("p: rule coverage is at least 100%");
    expect(out.at(-1)!.error).toMatch(
      /rule coverage 50\.0% is under 100%[\s\S]*h\.polar:2 {2}rule: allow\(_u, "write", r\)/,
    );
    const full = await collect((t) =>
      policyTests(
        { oso: oso(), cases: [...cases, { actor: "u", action: "write", resource: 1, allowed: true }] },
        { test: t, minCoverage: 100 },
      ),
    );
    expect(full.every((o) => o.error === undefined)).toBe(true);
  });

  test("a malformed module fails its test with the module's problem", async () => {
    const out = await collect((t) => policyTests({ oso: 1 as never, cases: [] }, { test: t }));
    expect(out).toEqual([{ name: "policy: module", error: expect.stringMatching(/oso must be an Oso/) }]);
    const noAllowed = await collect((t) =>
      policyTests({ oso: oso(), cases: [{ actor: 1, action: 2, resource: 3 } as never] }, { test: t }),
    );
    expect(noAllowed[0]!.error).toMatch(/case 1 has no boolean `allowed`/);
  });

  test("bad options are refused at once", () => {
    expect(() => policyTests({ oso: oso(), cases: [] }, { test: undefined as never })).toThrow(
      /test function/,
    );
    expect(() => policyTests({ oso: oso(), cases: [] }, { test: () => {}, minCoverage: 120 })).toThrow(
      /percentage/,
    );
  });
});

/**
 * The differential test mode: every query runs with every fast path on and with all of
 * them off (fast-paths.ts), through a fake host that counts calls, and the runs must give
 * the same solutions in the same order (binding order), the same error, and run the same
 * application code in the same order. Policies and data are generated (fast-check), and
 * include hostile values: elements without the field, non-objects, a string over the size
 * bound, a function value as an argument, a method the host guards, methods that throw or
 * return Promises, getters.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { FakeHost, FakeWorld } from "./__fixtures__/fake-host.js";
import {
  appLog,
  elementArb,
  fnValue,
  makeElement,
  org0,
  Role,
  repo0,
  repo0copy,
  repo1,
  repo1copy,
  resetAppLog,
  ruleArb,
  ruleText,
} from "./__fixtures__/generated-policies.js";
import { fastPaths, NO_FAST_PATHS, withFastPaths } from "./fast-paths.js";

const QUERIES = [
  (n: string, res: string) => `f(roles, ${n}, ${res}, r)`,
  (_n: string, res: string) => `f(roles, n, ${res}, r)`,
  (n: string, res: string) => `g(roles, ${n}, ${res})`,
  (n: string, res: string) => `not f(roles, ${n}, ${res}, _)`,
];

const caseArb = fc.record({
  rules: fc.array(ruleArb, { minLength: 1, maxLength: 3 }),
  // short lists take the ordinary loop; scans start at 8 elements, indexes at 32
  elements: fc.oneof(
    fc.array(elementArb, { maxLength: 12 }),
    fc.array(elementArb, { minLength: 32, maxLength: 70 }),
  ),
  query: fc.integer({ min: 0, max: QUERIES.length - 1 }),
  n: fc.constantFrom('"a"', '"b"', "7", "true", '"zz"'),
  res: fc.constantFrom("repo0", "repo0copy", "repo1", "repo1copy", "org0"),
  structural: fc.boolean(),
});

/**
 * Methods must run in the same order, the same number of times. Getters are compared as
 * the sets of objects read: a list index reads each element's field once per query, where
 * the ordinary path reads it once per scan and only up to where it stops (list-index.ts),
 * so the fast path may read getters the ordinary path did not reach, never fewer.
 */
function calls(app: string[]): { methods: string[]; getters: string[] } {
  return {
    methods: app.filter((a) => !a.startsWith("get ")),
    getters: [...new Set(app.filter((a) => a.startsWith("get ")))].sort(),
  };
}

interface Outcome {
  solutions: string[];
  error?: string;
  app: string[];
}

async function runOnce(
  c: fc.RecordValue<{
    rules: { head: string; tests: string[] }[];
    elements: unknown[];
    query: number;
    n: string;
    res: string;
    structural: boolean;
  }>,
  elements: unknown[],
): Promise<Outcome & { port: Map<string, number> }> {
  resetAppLog();
  const host = new FakeHost(new Set(["Role", "Repo", "Org"]), c.structural);
  host.guarded.add(Role.prototype.guarded);
  const policy = [
    ...c.rules.map(ruleText),
    // several scans of one list in one query: the second and later are indexed
    'g(list, n, res) if f(list, "b", res, _) or f(list, n, repo1, _) or f(list, n, res, _) or f(list, n, repo0, _);',
  ].join("\n");
  const world = new FakeWorld(
    host,
    ["Role", "Repo", "Org"],
    { roles: elements, repo0, repo0copy, repo1, repo1copy, org0, fnValue },
    policy,
  );
  const out = await world.solve(QUERIES[c.query]!(c.n, c.res));
  return { ...out, app: appLog, port: host.log.port };
}

describe("fast paths agree with the ordinary path", () => {
  test("the switch turns every fast path off and back on", async () => {
    const before = { ...fastPaths };
    await withFastPaths(NO_FAST_PATHS, async () => {
      expect(Object.values(fastPaths).every((v) => v === false)).toBe(true);
    });
    expect(fastPaths).toEqual(before);
    expect(Object.values(fastPaths).every((v) => v === true)).toBe(true);
  });

  test("generated policies and data: same solutions, order, errors and application calls", async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        // one set of objects for both runs: identities are part of the answers
        const elements = c.elements.map((e, i) => makeElement(e, i));
        const slow = await withFastPaths(NO_FAST_PATHS, () => runOnce(c, elements));
        const fast = await runOnce(c, elements);
        const f = calls(fast.app);
        const s = calls(slow.app);
        expect({ solutions: fast.solutions, error: fast.error, methods: f.methods }).toEqual({
          solutions: slow.solutions,
          error: slow.error,
          methods: s.methods,
        });
        expect(f.getters).toEqual(expect.arrayContaining(s.getters));
      }),
      { numRuns: Number(process.env.OSO_TS_FAST_PATH_RUNS ?? 300) },
    );
  });

  test("the generated cases reach the fast paths (a scan saves port calls)", async () => {
    const elements = Array.from({ length: 20 }, (_, i) =>
      makeElement({ name: i % 2, res: 0, level: 0, flag: true, omit: "none", getter: false }, i),
    );
    const c = {
      rules: [{ head: "f(list, n, res, r)", tests: ["r.name = n"] }],
      elements: [],
      query: 0,
      n: '"a"',
      res: "repo0",
      structural: true,
    };
    const slow = await withFastPaths(NO_FAST_PATHS, () => runOnce(c, elements));
    const fast = await runOnce(c, elements);
    expect(fast.solutions).toEqual(slow.solutions);
    expect(fast.solutions).toHaveLength(10);
    expect(fast.port.get("lookupField") ?? 0).toBeLessThan(slow.port.get("lookupField") ?? 0);
  });
});

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
import { FakeHost, FakeWorld, Obj } from "./__fixtures__/fake-host.js";
import { fastPaths, NO_FAST_PATHS, withFastPaths } from "./fast-paths.js";

/** Application code that ran, in order (methods and getters of the objects below). */
let appLog: string[] = [];

class Role extends Obj {
  is(n: unknown) {
    appLog.push(`is#${this.id}`);
    return (this as unknown as { name: unknown }).name === n;
  }
  guarded(n: unknown) {
    appLog.push(`guarded#${this.id}`);
    return (this as unknown as { name: unknown }).name === n;
  }
  boom() {
    appLog.push(`boom#${this.id}`);
    throw new Error("boom");
  }
  later(n: unknown) {
    appLog.push(`later#${this.id}`);
    return Promise.resolve((this as unknown as { name: unknown }).name === n);
  }
}

class Repo extends Obj {
  has(r: unknown) {
    appLog.push(`has#${this.id}`);
    return r instanceof Obj && (r as unknown as { res: unknown }).res === this;
  }
}

const repo0 = new Repo("Repo", 0);
const repo0copy = new Repo("Repo", 0); // equal to repo0, not identical
const repo1 = new Repo("Repo", 1);
const repo1copy = new Repo("Repo", 1);
const org0 = new Obj("Org", 0);
const LONG = "x".repeat(1_001); // over the fake host's size bound (1,000)
const fnValue = () => 1;

const NAMES = ["a", "b", 7, 7n, LONG, fnValue, true] as const;
const RESOURCES = [repo0, repo0copy, repo1, repo1copy, org0, null] as const;

/** Element descriptions, turned into objects per run (getters log into the run's log). */
const elementArb = fc.oneof(
  {
    weight: 40,
    arbitrary: fc.record({
      // hostile values are rare: in a long list, one is enough to end most queries early
      name: fc.oneof(
        { weight: 40, arbitrary: fc.constantFrom(0, 1, 2, 6) },
        { weight: 1, arbitrary: fc.constantFrom(3, 4, 5) },
      ),
      res: fc.constantFrom(...RESOURCES.keys()),
      level: fc.integer({ min: 0, max: 3 }),
      flag: fc.boolean(),
      omit: fc.oneof(
        { weight: 40, arbitrary: fc.constant("none") },
        { weight: 1, arbitrary: fc.constantFrom("name", "res") },
      ),
      getter: fc.oneof(
        { weight: 10, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom("string", "null", "list", "plain") },
);

type ElementSpec = fc.Arbitrary<unknown> extends never ? never : unknown;

function makeElement(spec: ElementSpec, id: number): unknown {
  if (spec === "string") return "x";
  if (spec === "null") return null;
  if (spec === "list") return [1];
  if (spec === "plain") return { name: "a", res: repo0 };
  const s = spec as {
    name: number;
    res: number;
    level: number;
    flag: boolean;
    omit: string;
    getter: boolean;
  };
  const fields: Record<string, unknown> = { level: s.level, flag: s.flag };
  if (s.omit !== "name" && !s.getter) fields.name = NAMES[s.name];
  if (s.omit !== "res") fields.res = RESOURCES[s.res];
  const r = new Role("Role", id, fields);
  if (s.getter && s.omit !== "name") {
    const value = NAMES[s.name];
    Object.defineProperty(r, "name", {
      enumerable: true,
      get() {
        appLog.push(`get name#${id}`);
        return value;
      },
    });
  }
  return r;
}

/** Tests of the item `r` after `r in list` (the shapes scans and indexes look for). */
const TESTS = [
  "r.name = n",
  'r.name = "a"',
  "r.res = res",
  "r matches {name: n, res: res}",
  "r matches {name: n}",
  "r matches Role{name: n, res: res}",
  "r.is(n)",
  "r.guarded(n)",
  "r.level > 1",
  "r.flag",
  "res.has(r)",
  "r.is(fnValue)",
  "r.later(n)",
  "r.boom()",
  "cut",
  "r.level = lvl",
];

const headArb = fc.constantFrom(
  "f(list, n, res, r)",
  'f(list, "a", res, r)',
  "f(list, n, res: Repo, r)",
  "f(list, n, res: Org, r)",
);

const ruleArb = fc.record({
  head: headArb,
  tests: fc.oneof(
    fc.array(fc.constantFrom(...TESTS), { minLength: 1, maxLength: 3 }),
    // role checks, the shapes list indexes take, often followed by something else
    fc
      .tuple(
        fc.constantFrom(
          ["r matches {name: n, res: res}"],
          ["r.name = n", "r.res = res"],
          ["r matches {name: n}"],
        ),
        fc.array(fc.constantFrom(...TESTS), { maxLength: 1 }),
      )
      .map(([role, more]) => [...role, ...more]),
  ),
});

function ruleText(rule: { head: string; tests: string[] }): string {
  let body = rule.tests.map((t) => t.replace("lvl", "1")).join(" and ");
  // the head with a constant for `n`: the body uses the constant
  if (!rule.head.includes(" n,")) body = body.replace(/\bn\b/g, '"a"');
  // a head variable unused in the body would be a singleton: mention it
  const uses = ["n", "res"]
    .filter((v) => rule.head.includes(` ${v}`) && !new RegExp(`\\b${v}\\b`).test(body))
    .map((v) => ` and ${v} = ${v}`)
    .join("");
  return `${rule.head} if r in list and ${body}${uses};`;
}

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
  appLog = [];
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

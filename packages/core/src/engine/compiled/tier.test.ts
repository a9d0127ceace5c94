/**
 * The compiled tier against the interpreter, through the fake host: over generated
 * policies and data (the fast paths' generator, with hostile values), a decision the tier
 * makes must be the interpreter's first-solution answer, where the interpreter ends without
 * an error; and the tier never runs an application method (it hands over before one).
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { FAKE_LIMITS, FakeHost, FakeWorld, Obj } from "../__fixtures__/fake-host.js";
import {
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
} from "../__fixtures__/generated-policies.js";
import type { Limits } from "../limits.js";
import { CompiledTier, UNDECIDED } from "./tier.js";

const RESOURCES = { repo0, repo0copy, repo1, repo1copy, org0 } as const;
const NAMES = { '"a"': "a", '"b"': "b", "7": 7, true: true, '"zz"': "zz" } as const;

/** Rules that call `f` the ways resource blocks call rules: outputs, alternatives, negation. */
const CALLERS = `
g(list, n, res) if f(list, "b", res, _) or f(list, n, repo1, _) or f(list, n, res, _) or f(list, n, repo0, _);
h(holder: Holder, n, res) if g(holder.roles, n, res);
k(holder: Holder, n, res) if not f(holder.roles, n, res, _) and res = res;
out(holder: Holder, n, res) if f(holder.roles, n, res, r) and r.res = res;
picked(holder: Holder, n, res) if pick(holder.roles, n, found) and found = res;
pick(list, n, found: Repo) if r in list and r matches {name: n} and found = r.res;
`;

interface Case {
  rules: { head: string; tests: string[] }[];
  elements: unknown[];
  entry: "h" | "k" | "out" | "picked";
  n: keyof typeof NAMES;
  res: keyof typeof RESOURCES;
  structural: boolean;
}

const caseArb = fc.record({
  rules: fc.array(ruleArb, { minLength: 1, maxLength: 3 }),
  elements: fc.oneof(
    fc.array(elementArb, { maxLength: 12 }),
    fc.array(elementArb, { minLength: 32, maxLength: 70 }),
  ),
  entry: fc.constantFrom("h" as const, "k" as const, "out" as const, "picked" as const),
  n: fc.constantFrom(...(Object.keys(NAMES) as (keyof typeof NAMES)[])),
  res: fc.constantFrom(...(Object.keys(RESOURCES) as (keyof typeof RESOURCES)[])),
  structural: fc.boolean(),
});

function world(c: Case, holder: Obj, limits: Limits) {
  const host = new FakeHost(new Set(["Role", "Repo", "Org", "Holder"]), c.structural);
  host.guarded.add(Role.prototype.guarded);
  const policy = [...c.rules.map(ruleText), CALLERS].join("\n");
  const w = new FakeWorld(
    host,
    ["Role", "Repo", "Org", "Holder"],
    { holder, repo0, repo0copy, repo1, repo1copy, org0, fnValue },
    policy,
  );
  return { w, tier: new CompiledTier(w.kb, host, limits) };
}

const methodsOf = (log: string[]) => log.filter((a) => !a.startsWith("get "));

describe("the compiled tier agrees with the interpreter", () => {
  test("generated policies and data: the same answer, and no application method run", async () => {
    let decided = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const holder = new Obj("Holder", 0, { roles: c.elements.map((e, i) => makeElement(e, i)) });
        const { w, tier } = world(c, holder, FAKE_LIMITS);
        const log = resetAppLog();
        const answer = tier.decide(c.entry, [holder, NAMES[c.n], RESOURCES[c.res]], FAKE_LIMITS);
        expect(methodsOf(log), "the tier ran application methods").toEqual([]);
        resetAppLog();
        const slow = await w.solve(`${c.entry}(holder, ${c.n}, ${c.res})`, {}, 1);
        runs++;
        if (answer === UNDECIDED) return;
        decided++;
        expect(slow.error, "the tier decided where the interpreter fails").toBeUndefined();
        expect(answer).toBe(slow.solutions.length > 0);
      }),
      { numRuns: Number(process.env.OSO_TS_FAST_PATH_RUNS ?? 300) },
    );
    // the property must exercise decisions, not only hand-overs
    expect(decided / runs).toBeGreaterThan(0.25);
  });

  test("a decision it cannot finish is handed over: a method, a Promise, a limit", async () => {
    const roles = [new Role("Role", 0, { name: "a", res: repo0 })];
    const holder = new Obj("Holder", 0, { roles });
    const c: Case = {
      rules: [{ head: "f(list, n, res, r)", tests: ["r.is(n)"] }],
      elements: [],
      entry: "h",
      n: '"a"',
      res: "repo0",
      structural: true,
    };
    const method = world(c, holder, FAKE_LIMITS);
    const log = resetAppLog();
    expect(method.tier.decide("h", [holder, "a", repo0], FAKE_LIMITS)).toBe(UNDECIDED);
    expect(log).toEqual([]);

    const plain = { ...c, rules: [{ head: "f(list, n, res, r)", tests: ["r.name = n"] }] };
    const tight = { ...FAKE_LIMITS, maxSteps: 8 };
    expect(world(plain, holder, tight).tier.decide("h", [holder, "a", repo0], tight)).toBe(UNDECIDED);
    const ok = world(plain, holder, FAKE_LIMITS);
    expect(ok.tier.decide("h", [holder, "a", repo0], FAKE_LIMITS)).toBe(true);
    expect(ok.tier.decide("h", [holder, "b", repo0], FAKE_LIMITS)).toBe(false);
    expect(ok.tier.counts).toMatchObject({ decided: 2, undecided: 0 });
    // a Promise as an argument is the interpreter's to wait for
    expect(ok.tier.decide("h", [holder, Promise.resolve("a"), repo0], FAKE_LIMITS)).toBe(UNDECIDED);
  });

  /** One policy and list through both: the tier's answer (or UNDECIDED) and the interpreter's. */
  async function both(policy: string, elements: unknown[], query: [string, unknown, unknown]) {
    const host = new FakeHost(new Set(["Role", "Repo", "Org", "Holder"]));
    const holder = new Obj("Holder", 0, { roles: elements });
    const w = new FakeWorld(host, ["Role", "Repo", "Org", "Holder"], { holder, repo0, repo1, org0 }, policy);
    const tier = new CompiledTier(w.kb, host, FAKE_LIMITS);
    const answer = tier.decide(query[0], [holder, query[1], query[2]], FAKE_LIMITS);
    const slow = await w.solve(`${query[0]}(holder, ${JSON.stringify(query[1])}, repo0)`, {}, 1);
    return { answer, slow };
  }

  test("an output's class specializer is checked when the rule exits", async () => {
    const policy = `t(holder: Holder, n, _res) if pick(holder.roles, n, found) and found = found;
      pick(list, n, found: Repo) if r in list and r matches {name: n} and found = r.res;`;
    const onOrg = [new Role("Role", 0, { name: "a", res: org0 })];
    expect(await both(policy, onOrg, ["t", "a", repo0])).toEqual({ answer: false, slow: { solutions: [] } });
    const onRepo = [
      new Role("Role", 0, { name: "a", res: org0 }),
      new Role("Role", 1, { name: "a", res: repo1 }),
    ];
    const r = await both(policy, onRepo, ["t", "a", repo0]);
    expect(r.answer).toBe(true);
    expect(r.slow.solutions).toHaveLength(1);
  });

  test("bindings made inside a proved negation are undone", async () => {
    const policy = `t(_holder: Holder, _n, _res) if (y = 1 or y = 2) and not (z = y and y = 1) and z = 5;`;
    const r = await both(policy, [], ["t", "a", repo0]);
    expect(r.answer).toBe(true);
    expect(r.slow.solutions).toHaveLength(1);
  });

  test("an element the list's precheck cannot judge is left to the pattern (which reports it)", async () => {
    const policy = `t(holder: Holder, n, _res) if r in holder.roles and r matches {name: n};`;
    const long = "x".repeat(FAKE_LIMITS.maxHostValueSize + 1);
    const elements = [new Role("Role", 0, { name: long }), new Role("Role", 1, { name: "a" })];
    const r = await both(policy, elements, ["t", "a", repo0]);
    expect(r.slow.error).toMatch(/too large|size/i);
    expect(r.answer).toBe(UNDECIDED);
  });
});

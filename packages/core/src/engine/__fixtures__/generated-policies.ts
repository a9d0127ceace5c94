/**
 * Generated policies and data for the differential tests of the fast paths and the
 * compiled tier: rules `f(list, n, res, r) if r in list and <tests>`, where the tests are
 * the shapes the fast paths look for (role checks by name and resource, field tests,
 * method calls), over elements that include hostile values: elements without the field,
 * non-objects, a string over the size bound, a function value, a method the host guards,
 * methods that throw or return Promises, getters.
 */
import fc from "fast-check";
import { Obj } from "./fake-host.js";

/** Application code that ran, in order (methods and getters of the objects below). */
export let appLog: string[] = [];

/** Start a new log of application code (returns the log). */
export function resetAppLog(): string[] {
  appLog = [];
  return appLog;
}

export class Role extends Obj {
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

export class Repo extends Obj {
  has(r: unknown) {
    appLog.push(`has#${this.id}`);
    return r instanceof Obj && (r as unknown as { res: unknown }).res === this;
  }
}

export const repo0 = new Repo("Repo", 0);
export const repo0copy = new Repo("Repo", 0); // equal to repo0, not identical
export const repo1 = new Repo("Repo", 1);
export const repo1copy = new Repo("Repo", 1);
export const org0 = new Obj("Org", 0);
export const LONG = "x".repeat(1_001); // over the fake host's size bound (1,000)
export const fnValue = () => 1;

export const NAMES = ["a", "b", 7, 7n, LONG, fnValue, true] as const;
export const RESOURCES = [repo0, repo0copy, repo1, repo1copy, org0, null] as const;

/** Element descriptions, turned into objects per run (getters log into the run's log). */
export const elementArb = fc.oneof(
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

export function makeElement(spec: ElementSpec, id: number): unknown {
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
export const TESTS = [
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

export const headArb = fc.constantFrom(
  "f(list, n, res, r)",
  'f(list, "a", res, r)',
  "f(list, n, res: Repo, r)",
  "f(list, n, res: Org, r)",
);

export const ruleArb = fc.record({
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

export function ruleText(rule: { head: string; tests: string[] }): string {
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

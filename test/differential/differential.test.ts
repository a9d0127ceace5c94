/**
 * Differential tests: every case runs through Oso 0.27.3 (the `oso` package) and through
 * oso-ts, each in a fresh `Oso`, and the normalized outcomes must be identical.
 * Deliberate differences live in differences.ts; they must still differ exactly as recorded.
 *
 * Adding a case: append it to a table in cases/ (fixtures.ts holds the classes, objects and
 * named setups). A case that fails is an oso-ts bug unless oso-ts differs on purpose and
 * for the better; only then does it move to differences.ts, with the reason.
 */
import { describe, expect, test } from "vitest";
import { GROUPS } from "./cases/index.js";
import { DIFFERENCES } from "./differences.js";
import { candidate, reference, run } from "./engines.js";
import { type Case, caseTitle } from "./types.js";

describe.each(GROUPS.map((g) => [g.title, g] as const))("%s", (_title, group) => {
  test.each(group.cases.map((c) => [caseTitle(c), c] as const))("%s", async (_name, c) => {
    const expected = await run(reference, c);
    const actual = await run(candidate, c);
    expect(actual).toEqual(expected);
  });
});

describe("deliberate differences", () => {
  test.each(DIFFERENCES.map((d) => [caseTitle(d.case), d] as const))("%s", async (_name, d) => {
    const expected = await run(reference, d.case);
    const actual = await run(candidate, d.case);
    expect(expected, "Oso's outcome changed").toEqual(d.oso);
    expect(actual, "oso-ts's outcome changed").toEqual(d.osoTs);
    expect(actual).not.toEqual(expected);
    expect(d.reason.length).toBeGreaterThan(20);
  });
});

describe("the case tables", () => {
  test("hold at least 300 cases", () => {
    const total = GROUPS.reduce((n, g) => n + g.cases.length, 0);
    expect(total).toBeGreaterThanOrEqual(300);
  });

  test("no deliberate difference is also a case of the main tables", () => {
    const key = (c: Case) =>
      JSON.stringify(
        [
          c.policy,
          c.secondPolicy,
          c.setup,
          c.query,
          c.rule?.[0],
          c.isAllowed,
          c.observeThrowSite,
          c.capturePrint,
        ],
        (_, v) => (v === undefined ? "<undefined>" : typeof v === "bigint" ? `${v}n` : v),
      );
    const main = new Set(GROUPS.flatMap((g) => g.cases.filter((c) => !c.rule).map(key)));
    for (const d of DIFFERENCES) expect(main.has(key(d.case)), caseTitle(d.case)).toBe(false);
  });

  test.each(GROUPS.map((g) => [g.title, g] as const))(
    "%s: each case asks exactly one thing, titles unique",
    (_t, g) => {
      const titles = new Set<string>();
      for (const c of g.cases) {
        const asks = [c.query !== undefined, !!c.rule, !!c.isAllowed, !!c.authorizedActions].filter(Boolean);
        expect(asks.length <= 1 && (asks.length === 1 || c.policy !== undefined), caseTitle(c)).toBe(true);
        expect(titles.has(caseTitle(c)), `duplicate title ${caseTitle(c)}`).toBe(false);
        titles.add(caseTitle(c));
      }
    },
  );
});

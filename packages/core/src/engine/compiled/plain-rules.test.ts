/**
 * A property over generated plain-rule policies (no classes): unifications, `in`,
 * `matches` with dict patterns, dict fields, comparisons, `not`, `or`, and calls with
 * outputs, over dicts, lists and primitives (NaN, a bigint, a Proxy among the arguments).
 * Each policy is decided through `Oso` with the compiled tier and without it
 * (`compiledDecisions: false`), with `isAllowed` and `isAllowedSync`: the outcomes
 * (answer, or error code and message) must be equal. `OSO_TS_FAST_PATH_RUNS` sets the
 * number of runs (200 by default).
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { isPolarError } from "../../errors.js";
import { Oso } from "../../oso.js";
import type { CompiledTier } from "./tier.js";

const VARS = ["_x", "_y", "_z"] as const;
const ARGS = ["_a", "_b", "_c"] as const;

const literal = fc.constantFrom(
  "1",
  "2",
  "1.0",
  '"a"',
  '"b"',
  "true",
  "[]",
  "[1, 2]",
  '["a", 1]',
  "{a: 1}",
  '{a: "a", b: [1, 2]}',
  "{a: {a: 1}}",
);
const variable = fc.constantFrom(...VARS, ...ARGS);
const term = fc.oneof({ arbitrary: variable, weight: 3 }, { arbitrary: literal, weight: 2 });
const compound = fc.oneof(
  term,
  fc.tuple(term, term).map(([a, b]) => `[${a}, ${b}]`),
  term.map((a) => `{a: ${a}}`),
);
const pattern = fc.oneof(
  term.map((a) => `{a: ${a}}`),
  fc.tuple(term, term).map(([a, b]) => `{a: ${a}, b: ${b}}`),
  term.map((a) => `{a: {a: ${a}}}`),
);

const simpleGoal = fc.oneof(
  fc.tuple(variable, compound).map(([a, b]) => `${a} = ${b}`),
  fc.tuple(compound, variable).map(([a, b]) => `${a} = ${b}`),
  fc.tuple(variable, fc.oneof(variable, literal)).map(([a, b]) => `${a} in ${b}`),
  fc.tuple(variable, pattern).map(([a, b]) => `${a} matches ${b}`),
  fc.tuple(variable, variable).map(([a, b]) => `${a}.a = ${b}`),
  fc.tuple(variable, term, fc.constantFrom("<", "==", "!=", ">=")).map(([a, b, op]) => `${a} ${op} ${b}`),
  fc.tuple(variable, variable).map(([a, b]) => `g(${a}, ${b})`),
  variable,
);
const goal = fc.oneof(
  { arbitrary: simpleGoal, weight: 5 },
  simpleGoal.map((g) => `not (${g})`),
  fc.tuple(simpleGoal, simpleGoal).map(([a, b]) => `(${a} or ${b})`),
  fc.tuple(variable, term).map(([a, b]) => `forall(_v in ${a}, _v = ${b})`),
);
const body = fc.array(goal, { minLength: 1, maxLength: 4 }).map((gs) => gs.join(" and "));
const param = fc.oneof(
  { arbitrary: variable, weight: 4 },
  literal,
  variable.map((v) => `${v}: Integer`),
  variable.map((v) => `${v}: {a: 1}`),
);

const policy = fc
  .tuple(
    fc.array(fc.tuple(param, param, param, body), { minLength: 1, maxLength: 3 }),
    fc.array(fc.tuple(param, param, fc.option(body, { nil: undefined })), { minLength: 1, maxLength: 3 }),
  )
  .map(([allows, gs]) =>
    [
      ...allows.map(([a, b, c, bd]) => `allow(${a}, ${b}, ${c}) if ${bd};`),
      ...gs.map(([a, b, bd]) => (bd === undefined ? `g(${a}, ${b});` : `g(${a}, ${b}) if ${bd};`)),
    ].join("\n"),
  );

/** Arguments (made per decision: a Proxy must not be shared). */
const argument = fc.constantFrom<() => unknown>(
  () => 1,
  () => 2,
  () => "a",
  () => true,
  () => null,
  () => Number.NaN,
  () => 1n,
  () => ({ a: 1 }),
  () => ({ a: "a", b: [1, 2] }),
  () => ({ a: { a: 1 } }),
  () => ({ a: [1, 2] }),
  () => new Proxy({}, { get: () => 1, has: () => false }),
);

function outcome(e: unknown): string {
  return isPolarError(e) ? `${e.code}: ${e.message}` : `thrown: ${String(e)}`;
}

async function decide(oso: Oso, args: readonly (() => unknown)[]) {
  const made = () => args.map((a) => a()) as [never, never, never];
  let async: unknown;
  let sync: unknown;
  try {
    async = await oso.isAllowed(...made());
  } catch (e) {
    async = outcome(e);
  }
  try {
    sync = oso.isAllowedSync(...made());
  } catch (e) {
    sync = outcome(e);
  }
  return { async, sync };
}

test("generated plain-rule policies: the tier's outcomes are the interpreter's", async () => {
  let runs = 0;
  let decided = 0;
  await fc.assert(
    fc.asyncProperty(
      policy,
      fc.array(fc.tuple(argument, argument, argument), { minLength: 1, maxLength: 3 }),
      // tight limits too: the tier must hand over where the interpreter reports them
      fc.record({ maxChoices: fc.constantFrom(1, 2, 100_000), maxDepth: fc.constantFrom(2, 10_000) }),
      async (text, calls, limits) => {
        const make = async (compiledDecisions: boolean) => {
          const oso = new Oso({ compiledDecisions, onWarning: () => {}, maxSteps: 2_000, ...limits });
          await oso.loadStr(text);
          return oso;
        };
        let fast: Oso;
        let slow: Oso;
        try {
          fast = await make(true);
          slow = await make(false);
        } catch {
          return; // a policy the validator refuses (an unused variable...)
        }
        for (const args of calls) {
          runs++;
          const before = (fast as unknown as { tier: CompiledTier | null }).tier?.counts.decided ?? 0;
          const f = await decide(fast, args);
          const after = (fast as unknown as { tier: CompiledTier | null }).tier?.counts.decided ?? 0;
          if (after > before) decided++;
          expect(f, text).toEqual(await decide(slow, args));
        }
      },
    ),
    { numRuns: Number(process.env.OSO_TS_FAST_PATH_RUNS ?? 200) },
  );
  // the property must exercise decisions of the tier, not only hand-overs
  expect(decided / Math.max(runs, 1)).toBeGreaterThan(0.2);
}, 120_000);

/**
 * Decision scenario: the same authorization decisions answered side by side, in one process,
 * by a hand-written check, CASL 7, casbin 5, oso-ts (each Polar form; `isAllowed` awaited and
 * `isAllowedSync`) and Oso's own oso@0.27.3, on S1 quickstart, S2 hierarchy and S3 scale.
 * Every answer is checked first; one wrong answer aborts the run. Timing is interleaved
 * (`interleave` in timing.ts), reported as median µs per call with p25–p75.
 * @module
 */

import { LEGACY_NAME } from "./engine/engines/oso-legacy.js";
import { type Prepared, prepare, wrongAnswers } from "./engine/prepare.js";
import { growthTable, medianTable, type Results, ratioTable, us } from "./engine/report.js";
import { hierarchy } from "./engine/scenarios/hierarchy.js";
import { quickstart } from "./engine/scenarios/quickstart.js";
import { SIZES, scale } from "./engine/scenarios/scale.js";
import { targetLines } from "./engine/targets.js";
import { noOptions } from "./plan.js";
import { type InterleaveOptions, interleave } from "./timing.js";

export const name = "decisions";

/** The decision benchmark takes no options. */
export const checkArgs = noOptions(name);

const OPTIONS: InterleaveOptions = { rounds: 31, batchMs: 3, warmupMs: 100, budgetMs: 4000, minRuns: 3 };

async function measure(scenario: Prepared): Promise<Results> {
  const results = [];
  for (let d = 0; d < scenario.decisions.length; d++) {
    results.push(
      await interleave(
        scenario.entries.map((e) => e.calls[d]!),
        OPTIONS,
      ),
    );
  }
  return results;
}

/** What the timing loop itself costs per call (included in every figure). */
async function harness(): Promise<string> {
  const [sync, async] = await interleave(
    [
      { kind: "sync", call: () => true },
      { kind: "async", call: () => Promise.resolve(true) },
    ],
    OPTIONS,
  );
  return `harness overhead per call (included in every figure): sync ${us(sync!.median)} µs, awaited ${us(async!.median)} µs`;
}

export async function run(args: readonly string[] = []): Promise<void> {
  checkArgs(args);
  const started = Date.now();
  console.log("## Decisions: plain JS, CASL, casbin, oso-ts and oso@0.27.3 side by side");
  const scenarios = [await prepare(quickstart()), await prepare(hierarchy()), await prepare(scale())];
  const wrong: string[] = [];
  for (const s of scenarios) wrong.push(...(await wrongAnswers(s)));
  if (wrong.length > 0) {
    for (const w of wrong) console.error(`WRONG ANSWER ${w}`);
    throw new Error(`decision benchmark aborted: ${wrong.length} wrong answer(s), nothing was timed`);
  }
  const answers = scenarios.reduce((n, s) => n + s.decisions.length * s.entries.length, 0);
  console.log(`all ${answers} answers checked: every engine agrees with the expected decisions`);
  const { rounds, batchMs, budgetMs, minRuns } = OPTIONS;
  console.log(
    `median µs per call (p25–p75) over ${rounds} interleaved rounds of ~${batchMs} ms batches; ` +
      `†n: slow entry capped at ~${budgetMs / 1000} s of timed calls, n runs (at least ${minRuns})`,
  );
  console.log(await harness());
  for (const s of scenarios) {
    const results = await measure(s);
    console.log(`\n### ${s.id} ${s.title}\n`);
    console.log(medianTable(s, results, OPTIONS.rounds));
    console.log("");
    console.log(ratioTable(s, results, LEGACY_NAME));
    if (s.id === "S3") {
      console.log("\nGrowth with the number of assignments (median ÷ median at 1):\n");
      console.log(growthTable(s, results, SIZES));
    }
    const targets = targetLines(s, results);
    if (targets.length > 0) console.log(`\nTargets:\n${targets.join("\n")}`);
  }
  console.log(`\ndecisions: ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

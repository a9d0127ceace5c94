/**
 * Benchmark entry: runs every scenario (or those named on the command line:
 * `node dist/run.js parse`), each printing its own section. Options follow the name of
 * the scenario they are for: `node dist/run.js decisions http --rounds=3 --duration=1`.
 * @module
 */
import * as decisions from "./decisions.js";
import * as http from "./http.js";
import * as lists from "./lists.js";
import * as parse from "./parse.js";
import { plan, type Scenario } from "./plan.js";

export type { Scenario } from "./plan.js";

/** Every scenario, in the order they run. Add new ones here. */
export const SCENARIOS: readonly Scenario[] = [parse, decisions, lists, http];

// every name and option is checked before anything runs
const planned = plan(process.argv.slice(2), SCENARIOS);
console.log(`oso-ts benchmarks, node ${process.version}, ${new Date().toISOString()}\n`);
for (const { scenario, args } of planned) {
  await scenario.run(args);
  console.log("");
}

/**
 * Benchmark entry: runs every scenario (or those named on the command line:
 * `node dist/run.js parse`), each printing its own section.
 * @module
 */
import * as decisions from "./decisions.js";
import * as http from "./http.js";
import * as parse from "./parse.js";

/** A benchmark scenario. Add new ones to {@link SCENARIOS}. */
export interface Scenario {
  readonly name: string;
  run(): void | Promise<void>;
}

export const SCENARIOS: readonly Scenario[] = [parse, decisions, http];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !SCENARIOS.some((s) => s.name === w));
if (unknown.length > 0) {
  throw new Error(
    `unknown scenario ${unknown.join(", ")}; known: ${SCENARIOS.map((s) => s.name).join(", ")}`,
  );
}
console.log(`oso-ts benchmarks, node ${process.version}, ${new Date().toISOString()}\n`);
for (const scenario of SCENARIOS) {
  if (wanted.length > 0 && !wanted.includes(scenario.name)) continue;
  await scenario.run();
  console.log("");
}

/**
 * Benchmark entry: runs every scenario (or those named on the command line:
 * `node dist/run.js parse`), each printing its own section.
 * @module
 */
import * as parse from "./parse.js";

/** A benchmark scenario. Add new ones to {@link SCENARIOS}. */
export interface Scenario {
  readonly name: string;
  run(): void | Promise<void>;
}

export const SCENARIOS: readonly Scenario[] = [parse];

const wanted = process.argv.slice(2);
console.log(`oso-ts benchmarks, node ${process.version}, ${new Date().toISOString()}\n`);
for (const scenario of SCENARIOS) {
  if (wanted.length > 0 && !wanted.includes(scenario.name)) continue;
  await scenario.run();
  console.log("");
}

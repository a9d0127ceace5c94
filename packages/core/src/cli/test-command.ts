/**
 * `oso-ts test <module>... [--coverage] [--min-coverage P]`: run policy test modules
 * (see testing/policy-tests.ts), print each failure with its explanation, and end with
 * `N passed, N failed`.
 *
 * Exit status: 0 all passed (and coverage at least P), 1 a case failed or coverage is
 * under P, 2 bad usage or a bad module (the module and case named).
 * @module
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { isPolarError } from "../errors.js";
import { formatLocation } from "../explain/locations.js";
import { checkModule, describeFailure, runCases } from "../testing/policy-tests.js";

/** Where the command writes, and how it imports modules (tests pass their own). */
export interface TestCommandIo {
  stdout(s: string): void;
  stderr(s: string): void;
  importModule?(specifier: string): Promise<unknown>;
}

export const TEST_USAGE = `usage: oso-ts test <module>... [--coverage] [--min-coverage P]

Runs policy test modules: ES modules (compiled JavaScript) each default-exporting
{ oso, cases }, where oso is the application's Oso (or a Promise of one) and cases
is a list of { name?, actor, action, resource, allowed }. Prints each failed case
with the explanation of its decision, then "N passed, N failed".

  --coverage          print the policy's rule coverage: the percentage of rules
                      (and of resource blocks' and built-in roles' declared
                      permissions, roles and implications) some case exercised,
                      with the file:line of each one none did
  --min-coverage P    fail (exit 1) when the coverage is under P percent

Exit status: 0 all passed, 1 a case failed or coverage under P, 2 bad usage or a
bad module.
`;

/** Run the command with its arguments (after `test`). */
export async function testCommand(args: readonly string[], io: TestCommandIo): Promise<number> {
  const modules: string[] = [];
  let coverage = false;
  let minCoverage: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--coverage") coverage = true;
    else if (arg === "--min-coverage" || arg.startsWith("--min-coverage=")) {
      const value = arg === "--min-coverage" ? args[++i] : arg.slice("--min-coverage=".length);
      const p = Number(value);
      if (value === undefined || value === "" || !Number.isFinite(p) || p < 0 || p > 100) {
        return usage(
          io,
          `--min-coverage needs a percentage from 0 to 100, got ${value === undefined ? "nothing" : `'${value}'`}`,
        );
      }
      minCoverage = p;
      coverage = true;
    } else if (arg.startsWith("-")) return usage(io, `unknown option '${arg}'`);
    else modules.push(arg);
  }
  if (modules.length === 0) return usage(io, "no test modules given");
  const load = io.importModule ?? ((s: string) => import(s));
  let passed = 0;
  let failed = 0;
  let covered = 0;
  let total = 0;
  const uncovered: string[] = [];
  for (const path of modules) {
    let checked: Awaited<ReturnType<typeof checkModule>>;
    try {
      const ns = (await load(pathToFileURL(resolve(path)).href)) as { default?: unknown };
      checked = await checkModule(ns?.default, path);
    } catch (e) {
      io.stderr(
        `oso-ts test: ${isPolarError(e) ? e.summary : `${path}: cannot load the module: ${e instanceof Error ? e.message : String(e)}`}\n`,
      );
      return 2;
    }
    const result = await runCases(checked, { coverage });
    for (const r of result.results) {
      if (!r.passed) io.stdout(`${describeFailure(r)}\n`);
    }
    passed += result.passed;
    failed += result.failed;
    if (result.coverage) {
      covered += result.coverage.covered;
      total += result.coverage.total;
      for (const item of result.coverage.uncovered) {
        uncovered.push(`  ${formatLocation(item.location)}  ${item.kind}: ${item.text}`);
      }
    }
  }
  let status = failed > 0 ? 1 : 0;
  if (coverage) {
    const percent = total === 0 ? 100 : (covered / total) * 100;
    io.stdout(`coverage: ${covered}/${total} (${percent.toFixed(1)}%)\n`);
    if (uncovered.length > 0) io.stdout(`not exercised by any case:\n${uncovered.join("\n")}\n`);
    if (minCoverage !== undefined && percent < minCoverage) {
      io.stdout(`coverage ${percent.toFixed(1)}% is under the minimum of ${minCoverage}%\n`);
      status = 1;
    }
  }
  io.stdout(`${passed} passed, ${failed} failed\n`);
  return status;
}

function usage(io: TestCommandIo, problem: string): number {
  io.stderr(`oso-ts test: ${problem}\n${TEST_USAGE}`);
  return 2;
}

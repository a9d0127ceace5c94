/**
 * `@oso-ts/core/testing`: policy tests in Vitest (or any runner with `test(name, fn)`).
 *
 * @example
 * ```ts
 * import { expect, test } from "vitest";
 * import { policyTests } from "@oso-ts/core/testing";
 * import suite from "./policy-tests.js";
 * policyTests(suite, { test, minCoverage: 100 });
 * ```
 * The core does not depend on Vitest: the runner's `test` is passed in.
 * @module
 */
import type { CoverageRecorder } from "../explain/coverage.js";
import {
  type CheckedModule,
  checkModule,
  describeFailure,
  type PolicyTestModule,
  runCase,
} from "./policy-tests.js";

export {
  type CaseResult,
  type CheckedModule,
  checkModule,
  describeFailure,
  type PolicyTestCase,
  type PolicyTestModule,
  type PolicyTestResult,
  runCases,
} from "./policy-tests.js";

/** A test runner's `test` (Vitest's, Jest's, `node:test`'s). */
export type TestFn = (name: string, fn: () => Promise<void>) => unknown;

/** Options of {@link policyTests}. */
export interface PolicyTestsOptions {
  /** The runner's `test` function. */
  readonly test: TestFn;
  /** Add a last test that fails when the cases cover less than this percentage of the policy. */
  readonly minCoverage?: number;
  /** Prefix of the test names (default `policy`). */
  readonly label?: string;
}

/**
 * Register one test per case of `mod` (each failure's message is the decision's
 * explanation), and with `minCoverage`, a last test of the rule coverage (its message
 * lists the `file:line` of each item no case exercised). Tests must run in order, as
 * Vitest runs a file's tests by default.
 */
export function policyTests(mod: PolicyTestModule, options: PolicyTestsOptions): void {
  const { test, minCoverage } = options;
  const label = options.label ?? "policy";
  if (typeof test !== "function") {
    throw new TypeError("policyTests(): pass your runner's test function as { test }");
  }
  if (minCoverage !== undefined && !(minCoverage >= 0 && minCoverage <= 100)) {
    throw new TypeError("policyTests(): minCoverage is a percentage from 0 to 100");
  }
  let checked: Promise<CheckedModule> | null = null;
  let recorder: CoverageRecorder | null = null;
  const ready = (): Promise<CheckedModule> => {
    checked ??= checkModule(mod, label).then((m) => {
      if (minCoverage !== undefined) recorder = m.oso.recordCoverage();
      return m;
    });
    return checked;
  };
  const cases = Array.isArray(mod?.cases) ? mod.cases : [];
  // a malformed module still gets a test, which fails with the module's problem
  if (cases.length === 0) test(`${label}: module`, async () => void (await ready()));
  cases.forEach((c, i) => {
    const name = typeof c?.name === "string" && c.name !== "" ? c.name : `case ${i + 1}`;
    test(`${label}: ${name}`, async () => {
      const m = await ready();
      const r = await runCase(m.oso, m.cases[i]!);
      if (!r.passed) throw new Error(describeFailure(r));
    });
  });
  if (minCoverage !== undefined) {
    test(`${label}: rule coverage is at least ${minCoverage}%`, async () => {
      await ready();
      const rec = recorder as CoverageRecorder | null;
      rec?.stop();
      const report = rec!.report();
      if (report.percent < minCoverage) {
        throw new Error(
          `rule coverage ${report.percent.toFixed(1)}% is under ${minCoverage}%\n${String(report)}`,
        );
      }
    });
  }
}

/**
 * Policy tests: cases stating who may do what, run against an application's `Oso`, with
 * each failure explained and the policy's rule coverage recorded. Shared by `oso-ts test`
 * and the Vitest helper.
 * @module
 */
import { isPolarError, type PolarError, polarError } from "../errors.js";
import type { CoverageRecorder, CoverageReport } from "../explain/coverage.js";
import type { Explanation } from "../explain/types.js";
import { Oso } from "../oso.js";

/** One case: may `actor` perform `action` on `resource`? */
export interface PolicyTestCase {
  /** Shown in reports (default: the case's number). */
  readonly name?: string;
  readonly actor: unknown;
  readonly action: unknown;
  readonly resource: unknown;
  /** The expected decision. */
  readonly allowed: boolean;
}

/** What a policy test module default-exports. */
export interface PolicyTestModule {
  /** The application's `Oso`, set up by its own code (or a Promise of it). */
  readonly oso: Oso | Promise<Oso>;
  readonly cases: readonly PolicyTestCase[];
}

/** The outcome of one case. */
export interface CaseResult {
  readonly name: string;
  readonly passed: boolean;
  readonly expected: boolean;
  /** The decision (false when the decision raised). */
  readonly allowed: boolean;
  /** The error the decision raised: a case that raises fails. */
  readonly error?: PolarError;
  /** The decision's explanation. */
  readonly explanation: Explanation;
}

/** The outcome of a module's cases. */
export interface PolicyTestResult {
  readonly results: readonly CaseResult[];
  readonly passed: number;
  readonly failed: number;
  /** The rule coverage of the cases (when asked for). */
  readonly coverage?: CoverageReport;
}

/** A module's cases, checked: its `Oso` and the cases with their names. */
export interface CheckedModule {
  readonly oso: Oso;
  readonly cases: readonly (PolicyTestCase & { readonly name: string })[];
}

function badModule(label: string, problem: string, hint?: string): PolarError {
  return polarError("invalid_test_module", `${label}: ${problem}`, {
    hint:
      hint ??
      "A policy test module default-exports { oso, cases }: cases is a list of { name?, actor, action, resource, allowed }.",
  });
}

/**
 * Check a module's default export (or its namespace, whose `default` is used) and wait
 * for its `oso`.
 * @throws {PolarError} `invalid_test_module` naming `label` and the case, for an export
 *   that is not `{ oso, cases }`, an `oso` that is not an `Oso`, or a case without a
 *   boolean `allowed`.
 */
export async function checkModule(exported: unknown, label: string): Promise<CheckedModule> {
  if (typeof exported !== "object" || exported === null) {
    throw badModule(label, `the default export must be { oso, cases }, got ${describe(exported)}`);
  }
  const mod = exported as Partial<PolicyTestModule>;
  if (!("oso" in mod) || !("cases" in mod)) {
    const missing = ["oso", "cases"].filter((k) => !(k in mod)).join(" and ");
    throw badModule(label, `the default export has no ${missing} (it must be { oso, cases })`);
  }
  if (!Array.isArray(mod.cases)) throw badModule(label, `cases must be a list, got ${describe(mod.cases)}`);
  const cases = mod.cases.map((c: unknown, i: number) => {
    const where = `case ${i + 1}`;
    if (typeof c !== "object" || c === null)
      throw badModule(label, `${where} is not an object: ${describe(c)}`);
    const kase = c as Partial<PolicyTestCase>;
    const name = typeof kase.name === "string" && kase.name !== "" ? kase.name : where;
    const named = name === where ? where : `${where} ("${name}")`;
    if (typeof kase.allowed !== "boolean") {
      throw badModule(label, `${named} has no boolean \`allowed\` (got ${describe(kase.allowed)})`);
    }
    for (const k of ["actor", "action", "resource"] as const) {
      if (kase[k] === undefined) throw badModule(label, `${named} has no \`${k}\``);
    }
    return { ...(kase as PolicyTestCase), name };
  });
  let oso: unknown;
  try {
    oso = await mod.oso;
  } catch (e) {
    throw badModule(label, `its oso could not be set up: ${e instanceof Error ? e.message : String(e)}`, "");
  }
  if (!(oso instanceof Oso)) {
    throw badModule(
      label,
      `oso must be an Oso (or a Promise of one), got ${describe(oso)}`,
      "Export the Oso your application uses. An object from another copy of @oso-ts/core is not an Oso of this one.",
    );
  }
  return { oso, cases };
}

/** Run checked cases, each explained; with `coverage`, record the rule coverage too. */
export async function runCases(
  mod: CheckedModule,
  options: { coverage?: boolean } = {},
): Promise<PolicyTestResult> {
  const recorder: CoverageRecorder | null = options.coverage ? mod.oso.recordCoverage() : null;
  const results: CaseResult[] = [];
  try {
    for (const c of mod.cases) results.push(await runCase(mod.oso, c));
  } finally {
    recorder?.stop();
  }
  const passed = results.filter((r) => r.passed).length;
  return {
    results,
    passed,
    failed: results.length - passed,
    ...(recorder === null ? {} : { coverage: recorder.report() }),
  };
}

/** Run one case: a decision that raises fails the case, whatever was expected. */
export async function runCase(oso: Oso, c: PolicyTestCase & { readonly name: string }): Promise<CaseResult> {
  let explanation: Explanation;
  try {
    explanation = await oso.explain(c.actor as never, c.action as never, c.resource as never);
  } catch (e) {
    // explain reports decision errors itself; what is left is bad input (an undefined actor)
    const error = isPolarError(e) ? e : polarError("invalid_argument", String(e));
    explanation = {
      allowed: false,
      error,
      trace: { query: "allow(...)", children: [] },
      truncated: false,
      toString: () => `error: ${error.message}`,
    };
  }
  const error = explanation.error;
  return {
    name: c.name,
    passed: error === undefined && explanation.allowed === c.allowed,
    expected: c.allowed,
    allowed: explanation.allowed,
    ...(error === undefined ? {} : { error }),
    explanation,
  };
}

/** A failed case as text: what was expected, what happened, and why. */
export function describeFailure(r: CaseResult): string {
  const got = r.error !== undefined ? `an error (${r.error.code})` : r.allowed ? "allowed" : "denied";
  const head = `FAIL ${r.name}: expected ${r.expected ? "allowed" : "denied"}, got ${got}`;
  const why = String(r.explanation)
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
  return `${head}\n${why}`;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return `an object (${(v as object).constructor?.name ?? "Object"})`;
  return typeof v === "string" ? `the string "${v}"` : String(v);
}

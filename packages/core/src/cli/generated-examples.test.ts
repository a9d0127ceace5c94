/**
 * The examples' committed policy types are what `oso-ts types` generates from their
 * policies now: a policy changed without regenerating fails here (and so `pnpm test`).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { main } from "../cli.js";

const EXAMPLES = fileURLToPath(new URL("../../../../examples/", import.meta.url));

/** Run `oso-ts types <policy> --out <types> [--check]`, reading files from disk and never writing. */
function run(args: string[], overrides: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = main(["types", ...args], {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    readFile: (path) => overrides[path] ?? readFileSync(path, "utf8"),
  });
  return { code, stdout, stderr };
}

describe.each([
  // each with a change to its policy that adds an action
  [
    "GitClub",
    "gitclub/authorization.polar",
    "gitclub/src/policy-types.ts",
    ['"create_repo"]', '"create_repo", "archive"]'],
  ],
  [
    "the quickstarts",
    "quickstart-common/authorization.polar",
    "quickstart-common/src/policy-types.ts",
    ['["read", "write"]', '["read", "write", "share"]'],
  ],
])("%s: the committed policy types", (_name, policy, types, [from, to]) => {
  const policyPath = EXAMPLES + policy;
  const typesPath = EXAMPLES + types;

  test("are up to date (oso-ts types --check)", () => {
    const r = run([policyPath, "--out", typesPath, "--check"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`${typesPath}: up to date\n`);
    expect(r.code).toBe(0);
  });

  test("are stale once the policy changes", () => {
    const text = readFileSync(policyPath, "utf8");
    expect(text).toContain(from);
    const changed = text.replace(from!, to!);
    const r = run([policyPath, "--out", typesPath, "--check"], { [policyPath]: changed });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${typesPath}: out of date`);
  });
});

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { main, printDiagnostics } from "./cli.js";
import { polarError } from "./errors.js";
import { makeSource } from "./source.js";
import { MAX_ERRORS } from "./syntax/error-list.js";
import { polarWarning } from "./warnings.js";

const QUICKSTART = fileURLToPath(new URL("../../../examples/policies/quickstart.polar", import.meta.url));
const GITCLUB = fileURLToPath(new URL("../../../examples/policies/gitclub.polar", import.meta.url));
const BIN = fileURLToPath(new URL("../bin/oso-ts.js", import.meta.url));
const DIST_CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

/** Run the CLI in-process over in-memory files. */
function run(argv: string[], files: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = main(argv, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
      return text;
    },
  });
  return { code, stdout, stderr };
}

describe("oso-ts check", () => {
  test("a clean file: exit 0, one ok line", () => {
    const r = run(["check", "ok.polar"], { "ok.polar": "allow(actor, _action, _resource) if actor = 1;\n" });
    expect(r).toEqual({ code: 0, stdout: "ok.polar: ok\n", stderr: "" });
  });

  test("errors: exit 1, file:line:column: code: message, the line and a caret, then a summary", () => {
    const r = run(["check", "bad.polar"], { "bad.polar": "allow(x) if\n  x = 1 @ 2;\ng(y);\n" });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      [
        "bad.polar:2:9: invalid_token_character: '@' is not a valid character",
        "  002:   x = 1 @ 2;",
        "               ^",
        "bad.polar:3:3: singleton_variable: Singleton variable y is unused or undefined; try renaming to _y or _",
        "  003: g(y);",
        "         ^",
        "bad.polar: 2 errors",
        "",
      ].join("\n"),
    );
  });

  test("warnings alone still exit 0", () => {
    const r = run(["check", "w.polar"], { "w.polar": "allow(x, _y, _z) if x = 1 and x = 2 or x = 3;\n" });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        "w.polar:1:21: warning: ambiguous_precedence: Expression without parentheses could be ambiguous.",
        "  Prior to 0.20, `x and y or z` would parse as `x and (y or z)`.",
        "  As of 0.20, it parses as `(x and y) or z`, matching other languages.",
        "  001: allow(x, _y, _z) if x = 1 and x = 2 or x = 3;",
        "                           ^",
        "w.polar: 0 errors, 1 warning",
        "",
      ].join("\n"),
    );
  });

  test("several files: a line per file and a total", () => {
    const r = run(["check", "a.polar", "b.polar"], { "a.polar": "f(1);", "b.polar": "g(x);" });
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n").filter((l) => /^(\w+\.polar|total): /.test(l))).toEqual([
      "a.polar: ok",
      "b.polar: 1 error",
      "total: 1 error, 1 warning",
    ]);
  });

  test("capitalised names are taken as classes", () => {
    expect(run(["check", "c.polar"], { "c.polar": "f(x: Foo, Bar) if x = 1;" }).code).toBe(0);
  });

  test.each<[string, string[], RegExp]>([
    ["no arguments", [], /no command given/],
    ["an unknown command", ["lint", "a.polar"], /unknown command 'lint'/],
    ["no files", ["check"], /no policy files given/],
    ["a missing file", ["check", "missing.polar"], /cannot read 'missing.polar' \(ENOENT\)/],
    ["a file without the .polar extension", ["check", "policy.txt"], /'policy.txt' is not a .polar file/],
  ])("bad usage (%s): exit 2 with usage on stderr", (_name, argv, problem) => {
    const r = run(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(problem);
    expect(r.stderr).toContain("usage: oso-ts check <file.polar>...");
  });

  test("--help prints usage on stdout", () => {
    const r = run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("usage: oso-ts check");
  });

  test("reads real files by default", () => {
    let out = "";
    const code = main(["check", QUICKSTART, GITCLUB], { stdout: (s) => (out += s), stderr: () => {} });
    expect(code).toBe(0);
    expect(out).toBe(`${QUICKSTART}: ok\n${GITCLUB}: ok\ntotal: ok\n`);
  });
});

describe("oso-ts check on large or unusual files", () => {
  test("a file of errors: the first ones, a count of the others, the real total", () => {
    const started = performance.now();
    const r = run(["check", "big.polar"], { "big.polar": ")".repeat(100_000) });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^big\.polar:1:1: unrecognized_token: did not expect to find the token '\)'/);
    expect(lines.filter((l) => l.startsWith("big.polar:1:"))).toHaveLength(MAX_ERRORS + 1);
    expect(lines.at(-5)).toBe(
      `big.polar:1:${MAX_ERRORS + 1}: unrecognized_token: too many errors (${100_000 - MAX_ERRORS} more not shown)`,
    );
    expect(lines.at(-2)).toBe("big.polar: 100000 errors");
    expect(r.stdout.length).toBeLessThan(100_000);
  });

  test("10,000 warnings are printed quickly", () => {
    const text = `allow(x, _y, _z) if x = 1;\n${"f(x) if x = 1 and x = 2 or x = 3;\n".repeat(10_000)}`;
    const started = performance.now();
    const r = run(["check", "w.polar"], { "w.polar": text });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("w.polar:10001:9: warning: ambiguous_precedence:");
    expect(r.stdout.endsWith("w.polar: 0 errors, 10000 warnings\n")).toBe(true);
  });

  test("positions after a byte-order mark and old Mac line breaks", () => {
    const r = run(["check", "m.polar"], { "m.polar": "\ufeffallow(x, _y, _z) if x = 1;\rg(y);\r" });
    expect(r.stdout.split("\n").slice(0, 3)).toEqual([
      "m.polar:2:3: singleton_variable: Singleton variable y is unused or undefined; try renaming to _y or _",
      "  002: g(y);",
      "         ^",
    ]);
    const bom = run(["check", "b.polar"], { "b.polar": "\ufeffg(y);" });
    expect(bom.stdout.split("\n")[0]).toMatch(/^b\.polar:1:3: singleton_variable/);
  });

  test("errors outside the given files are printed and fail the check", () => {
    const a = makeSource("f(1);", "a.polar");
    const elsewhere = makeSource("g(x);", "<built-in>");
    let out = "";
    const io = { stdout: (s: string) => (out += s), stderr: () => {} };
    const errors = [
      polarError("file_loading", "something went wrong"),
      polarError("singleton_variable", "Singleton variable x", {
        span: { source: elsewhere, start: 2, end: 3 },
      }),
    ];
    const warnings = [polarWarning("missing_allow_rule", "no allow rule")];
    expect(printDiagnostics([a], { errors, warnings }, io)).toBe(1);
    expect(out).toBe(
      [
        "a.polar: ok",
        "file_loading: something went wrong",
        "<built-in>:1:3: singleton_variable: Singleton variable x",
        "  001: g(x);",
        "         ^",
        "warning: missing_allow_rule: no allow rule",
        "",
      ].join("\n"),
    );
  });
});

describe("the oso-ts executable", () => {
  // `pnpm test` builds with `tsc -b` first; a bare `vitest run` on a fresh clone has no dist
  test.skipIf(!existsSync(DIST_CLI))("runs the built CLI with node and exits with its status", () => {
    const ok = spawnSync(process.execPath, [BIN, "check", QUICKSTART], { encoding: "utf8" });
    expect([ok.status, ok.stdout, ok.stderr]).toEqual([0, `${QUICKSTART}: ok\n`, ""]);
    const usage = spawnSync(process.execPath, [BIN], { encoding: "utf8" });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("usage: oso-ts check");
  });
});

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
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
    expect(r.stderr).toContain(
      "usage: oso-ts check [--class Name]... [--setup module] [--format text|json] <file.polar>...",
    );
  });

  test.each([["--help"], ["-h"], ["help"], ["check", "--help"], ["check", "a.polar", "-h"]])(
    "%s prints usage on stdout, exit 0",
    (...argv) => {
      const r = run(argv);
      expect(r).toMatchObject({ code: 0, stderr: "" });
      expect(r.stdout).toContain("usage: oso-ts check");
      expect(r.stdout).toContain("--class");
    },
  );

  test.each<[string[], string]>([
    [["test", "--help"], "usage: oso-ts test <module>..."],
    [["test", "policy-tests.js", "-h"], "usage: oso-ts test <module>..."],
    [["help", "test"], "usage: oso-ts test <module>..."],
    [["repl", "--help"], "usage: oso-ts repl [file.polar...]"],
    [["types", "--help"], "usage: oso-ts types <file.polar>..."],
    [["check", "--help"], "usage: oso-ts check [--class Name]..."],
  ])("%j prints that command's usage on stdout, exit 0", (argv, usage) => {
    const r = run(argv);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout.startsWith(usage)).toBe(true);
  });

  test.each([["--version"], ["-v"], ["check", "--version"]])(
    "%s prints the package version, exit 0",
    (...argv) => {
      const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
      expect(run(argv)).toEqual({ code: 0, stdout: `oso-ts ${version}\n`, stderr: "" });
    },
  );

  test.each<[string, string[], RegExp]>([
    ["an unknown option", ["check", "--strict", "a.polar"], /unknown option '--strict'/],
    ["--class without a name", ["check", "a.polar", "--class"], /--class needs a class name .*got nothing/],
    ["--class with a bad name", ["check", "--class", "Page;", "a.polar"], /got 'Page;'/],
  ])("bad options (%s): exit 2", (_what, argv, problem) => {
    const r = run(argv, { "a.polar": "f(1);" });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(problem);
  });

  test("reads real files by default", () => {
    let out = "";
    const code = main(["check", QUICKSTART, GITCLUB], { stdout: (s) => (out += s), stderr: () => {} });
    expect(code).toBe(0);
    expect(out).toBe(`${QUICKSTART}: ok\n${GITCLUB}: ok\ntotal: ok\n`);
  });
});

const ROLES = (
  config: string,
  type = "Page",
) => `allow(actor, action, resource) if role_allow(actor, action, resource);
actor_role(actor, role) if role in actor.get_roles();
resource(_type: ${type}, "page", actions, roles) if
    actions = ["read", "write"] and
    roles = ${config};
`;
const GOOD_ROLES =
  '{ user: { permissions: ["read"] }, admin: { permissions: ["write"], implies: ["user"] } }';

describe("oso-ts check and the built-in roles", () => {
  test("a typo in a resource(...) rule (implis) is reported as enableRoles() reports it", () => {
    const r = run(["check", "p.polar"], { "p.polar": ROLES(GOOD_ROLES.replace("implies", "implis")) });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^p\.polar:5:81: roles_validation: Oso Roles Validation Error: Role definition admin for Page contains invalid key: implis\./,
    );
  });

  test.each([
    ["a permission that is no action", GOOD_ROLES.replace('["write"]', '["wrte"]'), /Did you mean "write"\?/],
    ["an implied role that does not exist", GOOD_ROLES.replace('["user"]', '["usr"]'), /roles_validation/],
  ])("%s", (_what, config, message) => {
    const r = run(["check", "p.polar"], { "p.polar": ROLES(config) });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(message);
  });

  test("a valid configuration, and the quickstart's, pass", () => {
    expect(run(["check", "p.polar"], { "p.polar": ROLES(GOOD_ROLES) })).toMatchObject({ code: 0 });
    const quickstart = { "q.polar": readFileSync(QUICKSTART, "utf8") };
    expect(run(["check", "--class", "Page", "q.polar"], quickstart)).toEqual({
      code: 0,
      stdout: "q.polar: ok\n",
      stderr: "",
    });
  });

  test("a missing hook is reported when the policy calls role_allow", () => {
    const text = ROLES(GOOD_ROLES).replace("actor_role(actor, role) if role in actor.get_roles();\n", "");
    const r = run(["check", "p.polar"], { "p.polar": text });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Need to define `actor_role\(actor, role\)`/);
  });

  test("a policy that does not call role_allow is not held to the roles' rules", () => {
    const text = ROLES(GOOD_ROLES.replace("implies", "implis")).replace("role_allow", "has_role");
    expect(run(["check", "p.polar"], { "p.polar": `${text}has_role(_, _, _);\n` })).toMatchObject({
      code: 0,
    });
  });

  test.each([
    ["a class's field", ROLES("Page.ROLES")],
    ["a constant", ROLES("PAGE_ROLES")],
    [
      "a rule that reads a constant",
      `${ROLES("r")}`.replace("roles = r;", "page_roles(roles);\npage_roles(PAGE_ROLES);"),
    ],
  ])("resource rules that read the application (%s) are left to the load", (_what, text) => {
    expect(run(["check", "p.polar"], { "p.polar": text })).toMatchObject({ code: 0 });
  });

  test("a rule the resource rule calls is evaluated too", () => {
    const text = ROLES("r").replace(
      "roles = r;",
      `page_roles(roles);\npage_roles(${GOOD_ROLES.replace("implies", "implis")});`,
    );
    const r = run(["check", "p.polar"], { "p.polar": text });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("contains invalid key: implis");
  });

  test("_type: Pag is an unregistered class once the classes are given, with a suggestion", () => {
    const files = { "p.polar": ROLES(GOOD_ROLES, "Pag") };
    // without --class, any capitalised name may be a class of the application
    expect(run(["check", "p.polar"], files).code).toBe(0);
    for (const argv of [
      ["check", "--class", "Page", "p.polar"],
      ["check", "--class=User,Page", "p.polar"],
    ]) {
      const r = run(argv, files);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^p\.polar:3:10: unregistered_class: Unregistered class: Pag\n/);
      expect(r.stdout).toContain("hint: Did you mean `Page`?");
    }
  });

  test("with --class, other capitalised names are not classes: as a load without them", () => {
    const files = { "c.polar": "allow(x: User, _, _) if x = Missing;" };
    expect(run(["check", "c.polar"], files).code).toBe(0);
    expect(run(["check", "--class", "User", "c.polar"], files).code).toBe(1);
    expect(run(["check", "--class", "User", "--class", "Missing", "c.polar"], files).code).toBe(0);
  });

  test("a misspelt built-in rule: did you mean role_allow", () => {
    const r = run(["check", "p.polar"], {
      "p.polar": ROLES(GOOD_ROLES).replace("role_allow(", "role_alow("),
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "undefined_rule_call: Call to undefined rule: role_alow(actor, action, resource)",
    );
    expect(r.stdout).toContain("hint: Did you mean `role_allow`?");
  });

  test("a file given twice, or two files with the same contents, fail as loading them would", () => {
    const twice = run(["check", "a.polar", "a.polar"], { "a.polar": "f(1);" });
    expect(twice.code).toBe(1);
    expect(twice.stdout).toContain(
      "file_loading: Problem loading file: File a.polar has already been loaded.",
    );
    const copies = run(["check", "a.polar", "b.polar"], { "a.polar": "f(1);", "b.polar": "f(1);" });
    expect(copies.code).toBe(1);
    expect(copies.stdout).toContain(
      "file_loading: Problem loading file: A file with the same contents as b.polar",
    );
  });

  test("a missing ';' is reported at the end of the line that lacks it", () => {
    const r = run(["check", "s.polar"], { "s.polar": "allow(x, _, z) if x = z\nf(1);\n" });
    expect(r.stdout).toContain("Expected ';' at the end of the rule. Did you forget a semi-colon?");
    expect(r.stdout.split("\n").slice(0, 3)).toEqual([
      "s.polar:1:24: unrecognized_token: did not expect to find the token 'f' on the next line",
      "  001: allow(x, _, z) if x = z",
      "                              ^",
    ]);
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

  test("10,000 warnings are printed in time linear in their number", () => {
    const policy = (n: number) =>
      `allow(x, _y, _z) if x = 1;\n${"f(x) if x = 1 and x = 2 or x = 3;\n".repeat(n)}`;
    const timed = (n: number) => {
      const started = performance.now();
      const out = run(["check", "w.polar"], { "w.polar": policy(n) });
      return { out, ms: performance.now() - started };
    };
    // a ratio of two runs side by side, not a wall-clock bound: 10x the warnings may cost
    // about 10x (quadratic printing cost 100x); the bound leaves room for a loaded machine
    const small = timed(1_000);
    const { out: r, ms } = timed(10_000);
    expect(small.out.code).toBe(0);
    expect(ms / Math.max(small.ms, 1)).toBeLessThan(40);
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
    const version = spawnSync(process.execPath, [BIN, "--version"], { encoding: "utf8" });
    expect([version.status, version.stdout]).toEqual([0, expect.stringMatching(/^oso-ts \d+\.\d+\.\d+\n$/)]);
    const usage = spawnSync(process.execPath, [BIN], { encoding: "utf8" });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("usage: oso-ts check");
  });
});

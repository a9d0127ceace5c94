import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { main } from "../cli.js";
import { MAX_SOLUTIONS, REPL_USAGE, repl } from "./repl.js";

const fixture = (name: string) => fileURLToPath(new URL(`__fixtures__/${name}`, import.meta.url));
const BIN = fileURLToPath(new URL("../../bin/oso-ts.js", import.meta.url));
const DIST_CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

/** Run the REPL in-process on `input` (not a terminal). */
async function run(argv: string[], input: string) {
  let stdout = "";
  let stderr = "";
  const code = await repl(argv, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    input: Readable.from([input]),
    terminal: false,
  });
  return { code, stdout, stderr };
}

describe("oso-ts repl without a terminal", () => {
  test("prints each query's bindings, true or false, and nothing else", async () => {
    const r = await run([], 'x = 1 + 2\n1 = 1\n1 = 2\nx = [1, {a: "b"}]\n');
    expect(r).toEqual({ code: 0, stdout: 'x = 3\ntrue\nfalse\nx = [1, {a: "b"}]\n', stderr: "" });
  });

  test("several solutions, apart by a blank line; no solution is false", async () => {
    const r = await run([], "x in [1, 2]\nx in []\n");
    expect(r.stdout).toBe("x = 1\n\nx = 2\nfalse\n");
  });

  test(`stops after ${MAX_SOLUTIONS} solutions and says so`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "oso-repl-"));
    const file = join(dir, "n.polar");
    writeFileSync(file, "n(0);\nn(x) if n(y) and x = y + 1;\n");
    const r = await run([file], "n(x)\n1 = 1\n");
    const lines = r.stdout.split("\n");
    expect(lines.filter((l) => l.startsWith("x = "))).toHaveLength(MAX_SOLUTIONS);
    expect(lines.at(-5)).toBe(`x = ${MAX_SOLUTIONS - 1}`);
    expect(r.stdout.endsWith(`\n(stopped after ${MAX_SOLUTIONS} solutions)\ntrue\n`)).toBe(true);
  });

  test("unbound variables and constraints", async () => {
    const r = await run([], "x = y\nx > 1\n");
    expect(r.stdout).toBe("x = <unbound>\ny = <unbound>\nx = <unbound> where x > 1\n");
  });

  test("a line that does not parse prints the diagnostic with its caret, and the REPL goes on; exit 1", async () => {
    const r = await run([], "x = 1 @ 2\nx = 2\n");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("x = 2\n");
    expect(r.stderr).toBe(
      [
        "invalid_token_character: '@' is not a valid character",
        "  001: x = 1 @ 2",
        "             ^",
        "",
      ].join("\n"),
    );
  });

  test("runtime errors, unknown commands and comments", async () => {
    const r = await run([], '# a comment\nx = 1 + "a"\n:nope\ny = 1;\n');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("y = 1\n");
    expect(r.stderr).toMatch(/^unsupported: /);
    expect(r.stderr).toContain("error: unknown command :nope (:help lists them)\n");
  });

  test("a query past the timeout prints the timeout and the REPL goes on (--timeout)", async () => {
    const r = await run(
      ["--setup", fixture("setup-function.mjs"), "--timeout", "50"],
      "x = Slow.wait(2000)\ny = 1\n",
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^query_timeout: /);
    expect(r.stdout).toBe("y = 1\n");
  });

  test(":load adds a file to those loaded; :rules lists the rules with file:line", async () => {
    const roles = fixture("roles.polar");
    const dir = mkdtempSync(join(tmpdir(), "oso-repl-"));
    const extra = join(dir, "extra.polar");
    writeFileSync(extra, '# extra\nis_admin(user) if\n  role in user.roles and role.name = "admin";\n');
    const r = await run(
      ["--setup", fixture("setup-function.mjs"), roles],
      `allow(alice, "write", new Page(1))\nallow(alice, "write", new Page(2))\n:load ${extra}\nis_admin(alice)\n:rules\n`,
    );
    expect(r.stderr).toBe("");
    const [allowed, denied, admin, ...rules] = r.stdout.trimEnd().split("\n");
    expect([allowed, denied, admin]).toEqual(["true", "false", "true"]);
    expect(rules).toContain(`${roles}:12: has_role(user: User, name: String, page: Page)`);
    expect(rules).toContain(`${roles}:17: allow(actor, action, resource)`);
    expect(rules.at(-1)).toBe(`${extra}:2: is_admin(user)`);
    // rules generated from the resource block point into it
    expect(rules.some((l) => l.startsWith(`${roles}:7: has_permission(`))).toBe(true);
  });

  test(":explain prints the explanation of the query's first answer; a bad query is an error", async () => {
    const roles = fixture("roles.polar");
    const r = await run(
      ["--setup", fixture("setup-function.mjs"), roles],
      ':explain allow(alice, "write", new Page(2))\n:explain allow(alice,\n:explain\n',
    );
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe('allow(alice, "write", new Page(2)): false');
    expect(lines[1]).toMatch(new RegExp(`^  failed allow\\(actor, action, resource\\) at ${roles}:17 with `));
    // the failing condition, with its file:line:column
    expect(lines.some((l) => l.includes("failed at `page.id") && l.endsWith(`(${roles}:15:15)`))).toBe(true);
    expect(r.stderr).toMatch(/^unrecognized_eof: /);
    expect(r.stderr).toContain("error: :explain needs a query");
    expect(r.code).toBe(1);
  });

  test("a file :load cannot load leaves the policy as it was", async () => {
    const dir = mkdtempSync(join(tmpdir(), "oso-repl-"));
    const good = join(dir, "good.polar");
    const bad = join(dir, "bad.polar");
    writeFileSync(good, "f(1);\n");
    writeFileSync(bad, "g(x) if h(x);\n");
    const r = await run([good], `:load ${bad}\nf(x)\n:load missing.polar\n:load notes.txt\nf(x)\n`);
    expect(r.stdout).toBe("x = 1\nx = 1\n");
    expect(r.stderr).toContain("undefined_rule_call: Call to undefined rule: h(x)");
    expect(r.stderr).toContain("file_not_found: Could not find file: missing.polar");
    expect(r.stderr).toContain("error: 'notes.txt' is not a .polar file");
  });

  test("with an Oso from the setup: its objects, its rules, its timeout", async () => {
    const r = await run(
      ["--setup", fixture("setup-instance.mjs")],
      'allow(bob, "read", new Page(1))\nallow(bob, "read", new Page(2))\nslow(x)\nbob.name = n\n:rules\n',
    );
    const pages = fixture("pages.polar");
    expect(r.stdout).toBe(
      `true\nfalse\nn = "bob"\n${pages}:1: allow(user: User, "read", page: Page)\n${pages}:4: slow(x)\n`,
    );
    expect(r.stderr).toMatch(/query_timeout: /);
  });

  test("a setup Oso with rules from a string: queries work, :load says why it cannot", async () => {
    const r = await run(["--setup", fixture("setup-default.mjs")], "f(x)\n:load more.polar\n");
    expect(r.stdout).toBe("x = 1\n\nx = 2\n");
    expect(r.stderr).toMatch(/^error: the setup's oso has rules loaded with loadStr\(\)/);
  });

  test.each([
    [
      "missing",
      ["--setup", "no/such/module.mjs"],
      /^oso-ts: --setup no\/such\/module\.mjs: no such module\n$/,
    ],
    ["throws", ["--setup", fixture("setup-throws.mjs")], /importing it failed: database unreachable\n$/],
    [
      "function throws",
      ["--setup", fixture("setup-function-throws.mjs")],
      /its default export\(oso\) threw: no config\n$/,
    ],
    ["no oso", ["--setup", fixture("setup-none.mjs")], /exports no `oso`/],
    ["not an Oso", ["--setup", fixture("setup-not-oso.mjs")], /its `oso` is an object, not an Oso/],
    [
      "--timeout with the setup's Oso",
      ["--setup", fixture("setup-instance.mjs"), "--timeout", "5"],
      /--timeout applies/,
    ],
    ["a bad --timeout", ["--timeout", "soon"], /--timeout takes milliseconds, got 'soon'/],
    ["a --timeout past the longest timer", ["--timeout", "9999999999"], /^oso-ts: .*timeoutMs/],
    ["not a policy file", ["policy.txt"], /'policy.txt' is not a \.polar file/],
    ["a missing policy file", ["missing.polar"], /file_not_found: Could not find file: missing\.polar/],
  ])("bad setup or usage (%s): a clear error, exit 2", async (_name, argv, message) => {
    const r = await run(argv, "x = 1\n");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
  });
});

test("oso-ts repl --help prints the REPL's usage; oso-ts --help lists the REPL", async () => {
  let out = "";
  const io = {
    stdout: (s: string) => {
      out += s;
    },
    stderr: () => {},
  };
  expect(await main(["repl", "--help"], io)).toBe(0);
  expect(out).toBe(REPL_USAGE);
  out = "";
  expect(await main(["--help"], io)).toBe(0);
  expect(out).toContain("oso-ts repl [file.polar...] [--setup module] [--timeout ms]");
});

describe("oso-ts repl on a terminal", () => {
  test("prompts, and keeps a history: the up arrow brings back the last query", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let drawn = "";
    output.on("data", (chunk: Buffer) => {
      drawn += chunk.toString();
    });
    let stdout = "";
    const done = repl([], {
      stdout: (s) => {
        stdout += s;
      },
      stderr: () => {},
      input,
      output,
      terminal: true,
    });
    for (const keys of ["x = 1 + 2\r", "\x1b[A\r", ":quit\r"]) {
      input.write(keys);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await done).toBe(0);
    expect(stdout).toBe("oso-ts repl: type a query, or :help\nx = 3\nx = 3\n");
    expect(drawn).toContain("query> ");
  });
});

describe("the oso-ts repl executable", () => {
  test.skipIf(!existsSync(DIST_CLI))("printf 'x = 1 + 2\\n' | oso-ts repl prints x = 3", () => {
    const r = spawnSync(process.execPath, [BIN, "repl"], { input: "x = 1 + 2\n", encoding: "utf8" });
    expect([r.status, r.stdout, r.stderr]).toEqual([0, "x = 3\n", ""]);
  });

  test.skipIf(!existsSync(DIST_CLI))(
    "with a setup module importing @oso-ts/core, as an application's would",
    () => {
      const r = spawnSync(process.execPath, [BIN, "repl", "--setup", fixture("setup-instance.mjs")], {
        input: 'allow(bob, "read", new Page(1))\nx = 1 +\n',
        encoding: "utf8",
      });
      expect(r.status).toBe(1);
      expect(r.stdout).toBe("true\n");
      expect(r.stderr).toMatch(/^unrecognized_eof: /);
    },
  );
});

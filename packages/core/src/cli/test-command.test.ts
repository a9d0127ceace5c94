/**
 * `oso-ts test`: its output and exit status for passing, failing and malformed modules,
 * coverage and the minimum; and the installed command on a real module.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { quietOso } from "../test-helpers.js";
import { testCommand } from "./test-command.js";

class User {
  constructor(readonly roles: string[]) {}
}
class Doc {}

async function docsOso() {
  const oso = quietOso();
  oso.registerClass(User);
  oso.registerClass(Doc);
  await oso.loadStr(
    'allow(u: User, "read", _d: Doc) if "reader" in u.roles;\nallow(u: User, "write", _d: Doc) if "writer" in u.roles;',
    "docs.polar",
  );
  return oso;
}

const reader = new User(["reader"]);

/** A rejected Promise already marked handled (the command awaits it later). */
function rejected(e: Error): Promise<never> {
  const p = Promise.reject(e);
  p.catch(() => {});
  return p;
}
const writer = new User(["writer"]);

/** Run the command with modules given by path -> default export. */
async function run(args: string[], modules: Record<string, unknown>) {
  let out = "";
  let err = "";
  const status = await testCommand(args, {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    importModule: async (url) => {
      const name = Object.keys(modules).find((m) => url.endsWith(`/${m}`));
      if (name === undefined) throw new Error(`Cannot find module '${url}'`);
      return { default: modules[name] };
    },
  });
  return { status, out, err, last: out.trimEnd().split("\n").at(-1) };
}

describe("oso-ts test", () => {
  test("every case passes: exit 0, the last line counts them", async () => {
    const mod = {
      oso: docsOso(),
      cases: [
        { actor: reader, action: "read", resource: new Doc(), allowed: true },
        { actor: reader, action: "write", resource: new Doc(), allowed: false },
      ],
    };
    const r = await run(["t.mjs"], { "t.mjs": mod });
    expect(r).toMatchObject({ status: 0, last: "2 passed, 0 failed", err: "" });
  });

  test("a failing case: exit 1, printed with its explanation", async () => {
    const mod = {
      oso: docsOso(),
      cases: [
        { name: "readers write", actor: reader, action: "write", resource: new Doc(), allowed: true },
        { actor: writer, action: "write", resource: new Doc(), allowed: true },
      ],
    };
    const r = await run(["t.mjs"], { "t.mjs": mod });
    expect(r.status).toBe(1);
    expect(r.last).toBe("1 passed, 1 failed");
    expect(r.out).toContain("FAIL readers write: expected allowed, got denied");
    expect(r.out).toContain('failed allow(u: User, "write", _d: Doc) at docs.polar:2');
    expect(r.out).toContain('failed at `"writer" in u.roles` (docs.polar:2:37)');
  });

  test("a decision that raises fails its case", async () => {
    const oso = quietOso();
    await oso.loadStr("allow(_a, _b, r) if r.missing;", "bad.polar");
    const r = await run(["t.mjs"], {
      "t.mjs": { oso, cases: [{ actor: 1, action: "read", resource: {}, allowed: false }] },
    });
    expect(r.status).toBe(1);
    expect(r.out).toContain("expected denied, got an error (application_error)");
  });

  test("--coverage prints the percentage and each rule no case exercised, with file:line", async () => {
    const mod = {
      oso: docsOso(),
      cases: [{ actor: reader, action: "read", resource: new Doc(), allowed: true }],
    };
    const r = await run(["--coverage", "t.mjs"], { "t.mjs": mod });
    expect(r.status).toBe(0);
    expect(r.out).toContain("coverage: 1/2 (50.0%)");
    expect(r.out).toContain('  docs.polar:2  rule: allow(u: User, "write", _d: Doc)');
    expect(r.out).not.toContain("docs.polar:1  rule");
  });

  test("--min-coverage fails under the minimum, passes at it", async () => {
    const cases = [{ actor: reader, action: "read", resource: new Doc(), allowed: true }];
    const under = await run(["t.mjs", "--min-coverage", "60"], { "t.mjs": { oso: docsOso(), cases } });
    expect(under.status).toBe(1);
    expect(under.out).toContain("coverage 50.0% is under the minimum of 60%");
    expect(under.last).toBe("1 passed, 0 failed");
    const at = await run(["t.mjs", "--min-coverage=50"], { "t.mjs": { oso: docsOso(), cases } });
    expect(at.status).toBe(0);
  });

  test("coverage adds up over several modules", async () => {
    const read = {
      oso: docsOso(),
      cases: [{ actor: reader, action: "read", resource: new Doc(), allowed: true }],
    };
    const write = {
      oso: docsOso(),
      cases: [{ actor: writer, action: "write", resource: new Doc(), allowed: true }],
    };
    const r = await run(["a.mjs", "b.mjs", "--coverage"], { "a.mjs": read, "b.mjs": write });
    expect(r.out).toContain("coverage: 2/4 (50.0%)");
    expect(r.last).toBe("2 passed, 0 failed");
  });

  describe("bad modules and usage: exit 2, naming the module and the case", () => {
    test.each([
      ["no default export", undefined, /t\.mjs: the default export must be \{ oso, cases \}, got undefined/],
      ["no cases", { oso: 1 }, /t\.mjs: the default export has no cases/],
      ["cases not a list", { oso: 1, cases: {} }, /t\.mjs: cases must be a list/],
      [
        "a case without allowed",
        {
          oso: docsOso(),
          cases: [
            { name: "x", actor: 1, action: "read", resource: 1, allowed: true },
            { name: "no answer", actor: 1, action: "read", resource: 1 },
          ],
        },
        /t\.mjs: case 2 \("no answer"\) has no boolean `allowed` \(got undefined\)/,
      ],
      [
        "allowed not a boolean",
        { oso: docsOso(), cases: [{ actor: 1, action: "read", resource: 1, allowed: "yes" }] },
        /case 1 has no boolean `allowed`/,
      ],
      [
        "a case without actor",
        { oso: docsOso(), cases: [{ action: "read", resource: 1, allowed: true }] },
        /case 1 has no `actor`/,
      ],
      [
        "oso not an Oso",
        { oso: { isAllowed: () => true }, cases: [] },
        /t\.mjs: oso must be an Oso \(or a Promise of one\), got an object/,
      ],
      [
        "oso a rejected Promise",
        {
          oso: rejected(new Error("no database")),
          cases: [],
        },
        /t\.mjs: its oso could not be set up: no database/,
      ],
    ])("%s", async (_what, exported, message) => {
      const r = await run(["t.mjs"], { "t.mjs": exported });
      expect(r.status).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.out).not.toMatch(/passed/);
    });

    test("a module that cannot be imported", async () => {
      const r = await run(["missing.mjs"], {});
      expect(r.status).toBe(2);
      expect(r.err).toMatch(/missing\.mjs: cannot load the module: Cannot find module/);
    });

    test.each([
      [[], /no test modules given/],
      [["--min-coverage"], /--min-coverage needs a percentage from 0 to 100, got nothing/],
      [["t.mjs", "--min-coverage", "101"], /got '101'/],
      [["t.mjs", "--min-coverage", "abc"], /got 'abc'/],
      [["t.mjs", "--cover"], /unknown option '--cover'/],
    ])("usage %j", async (args, message) => {
      const r = await run(args, {});
      expect(r.status).toBe(2);
      expect(r.err).toMatch(message);
    });
  });
});

describe("the installed command", () => {
  const bin = fileURLToPath(new URL("../../bin/oso-ts.js", import.meta.url));
  const exec = promisify(execFile);
  const runBin = (args: string[]) =>
    exec(process.execPath, [bin, ...args]).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        stdout: e.stdout,
        stderr: e.stderr,
      }),
    );

  test("GitClub's compiled policy tests pass with full coverage", async () => {
    const mod = fileURLToPath(new URL("../../../../examples/gitclub/dist/policy-tests.js", import.meta.url));
    const r = await runBin(["test", mod, "--coverage", "--min-coverage", "100"]);
    expect(r.stdout).toMatch(/coverage: (\d+)\/\1 \(100\.0%\)\n28 passed, 0 failed\n$/);
    expect(r.code).toBe(0);
  });

  test("a module without { oso, cases }: exit status 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "oso-ts-test-"));
    const file = join(dir, "empty.mjs");
    writeFileSync(file, "export default { cases: [] };\n");
    const r = await runBin(["test", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("empty.mjs: the default export has no oso");
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { main } from "../cli.js";
import type { JsonDiagnostic } from "./json.js";

const fixture = (name: string) => fileURLToPath(new URL(`__fixtures__/${name}`, import.meta.url));
const ROLES = fixture("roles.polar");
const SETUP = fixture("setup-function.mjs");

/** Run the CLI in-process (reading real files). */
async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
  });
  return { code, stdout, stderr };
}

/** The roles fixture with `edit` applied, as a file of its own. */
function variant(edit: (text: string) => string): string {
  const file = join(mkdtempSync(join(tmpdir(), "oso-check-")), "policy.polar");
  writeFileSync(file, edit(readFileSync(ROLES, "utf8")));
  return file;
}

describe("oso-ts check --setup", () => {
  test("a policy that loads with the setup's classes: ok", async () => {
    expect(await run(["check", "--setup", SETUP, ROLES])).toEqual({
      code: 0,
      stdout: `${ROLES}: ok\n`,
      stderr: "",
    });
  });

  test("an unregistered class is an error, with a did-you-mean over the registered names", async () => {
    const file = variant((t) => t.replace("resource Page", "resource Pag"));
    // without the application's classes, any capitalised name may be one
    expect((await run(["check", file])).code).toBe(0);
    const r = await run(["check", "--setup", SETUP, file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file}:3:10: unregistered_class: Unregistered class: Pag\n`);
    expect(r.stdout).toContain("hint: Did you mean `Page`?");
  });

  test("the setup's class hierarchy is the real one: a Page is not an actor, an Admin is a User", async () => {
    const notActor = variant((t) => t.replace("has_role(user: User", "has_role(user: Page"));
    // --class cannot know how the classes relate, so it accepts what some hierarchy would
    expect((await run(["check", "--class", "User,Page", notActor])).code).toBe(0);
    const r = await run(["check", "--setup", SETUP, notActor]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "Rule specializer Page on parameter 1 must be a member of rule type specializer Actor",
    );
    const admin = variant(
      (t) => `${t}\nhas_role(admin: Admin, "admin", _page: Page) if admin.name = "root";\n`,
    );
    expect((await run(["check", "--setup", SETUP, admin])).code).toBe(0);
  });

  test("--setup with --class is a usage error", async () => {
    const r = await run(["check", "--setup", SETUP, "--class", "User", ROLES]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--class and --setup both name the classes");
  });

  test.each([
    ["is missing", "no/such/setup.mjs", /^oso-ts: --setup no\/such\/setup\.mjs: no such module\n$/],
    ["throws", fixture("setup-throws.mjs"), /importing it failed: database unreachable\n$/],
    ["exports no oso", fixture("setup-none.mjs"), /exports no `oso`: export an Oso/],
    ["exports a non-Oso", fixture("setup-not-oso.mjs"), /its `oso` is an object, not an Oso/],
  ])("a setup module that %s: a clear error, exit 2", async (_name, module, message) => {
    const r = await run(["check", "--setup", module, ROLES]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
  });

  test("--setup without a module is a usage error", async () => {
    const r = await run(["check", ROLES, "--setup"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--setup needs a module");
  });
});

describe("oso-ts check --format json", () => {
  test("every diagnostic as data, errors and warnings; exit status as in text", async () => {
    const file = variant((t) =>
      t.replace("resource Page", "resource Pag").concat("\nf(x, y) if x = 1 and y = 2 or x = 3;\n"),
    );
    const r = await run(["check", "--setup", SETUP, "--format", "json", file]);
    expect(r.code).toBe(1);
    const diagnostics = JSON.parse(r.stdout) as JsonDiagnostic[];
    expect(diagnostics).toEqual([
      {
        file,
        line: 3,
        column: 10,
        code: "unregistered_class",
        kind: "validation",
        message: "Unregistered class: Pag",
        hint: "Did you mean `Page`?",
        severity: "error",
      },
      expect.objectContaining({ line: 20, code: "ambiguous_precedence", severity: "warning" }),
    ]);
    // warnings alone: exit 0, each with its position
    const warned = variant((t) => `${t}\nf(x, y) if x = 1 and y = 2 or x = 3;\n`);
    const w = await run(["check", "--format=json", warned]);
    expect(w.code).toBe(0);
    expect(JSON.parse(w.stdout)).toEqual([
      expect.objectContaining({
        file: warned,
        line: 20,
        column: 12,
        code: "ambiguous_precedence",
        kind: "warning",
        hint: null,
        severity: "warning",
      }),
    ]);
  });

  test("a clean file is an empty array; a parse error has its kind", async () => {
    expect(await run(["check", "--format", "json", ROLES])).toEqual({ code: 0, stdout: "[]\n", stderr: "" });
    const bad = variant(() => "allow(x) if\n  x = 1 @ 2;\n");
    const r = await run(["check", "--format", "json", bad]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        file: bad,
        line: 2,
        column: 9,
        code: "invalid_token_character",
        kind: "parse",
        message: "'@' is not a valid character",
        hint: null,
        severity: "error",
      },
    ]);
  });

  test("a diagnostic about no place in a file has null positions", async () => {
    const r = await run(["check", "--format", "json", ROLES, ROLES]);
    expect(r.code).toBe(1);
    const [d] = JSON.parse(r.stdout) as JsonDiagnostic[];
    expect(d).toMatchObject({ code: "file_loading", severity: "error" });
    expect(d?.line === null || typeof d?.line === "number").toBe(true);
  });

  test("an unknown format is a usage error", async () => {
    const r = await run(["check", "--format", "xml", ROLES]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--format is text or json, got 'xml'");
  });
});

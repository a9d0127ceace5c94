/**
 * The cross-package tests are type-checked too: `tsc -b` builds only the packages and
 * examples, and vitest's own type check covers test/adapters (with its tsconfig), so every
 * other file under test/ (the differential tests, the README's helpers, the API and
 * benchmark tests) is checked here, with test/tsconfig.json, as `tsc -p test` would.
 */
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const TSCONFIG = fileURLToPath(new URL("./tsconfig.json", import.meta.url));

/** `file:line:column: message` for a diagnostic (`message` alone when it has no position). */
function format(d: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  if (d.file === undefined || d.start === undefined) return message;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${d.file.fileName}:${line + 1}:${character + 1}: ${message}`;
}

/** The files test/tsconfig.json names, and every type error in them (and in what they import). */
function check(): { files: string[]; errors: string[] } {
  const read = ts.readConfigFile(TSCONFIG, (path) => ts.sys.readFile(path));
  if (read.error !== undefined) return { files: [], errors: [format(read.error)] };
  const parsed = ts.parseJsonConfigFileContent(
    read.config,
    ts.sys,
    fileURLToPath(new URL(".", import.meta.url)),
  );
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)];
  return { files: parsed.fileNames, errors: diagnostics.map(format) };
}

describe("test/tsconfig.json", () => {
  it("type-checks every test file outside test/adapters without an error", { timeout: 120_000 }, () => {
    const { files, errors } = check();
    const under = (dir: string) => files.some((f) => f.includes(`/test/${dir}/`));
    // the differential tests (with their cases), the README's helpers, the API and benchmark tests
    expect(["differential", "differential/cases", "readme", "api", "bench"].filter((d) => !under(d))).toEqual(
      [],
    );
    expect(files.some((f) => f.includes("/test/adapters/") || f.includes("/.generated/"))).toBe(false);
    expect(errors).toEqual([]);
  });
});

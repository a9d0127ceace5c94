/**
 * GitClub's routes are typed by its policy: the example type-checks as it is, and once one
 * route's `authorize("read", ...)` becomes `authorize("raed", ...)` it does not. Checked with
 * the TypeScript compiler on the example's sources, the one route file replaced in memory.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, test } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ROUTES = fileURLToPath(new URL("./routes/", import.meta.url));

/** The example's compiler options, reading the workspace packages from their sources. */
function options(): { rootNames: string[]; options: ts.CompilerOptions } {
  const config = ts.readConfigFile(`${ROOT}tsconfig.json`, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  return {
    rootNames: parsed.fileNames,
    options: {
      ...parsed.options,
      noEmit: true,
      composite: false,
      incremental: false,
      declaration: false,
      declarationMap: false,
      rootDir: undefined,
      tsBuildInfoFile: undefined,
      customConditions: ["@oso-ts/source"],
    },
  };
}

/** `file:line: message` of every diagnostic of a program. */
function errorsOf(program: ts.Program): string[] {
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (d.file === undefined || d.start === undefined) return message;
    return `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ${message}`;
  });
}

describe("GitClub's typed routes", () => {
  test('a route\'s authorize("read") misspelt "raed" fails to compile', { timeout: 120_000 }, () => {
    const { rootNames, options: compilerOptions } = options();
    const baseline = ts.createProgram({ rootNames, options: compilerOptions });
    expect(errorsOf(baseline)).toEqual([]);

    const file = readdirSync(ROUTES)
      .map((name) => ROUTES + name)
      .find((path) => readFileSync(path, "utf8").includes('authorize("read"'));
    expect(file).toBeDefined();
    const typo = readFileSync(file!, "utf8").replace('authorize("read"', 'authorize("raed"');
    const host = ts.createCompilerHost(compilerOptions);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, language, ...rest) =>
      ts.sys.resolvePath(name) === ts.sys.resolvePath(file!)
        ? ts.createSourceFile(name, typo, language)
        : getSourceFile(name, language, ...rest);
    const broken = ts.createProgram({ rootNames, options: compilerOptions, host, oldProgram: baseline });
    const errors = errorsOf(broken);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(file!);
    expect(errors[0]).toContain(`Argument of type '"raed"' is not assignable`);
  });
});

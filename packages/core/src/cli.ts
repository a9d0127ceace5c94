/**
 * The `oso-ts` command line: `oso-ts check <file.polar>...` reports parse errors and the
 * static checks of policy files, in a `file:line:column: code: message` format editors
 * understand (or as JSON); `oso-ts repl` runs queries (see `cli/repl.ts`).
 * @module
 */
import { readFileSync } from "node:fs";
import { formatError, formatWarning } from "./cli/format.js";
import { jsonDiagnostics } from "./cli/json.js";
import { REPL_USAGE, repl } from "./cli/repl.js";
import { loadSetup } from "./cli/setup.js";
import { TEST_USAGE, testCommand } from "./cli/test-command.js";
import { TYPES_USAGE, typesCommand } from "./cli/types-command.js";
import { type Diagnostics, diagnose } from "./diagnose/diagnose.js";
import { isPolarError } from "./errors.js";
import { Oso } from "./oso.js";
import type { ToolView } from "./polar.js";
import { makeSource, type Source } from "./source.js";
import { errorCount, isTooManyErrors } from "./syntax/error-list.js";

/** Where the CLI writes and how it reads files (tests pass their own). */
export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  readFile?(path: string): string;
}

const USAGE = `usage: oso-ts check [--class Name]... [--setup module] [--format text|json] <file.polar>...
       oso-ts repl [file.polar...] [--setup module] [--timeout ms]
       oso-ts test <module>... [--coverage] [--min-coverage P]
       oso-ts types <file.polar>... [--out file.ts] [--check]
       oso-ts --help | --version

check: checks Polar policy files without running them, as loading them would:
syntax, singleton variables, forbidden lookups, resource blocks, rule types, calls
to undefined rules, and for a policy that calls role_allow, the built-in roles'
resource(...) rules, as oso.enableRoles() checks them.

Without --class or --setup, names starting with an uppercase letter are taken to
be the application's classes. With --class (repeatable, or comma-separated), only
the names given and the built-in classes are, so \`_type: Pag\` for Page is
reported. With --setup, the classes and constants the module's Oso registered are
(the module exports an Oso as \`oso\` or default, or a function setup(oso) that
registers them).

--format json prints one JSON array of diagnostics, each
{file, line, column, code, kind, message, hint, severity}.

Exit status: 0 when no errors (warnings allowed), 1 on errors, 2 on bad usage or
an unusable setup module.

repl: runs queries typed one per line (oso-ts repl --help for more).

test: runs policy test modules, each exporting { oso, cases }; --coverage prints
the rules no case exercised.
`;

/** The help of one command, or of them all. */
function usageOf(command: string | undefined): string {
  switch (command) {
    case "check":
      return USAGE;
    case "repl":
      return REPL_USAGE;
    case "test":
      return TEST_USAGE;
    case "types":
      return TYPES_USAGE;
    default:
      return `${USAGE}\n${TYPES_USAGE}`;
  }
}

const defaultIo: CliIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
};

/** A class name as the policy writes it: a Polar identifier. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Run the CLI with `argv` (without the node and script paths).
 * @returns the exit status: 0 clean, 1 errors found, 2 bad usage; a Promise of it for the
 *   commands that import modules or read standard input (`repl`, `check --setup`).
 */
export function main(argv: readonly string[], io: CliIo = defaultIo): number | Promise<number> {
  // --help and --version win wherever they are, as in most tools (`oso-ts test --help`);
  // `oso-ts help <command>` is the same as `oso-ts <command> --help`
  if (argv.some((a) => a === "--help" || a === "-h") || argv[0] === "help") {
    io.stdout(usageOf(argv[0] === "help" ? argv[1] : argv[0]));
    return 0;
  }
  if (argv[0] === "test") return testCommand(argv.slice(1), io);
  if (argv.some((a) => a === "--version" || a === "-v")) {
    io.stdout(`oso-ts ${version()}\n`);
    return 0;
  }
  const [command, ...rest] = argv;
  if (command === undefined) return usageError(io, "no command given");
  if (command === "repl") return repl(rest, io);
  if (command === "types") return typesCommand(rest, io);
  if (command !== "check") return usageError(io, `unknown command '${command}'`);
  const files: string[] = [];
  let classes: Set<string> | undefined;
  let setup: string | undefined;
  let format: "text" | "json" = "text";
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === "--class" || arg.startsWith("--class=")) {
      const value = arg === "--class" ? rest[++i] : arg.slice("--class=".length);
      const names = value?.split(",") ?? [];
      if (value === undefined || names.some((n) => !IDENTIFIER.test(n))) {
        return usageError(
          io,
          `--class needs a class name (or names separated by commas), got ${value === undefined ? "nothing" : `'${value}'`}`,
        );
      }
      classes ??= new Set();
      for (const n of names) classes.add(n);
    } else if (arg === "--setup" || arg.startsWith("--setup=")) {
      const value = arg === "--setup" ? rest[++i] : arg.slice("--setup=".length);
      if (value === undefined || value === "") return usageError(io, "--setup needs a module");
      if (setup !== undefined) return usageError(io, "--setup given twice");
      setup = value;
    } else if (arg === "--format" || arg.startsWith("--format=")) {
      const value = arg === "--format" ? rest[++i] : arg.slice("--format=".length);
      if (value !== "text" && value !== "json") {
        return usageError(
          io,
          `--format is text or json, got ${value === undefined ? "nothing" : `'${value}'`}`,
        );
      }
      format = value;
    } else if (arg.startsWith("-")) {
      return usageError(io, `unknown option '${arg}'`);
    } else files.push(arg);
  }
  if (files.length === 0) return usageError(io, "no policy files given");
  if (setup !== undefined && classes !== undefined) {
    return usageError(io, "--class and --setup both name the classes: give one of them");
  }
  const read = io.readFile ?? ((path: string) => readFileSync(path, "utf8"));
  const sources: Source[] = [];
  for (const file of files) {
    if (!file.endsWith(".polar")) return usageError(io, `'${file}' is not a .polar file`);
    let text: string;
    try {
      text = read(file);
    } catch (e) {
      const reason = e instanceof Error && "code" in e ? String(e.code) : String(e);
      return usageError(io, `cannot read '${file}' (${reason})`);
    }
    sources.push(makeSource(text, file));
  }
  const print = (diagnostics: Diagnostics) =>
    format === "json" ? printJson(files, diagnostics, io) : printDiagnostics(sources, diagnostics, io);
  if (setup === undefined) return print(diagnose(sources, { classes }));
  return checkWithSetup(setup, sources, io).then((d) => (d === undefined ? 2 : print(d)));
}

/**
 * `check --setup`: the names the setup's `Oso` registered are the classes and constants,
 * and its class hierarchy is the one a load would see.
 * @returns `undefined` (after saying why) when the setup module is unusable.
 */
async function checkWithSetup(
  module: string,
  sources: readonly Source[],
  io: CliIo,
): Promise<Diagnostics | undefined> {
  let view: ToolView;
  try {
    view = (await loadSetup(module, () => new Oso())).oso.toolView();
  } catch (e) {
    if (!isPolarError(e)) throw e;
    io.stderr(`oso-ts: ${e.summary}\n`);
    return undefined;
  }
  return diagnose(sources, { classes: view.names, isSubclass: (a, b) => view.isSubclass(a, b) });
}

/** `--format json`: one JSON array of every diagnostic. */
function printJson(files: readonly string[], diagnostics: Diagnostics, io: CliIo): number {
  io.stdout(`${JSON.stringify(jsonDiagnostics(files, diagnostics), null, 2)}\n`);
  return diagnostics.errors.length > 0 ? 1 : 0;
}

/** The version of this package, from its package.json (beside both src/ and dist/). */
function version(): string {
  try {
    const json = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version?: unknown;
    };
    return typeof json.version === "string" ? json.version : "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * Print each file's diagnostics in source order with a summary line, then those that
 * point into no given file (about the policy as a whole, or into built-in text).
 * @returns the exit status: 1 when there is any error at all, else 0.
 */
export function printDiagnostics(sources: readonly Source[], diagnostics: Diagnostics, io: CliIo): number {
  const { errors, warnings } = diagnostics;
  for (const source of sources) {
    const fileErrors = errors.filter((e) => e.span?.source === source);
    const fileWarnings = warnings.filter((w) => w.span?.source === source);
    const all = [
      // "too many errors" goes last: its position is that of the first error it hides
      ...fileErrors.map((e) => ({
        at: isTooManyErrors(e) ? Number.MAX_SAFE_INTEGER : e.span!.start,
        text: formatError(e),
      })),
      ...fileWarnings.map((w) => ({ at: w.span!.start, text: formatWarning(w) })),
    ].sort((a, b) => a.at - b.at);
    for (const d of all) io.stdout(d.text);
    io.stdout(`${source.filename}: ${summary(errorCount(fileErrors), fileWarnings.length)}\n`);
  }
  const given = new Set<Source | undefined>(sources);
  for (const e of errors) if (!given.has(e.span?.source)) io.stdout(formatError(e));
  for (const w of warnings) if (!given.has(w.span?.source)) io.stdout(formatWarning(w));
  if (sources.length > 1) io.stdout(`total: ${summary(errorCount(errors), warnings.length)}\n`);
  return errors.length > 0 ? 1 : 0;
}

function usageError(io: CliIo, problem: string): number {
  io.stderr(`oso-ts: ${problem}\n${USAGE}`);
  return 2;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function summary(errors: number, warnings: number): string {
  if (errors === 0 && warnings === 0) return "ok";
  const parts = [plural(errors, "error")];
  if (warnings > 0) parts.push(plural(warnings, "warning"));
  return parts.join(", ");
}

/**
 * The `oso-ts` command line: `oso-ts check <file.polar>...` reports parse errors and the
 * static checks of policy files, in a `file:line:column: code: message` format editors
 * understand.
 * @module
 */
import { readFileSync } from "node:fs";
import { type Diagnostics, diagnose } from "./diagnose/diagnose.js";
import type { PolarError } from "./errors.js";
import { caretSnippet, makeSource, type Position, positionOf, type Source, type Span } from "./source.js";
import { errorCount, isTooManyErrors } from "./syntax/error-list.js";
import type { PolarWarning } from "./warnings.js";

/** Where the CLI writes and how it reads files (tests pass their own). */
export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  readFile?(path: string): string;
}

const USAGE = `usage: oso-ts check [--class Name]... <file.polar>...
       oso-ts --help | --version

Checks Polar policy files without running them, as loading them would: syntax,
singleton variables, forbidden lookups, resource blocks, rule types, calls to
undefined rules, and for a policy that calls role_allow, the built-in roles'
resource(...) rules, as oso.enableRoles() checks them.

Without --class, names starting with an uppercase letter are taken to be the
application's classes. With --class (repeatable, or comma-separated), only the
names given and the built-in classes are, so \`_type: Pag\` for Page is reported.

Exit status: 0 when no errors (warnings allowed), 1 on errors, 2 on bad usage.
`;

const defaultIo: CliIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
};

/** A class name as the policy writes it: a Polar identifier. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Run the CLI with `argv` (without the node and script paths).
 * @returns the exit status: 0 clean, 1 errors found, 2 bad usage.
 */
export function main(argv: readonly string[], io: CliIo = defaultIo): number {
  // --help and --version win wherever they are, as in most tools (`oso-ts check --help`)
  if (argv.some((a) => a === "--help" || a === "-h") || argv[0] === "help") {
    io.stdout(USAGE);
    return 0;
  }
  if (argv.some((a) => a === "--version" || a === "-v")) {
    io.stdout(`oso-ts ${version()}\n`);
    return 0;
  }
  const [command, ...rest] = argv;
  if (command === undefined) return usageError(io, "no command given");
  if (command !== "check") return usageError(io, `unknown command '${command}'`);
  const files: string[] = [];
  let classes: Set<string> | undefined;
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
    } else if (arg.startsWith("-")) {
      return usageError(io, `unknown option '${arg}'`);
    } else files.push(arg);
  }
  if (files.length === 0) return usageError(io, "no policy files given");
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

  return printDiagnostics(sources, diagnose(sources, { classes }), io);
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

/** `file:line:column: `, or nothing for a diagnostic that points nowhere. */
function location(span: Span | undefined, position: Position | undefined): string {
  if (!span || !position) return "";
  return `${span.source.filename ?? "<input>"}:${position.line}:${position.column}: `;
}

/** First line after the location, further lines indented, then the source line and a caret. */
function formatDiagnostic(prefix: string, summaryText: string, span: Span | undefined, at: string): string {
  const [first, ...rest] = summaryText.split("\n");
  const more = rest.map((l) => `  ${l}\n`).join("");
  const snippet = span ? `${caretSnippet(span, "  ")}\n` : "";
  return `${at}${prefix}${first}\n${more}${snippet}`;
}

function formatError(e: PolarError): string {
  const hint = e.hint ? `  hint: ${e.hint.replace(/\n/g, "\n        ")}\n` : "";
  // the error computed its line and column when it was made
  const position =
    e.line === undefined || e.column === undefined ? undefined : { line: e.line, column: e.column };
  return formatDiagnostic(`${e.code}: `, e.summary, e.span, location(e.span, position)) + hint;
}

function formatWarning(w: PolarWarning): string {
  const position = w.span && positionOf(w.span.source.text, w.span.start);
  return formatDiagnostic(`warning: ${w.code}: `, w.summary, w.span, location(w.span, position));
}

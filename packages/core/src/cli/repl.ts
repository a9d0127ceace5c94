/**
 * `oso-ts repl [file.polar...] [--setup module] [--timeout ms]`: type a query, see its
 * solutions. On a terminal it prompts and keeps a history; otherwise it reads queries line
 * by line and prints only their results (and errors, on standard error), so it can be
 * scripted: `printf 'x = 1 + 2\n' | oso-ts repl` prints `x = 3`.
 * @module
 */
import { createInterface } from "node:readline";
import { Expression, Variable } from "../engine/terms.js";
import { isPolarError, type PolarError } from "../errors.js";
import { Oso } from "../oso.js";
import type { ToolView } from "../polar.js";
import { positionOf } from "../source.js";
import type { Rule } from "../syntax/ast.js";
import { printTerm } from "../syntax/print.js";
import type { PolarWarning } from "../warnings.js";
import { formatError, formatWarning } from "./format.js";
import { loadSetup } from "./setup.js";

/** Where the REPL reads and writes (tests pass their own). */
export interface ReplIo {
  stdout(s: string): void;
  stderr(s: string): void;
  /** The lines typed: standard input by default. */
  input?: NodeJS.ReadableStream;
  /** Whether `input` is a terminal (then: a prompt and a history). */
  terminal?: boolean;
  /** Where a terminal's prompt and line editing are drawn: standard output by default. */
  output?: NodeJS.WritableStream;
}

/** Solutions printed per query; the rest are not computed. */
export const MAX_SOLUTIONS = 100;

export const REPL_USAGE = `usage: oso-ts repl [file.polar...] [--setup module] [--timeout ms]

Each line is a Polar query. Each solution prints its variables' values as
\`name = value\` lines (solutions apart by a blank line, at most ${MAX_SOLUTIONS}); a
query without variables prints true or false. A line starting with # is skipped.

  :explain query    why the query's first answer is true or false: each rule
                    tried, with file:line, and where it failed
  :rules            the loaded rules, with file:line
  :load file.polar  load a file, together with the files loaded before
  :help             this text
  :quit             leave (or end the input)

--setup module      an ES module that exports an Oso (\`oso\` or default), or a
                    function setup(oso) that registers the application's classes
--timeout ms        the query timeout of the Oso the REPL makes (default 30000)

When standard input is not a terminal, only results are printed, errors go to
standard error, and the exit status is 1 if any line failed.
`;

const defaultIo: ReplIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
};

/**
 * Run the REPL with `argv` (after `repl`).
 * @returns the exit status: 0, 1 when a line failed (without a terminal), 2 on bad usage
 *   or an unusable setup module.
 */
export async function repl(argv: readonly string[], io: ReplIo = defaultIo): Promise<number> {
  const files: string[] = [];
  let setup: string | undefined;
  let timeoutMs: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? arg.split(/=(.*)/s) : [arg, undefined];
    if (flag === "--setup" || flag === "--timeout") {
      const value = inline ?? argv[++i];
      if (value === undefined || value === "") return usage(io, `${flag} needs a value`);
      if (flag === "--setup") setup = value;
      else {
        timeoutMs = Number(value);
        if (!/^\d+$/.test(value)) return usage(io, `--timeout takes milliseconds, got '${value}'`);
      }
    } else if (arg.startsWith("-")) return usage(io, `unknown option '${arg}'`);
    else if (!arg.endsWith(".polar")) return usage(io, `'${arg}' is not a .polar file`);
    else files.push(arg);
  }

  // warnings go where errors go, formatted as `oso-ts check` prints them
  const onWarning = (w: PolarWarning) => io.stderr(formatWarning(w));
  const makeOso = () => new Oso(timeoutMs === undefined ? { onWarning } : { timeoutMs, onWarning });
  let oso: Oso;
  try {
    // a --timeout the Oso refuses (past the longest timer) is an invalid_argument from here
    const loaded = setup === undefined ? { oso: makeOso(), made: true } : await loadSetup(setup, makeOso);
    if (!loaded.made && timeoutMs !== undefined) {
      return usage(io, "--timeout applies to an Oso the REPL makes; set timeoutMs on the setup's oso");
    }
    oso = loaded.oso;
  } catch (e) {
    if (!isPolarError(e)) throw e;
    io.stderr(`oso-ts: ${e.summary}\n`);
    return 2;
  }

  const session = new Session(oso, io);
  try {
    await session.load(files);
  } catch (e) {
    io.stderr(message(e));
    return 2;
  }
  const terminal = io.terminal ?? process.stdin.isTTY === true;
  return session.run(io.input ?? process.stdin, terminal ? (io.output ?? process.stdout) : null);
}

function usage(io: ReplIo, problem: string): number {
  io.stderr(`oso-ts: ${problem}\n${REPL_USAGE}`);
  return 2;
}

/** An error as the REPL prints it: a Polar error with its caret and hint. */
function message(e: unknown): string {
  if (isPolarError(e)) return formatError(e as PolarError, e.span?.source.filename !== undefined);
  return `error: ${e instanceof Error ? e.message : String(e)}\n`;
}

/**
 * A variable's value: a term, or for a variable the solution left unbound, `<unbound>`
 * and the constraints on it (`<unbound> where x > 1`).
 */
function printBinding(value: unknown, view: ToolView): string {
  if (value instanceof Variable) return "<unbound>";
  // a constrained variable's Expression holds the constraints as text (see QueryRun)
  if (value instanceof Expression && value.args.every((a) => typeof a === "string")) {
    return `<unbound> where ${value.args.join(" and ")}`;
  }
  return view.print(value);
}

/** A rule's head as written: `resource(_type: Page, "page", actions, roles)`. */
function head(r: Rule): string {
  const params = r.params.map(({ parameter, specializer: s }) => {
    if (s === null) return printTerm(parameter);
    // the parser reads `x: Page` as the pattern `Page{}`
    const spec = s.kind === "instance-pattern" && s.fields.length === 0 ? s.tag : printTerm(s);
    return `${printTerm(parameter)}: ${spec}`;
  });
  return `${r.name}(${params.join(", ")})`;
}

/** The rules' files other than generated text, in load order. */
function policyFiles(view: ToolView): { files: string[]; fromStrings: boolean } {
  const files: string[] = [];
  let fromStrings = false;
  for (const r of view.rules) {
    const name = r.span.source.filename;
    if (name === undefined) fromStrings = true;
    else if (name.endsWith(".polar") && !files.includes(name)) files.push(name);
  }
  return { files, fromStrings };
}

/** One REPL: an `Oso` and the policy files loaded into it. */
class Session {
  /** Files to load again with a new one: Oso loads a policy all at once. */
  private files: string[];
  /** The setup's Oso came with rules loaded from strings, which cannot be loaded again. */
  private readonly fixed: boolean;
  private failed = false;

  constructor(
    private readonly oso: Oso,
    private readonly io: ReplIo,
  ) {
    const { files, fromStrings } = policyFiles(oso.toolView());
    this.files = files;
    this.fixed = fromStrings;
  }

  /** Load `more` files together with those already loaded; on an error, keep the previous policy. */
  async load(more: readonly string[]): Promise<void> {
    if (more.length === 0) return;
    if (this.fixed) {
      throw new Error(
        "the setup's oso has rules loaded with loadStr(), which cannot be loaded again with more files " +
          "(Oso loads a policy all at once): load them from files, or give the files to the REPL",
      );
    }
    const previous = this.files;
    const next = [...previous, ...more.filter((f) => !previous.includes(f))];
    this.oso.clearRules();
    try {
      await this.oso.loadFiles(next);
      this.files = next;
    } catch (e) {
      this.oso.clearRules();
      if (previous.length > 0) await this.oso.loadFiles(previous);
      throw e;
    }
  }

  /** Read lines until the input ends or `:quit`; `output` is the terminal's, or null without one. */
  async run(input: NodeJS.ReadableStream, output: NodeJS.WritableStream | null): Promise<number> {
    const terminal = output !== null;
    const rl = createInterface(
      terminal
        ? { input, output, terminal: true, historySize: 1000, prompt: "query> " }
        : { input, terminal: false },
    );
    // Ctrl-C leaves, as the end of input does (without a listener readline would only pause)
    rl.on("SIGINT", () => rl.close());
    if (terminal) {
      this.io.stdout("oso-ts repl: type a query, or :help\n");
      rl.prompt();
    }
    for await (const line of rl) {
      const quit = await this.line(line.trim());
      if (quit) break;
      if (terminal) rl.prompt();
    }
    rl.close();
    return this.failed && !terminal ? 1 : 0;
  }

  /** Run one line. @returns true to quit. */
  private async line(line: string): Promise<boolean> {
    if (line === "" || line.startsWith("#")) return false;
    try {
      if (!line.startsWith(":")) {
        await this.query(line);
        return false;
      }
      const [command = "", ...args] = line.slice(1).split(/\s+/);
      switch (command) {
        case "quit":
        case "exit":
        case "q":
          return true;
        case "help":
          this.io.stdout(REPL_USAGE);
          return false;
        case "explain": {
          const query = line.slice(1 + command.length).trim();
          if (query === "") throw new Error(':explain needs a query: :explain allow(user, "read", page)');
          const explanation = await this.oso.explainQuery(query.endsWith(";") ? query.slice(0, -1) : query);
          this.io.stdout(`${String(explanation)}\n`);
          return false;
        }
        case "rules":
          this.rules();
          return false;
        case "load":
          if (args.length === 0) throw new Error(":load needs a file: :load policy.polar");
          for (const f of args) if (!f.endsWith(".polar")) throw new Error(`'${f}' is not a .polar file`);
          await this.load(args);
          return false;
        default:
          throw new Error(`unknown command :${command} (:help lists them)`);
      }
    } catch (e) {
      this.failed = true;
      this.io.stderr(message(e));
      return false;
    }
  }

  /** Print each solution as it comes, so a query that fails or times out later still shows them. */
  private async query(text: string): Promise<void> {
    const view = this.oso.toolView();
    // `x = 1;` as in a policy
    const q = text.endsWith(";") ? text.slice(0, -1) : text;
    let count = 0;
    for await (const solution of this.oso.query(q, { acceptExpression: true })) {
      if (solution.size === 0) {
        this.io.stdout("true\n");
        return;
      }
      const lines = [...solution].map(([name, value]) => `${name} = ${printBinding(value, view)}\n`).join("");
      this.io.stdout(`${count > 0 ? "\n" : ""}${lines}`);
      if (++count === MAX_SOLUTIONS) {
        this.io.stdout(`\n(stopped after ${MAX_SOLUTIONS} solutions)\n`);
        return;
      }
    }
    if (count === 0) this.io.stdout("false\n");
  }

  private rules(): void {
    const rules = this.oso.toolView().rules.filter((r) => r.span.source.filename !== "<generated>");
    if (rules.length === 0) {
      this.io.stdout("no rules loaded\n");
      return;
    }
    const order = (name: string | undefined) => {
      const i = name === undefined ? -1 : this.files.indexOf(name);
      return i === -1 ? this.files.length : i;
    };
    const sorted = [...rules].sort(
      (a, b) => order(a.span.source.filename) - order(b.span.source.filename) || a.span.start - b.span.start,
    );
    for (const r of sorted) {
      const { filename = "<string>" } = r.span.source;
      const { line } = positionOf(r.span.source.text, r.span.start);
      this.io.stdout(`${filename}:${line}: ${head(r)}\n`);
    }
  }
}

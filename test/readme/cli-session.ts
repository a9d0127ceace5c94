/**
 * A shell session of `oso-ts` commands and their output, as the README shows it: each
 * command becomes the CLI's arguments and standard input.
 * @module
 */

/** One command of the session and the output the README shows for it. */
export interface CliCommand {
  /** The command as written, for messages. */
  readonly command: string;
  /** The arguments after `oso-ts`. */
  readonly argv: readonly string[];
  /** What `printf '...' |` pipes in, if anything. */
  readonly input?: string;
  readonly output: string;
}

/** Split a command line into words, with single and double quotes (no escapes: none needed). */
function words(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");
}

/**
 * Parse `[printf '...' |] [NAME=value...] npx oso-ts args...`. printf's format may use
 * `\n` and nothing else, so what it prints is known.
 */
function parseCommand(command: string): Omit<CliCommand, "output"> {
  const piped = /^printf '([^']*)' \| (.*)$/.exec(command);
  const rest = piped?.[2] ?? command;
  const format = piped?.[1];
  if (format !== undefined && /\\[^n]|%/.test(format))
    throw new Error(`printf escapes other than \\n: ${command}`);
  // environment assignments (`NODE_OPTIONS="--import tsx"`) set up the shell, not the CLI
  const [npx, name, ...argv] = words(rest.replace(/^(?:[A-Z_]+=(?:"[^"]*"|\S*) )+/, ""));
  if (npx !== "npx" || name !== "oso-ts") throw new Error(`not an npx oso-ts command: ${command}`);
  return {
    command,
    argv,
    ...(format === undefined ? {} : { input: format.replaceAll("\\n", "\n") }),
  };
}

/** The commands of a session: lines starting with `$ `, each followed by its output. */
export function parseCliSession(text: string): CliCommand[] {
  const commands: CliCommand[] = [];
  const lines = text.replace(/\n$/, "").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (!line.startsWith("$ ")) throw new Error(`expected a "$ " command line, found: ${line}`);
    const output: string[] = [];
    while (i + 1 < lines.length && !(lines[i + 1] ?? "").startsWith("$ ")) output.push(lines[++i] ?? "");
    commands.push({ ...parseCommand(line.slice(2)), output: output.map((l) => `${l}\n`).join("") });
  }
  return commands;
}

/**
 * A shell session of `curl` commands and their output, as the README shows it, turned into
 * requests and expected answers.
 * @module
 */
import { STATUS_CODES } from "node:http";

/** One request of the session and what the README says it answers. */
export interface Exchange {
  /** The command as written, for messages. */
  readonly command: string;
  readonly method: string;
  /** Origin of the URL (`http://localhost:4000`). */
  readonly origin: string;
  /** Path and query. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** With `curl -i`: the status line's code and reason phrase, and the headers shown. */
  readonly status?: { readonly code: number; readonly reason: string };
  readonly expectedHeaders: Readonly<Record<string, string>>;
  /** The body shown, or `undefined` when the output stops before it. */
  readonly body?: string;
}

/** Split a command line into words, with single and double quotes (no escapes: none needed). */
function words(command: string): string[] {
  const found = [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)];
  return found.map((m) => m[1] ?? m[2] ?? m[3] ?? "");
}

/** A header line `Name: value`. */
function header(text: string): [string, string] {
  const colon = text.indexOf(":");
  if (colon < 1) throw new Error(`not a header: ${text}`);
  return [text.slice(0, colon).trim().toLowerCase(), text.slice(colon + 1).trim()];
}

function parseCommand(
  command: string,
): Pick<Exchange, "method" | "origin" | "path" | "headers"> & { include: boolean } {
  const [program, ...args] = words(command);
  if (program !== "curl") throw new Error(`only curl commands are replayed: ${command}`);
  let method = "GET";
  let include = false;
  let url: URL | undefined;
  const headers: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "-i") include = true;
    else if (arg === "-H") {
      const [name, value] = header(args[++i] ?? "");
      headers[name] = value;
    } else if (arg === "-X") method = args[++i] ?? "";
    else if (arg.startsWith("-")) throw new Error(`curl option ${arg} is not replayed: ${command}`);
    else url = new URL(arg);
  }
  if (url === undefined) throw new Error(`no URL: ${command}`);
  return { method, origin: url.origin, path: `${url.pathname}${url.search}`, headers, include };
}

/** The expected output of a `curl -i`: status line, headers shown, then (after a blank line) the body. */
function parseIncluded(
  output: readonly string[],
  command: string,
): Pick<Exchange, "status" | "expectedHeaders" | "body"> {
  const [statusLine = "", ...rest] = output;
  const match = /^HTTP\/1\.1 (\d{3}) (.+)$/.exec(statusLine);
  if (match === null) throw new Error(`no status line after: ${command}`);
  const code = Number(match[1]);
  const reason = match[2] ?? "";
  if (STATUS_CODES[code] !== reason)
    throw new Error(`"${statusLine}" is not HTTP's reason phrase for ${code}`);
  const blank = rest.indexOf("");
  const headerLines = blank === -1 ? rest : rest.slice(0, blank);
  return {
    status: { code, reason },
    expectedHeaders: Object.fromEntries(headerLines.map(header)),
    body: blank === -1 ? undefined : rest.slice(blank + 1).join("\n"),
  };
}

/** The exchanges of a session: lines starting with `$ ` are commands, the lines after them their output. */
export function parseSession(text: string): Exchange[] {
  const exchanges: Exchange[] = [];
  const lines = text.replace(/\n$/, "").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (!line.startsWith("$ ")) throw new Error(`expected a "$ " command line, found: ${line}`);
    const command = line.slice(2);
    const output: string[] = [];
    while (i + 1 < lines.length && !(lines[i + 1] ?? "").startsWith("$ ")) output.push(lines[++i] ?? "");
    const { include, ...request } = parseCommand(command);
    exchanges.push({
      command,
      ...request,
      ...(include ? parseIncluded(output, command) : { expectedHeaders: {}, body: output.join("\n") }),
    });
  }
  return exchanges;
}

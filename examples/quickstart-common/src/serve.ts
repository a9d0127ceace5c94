/**
 * Starting a quickstart server, as GitClub starts: the port from `PORT` (checked), and a
 * one-line message with exit code 1 instead of a stack trace when it cannot start (a bad
 * `PORT`, a port in use); the banner once it listens; Ctrl+C stops it with exit status 0.
 * @module
 */
import { createServer, type RequestListener, type Server } from "node:http";
import { banner } from "./banner.js";
import { stopOnSignals } from "./shutdown.js";

/**
 * The port in `value` (the `PORT` variable): a whole number from 0 (any free port) to
 * 65535; `fallback` when `value` is unset or blank.
 * @throws {Error} naming `PORT` and the value, for anything else.
 */
export function portFromEnv(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === "") return fallback;
  const port = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!(port <= 65535)) {
    throw new Error(`PORT must be a port number from 0 to 65535, not ${JSON.stringify(value)}`);
  }
  return port;
}

/** Options of {@link serve}. */
export interface ServeOptions {
  /** Shown in the banner: `Express`, `Koa`. */
  readonly framework: string;
  /** The port when `PORT` is unset. */
  readonly defaultPort: number;
  /** Where `PORT` is read (default: `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Listen on `PORT` and print the banner; SIGINT (Ctrl+C) and SIGTERM close the server and
 * exit with status 0 ({@link stopOnSignals}). Resolves to the listening server, or, when the
 * quickstart cannot start, to `undefined` after printing why and setting the exit code to 1.
 */
export async function serve(listener: RequestListener, options: ServeOptions): Promise<Server | undefined> {
  const fail = (err: unknown): undefined => {
    console.error(`The quickstart did not start: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
    return undefined;
  };
  let port: number;
  try {
    port = portFromEnv((options.env ?? process.env).PORT, options.defaultPort);
  } catch (err) {
    return fail(err);
  }
  const server = createServer(listener);
  return new Promise((resolve) => {
    const onError = (err: Error) => resolve(fail(err));
    server.once("error", onError);
    server.listen(port, () => {
      server.off("error", onError);
      stopOnSignals(server);
      console.log(banner(options.framework, server.address()));
      resolve(server);
    });
  });
}

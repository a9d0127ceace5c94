/**
 * Stopping a server on Ctrl+C (SIGINT) or SIGTERM: it closes, and the process exits with
 * status 0. Killed by the signal instead, node exits with 130, which `pnpm start` reports
 * as a failed script (`ELIFECYCLE`, `ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL`).
 * @module
 */
import type { Server } from "node:http";

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

/**
 * Close `server` and call `exit(0)` on the first SIGINT or SIGTERM. Later signals are
 * ignored while it closes: Ctrl+C under pnpm delivers SIGINT twice (from the terminal, and
 * forwarded by pnpm), and the second must not kill the process with status 130. The
 * handlers are removed when the server closes for any other reason.
 */
export function stopOnSignals(
  server: Server,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // connections in use (a request being answered, a stalled upload) would hold close() open
    server.closeAllConnections();
    server.close(() => exit(0));
  };
  for (const signal of SIGNALS) process.on(signal, stop);
  server.once("close", () => {
    if (!stopping) for (const signal of SIGNALS) process.off(signal, stop);
  });
}

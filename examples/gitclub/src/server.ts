/**
 * `node dist/server.js [--reset]`: GitClub on `PORT` (default 3000), its data in
 * `data/gitclub.sqlite` (or the SQLite file `GITCLUB_DB`, or the PostgreSQL database
 * `DATABASE_URL`), created and seeded on the first start, and again with `--reset` (SQLite
 * only). Ctrl+C stops it, with exit status 0.
 * @module
 */
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { stopOnSignals } from "@oso-ts/example-quickstart-common/shutdown";
import { startServer } from "./start.js";

const port = Number(process.env.PORT ?? 3000);
const databaseFile =
  process.env.GITCLUB_DB ?? fileURLToPath(new URL("../data/gitclub.sqlite", import.meta.url));

try {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== "--reset");
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown[0]} (the only one is --reset)`);
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const { server, banner } = await startServer({
    port,
    databaseFile,
    databaseUrl,
    ...(databaseUrl ? {} : { displayName: relative(process.cwd(), databaseFile) }),
    reset: args.includes("--reset"),
  });
  stopOnSignals(server);
  console.log(banner);
} catch (err) {
  console.error(`GitClub did not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}

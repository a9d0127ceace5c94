/**
 * `node dist/server.js`: GitClub on `PORT` (default 3000), its data in `data/gitclub.sqlite`
 * (or the SQLite file `GITCLUB_DB`, or the PostgreSQL database `DATABASE_URL`), created and
 * seeded on the first start.
 * @module
 */
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "./start.js";

const port = Number(process.env.PORT ?? 3000);
const databaseFile =
  process.env.GITCLUB_DB ?? fileURLToPath(new URL("../data/gitclub.sqlite", import.meta.url));

try {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const { banner } = await startServer({
    port,
    databaseFile,
    databaseUrl,
    ...(databaseUrl ? {} : { displayName: relative(process.cwd(), databaseFile) }),
  });
  console.log(banner);
} catch (err) {
  console.error(`GitClub did not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}

/**
 * `pnpm sizes`: the size of every publishable package as a user downloads it. Builds and
 * packs each package with pnpm (as `pnpm publish` would), then prints, per tarball: its
 * size (packed), the sum of its files' sizes (unpacked), and the part of that which is
 * JavaScript (`.js` files), types (`.d.ts`), source maps (`.map`) and TypeScript sources (`src/`).
 * @module
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packAll, readTarball } from "./tarballs.mjs";

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const destination = mkdtempSync(join(tmpdir(), "oso-ts-sizes-"));
try {
  const rows = packAll(destination).map((p) => {
    const files = [...readTarball(p.path)];
    const sum = (test) => files.filter(([path]) => test(path)).reduce((n, [, body]) => n + body.length, 0);
    return [
      p.name,
      files.length,
      kB(statSync(p.path).size),
      kB(sum(() => true)),
      kB(sum((f) => f.endsWith(".js"))),
      kB(sum((f) => f.endsWith(".d.ts"))),
      kB(sum((f) => f.endsWith(".map"))),
      kB(sum((f) => f.startsWith("src/"))),
    ];
  });
  const header = ["package", "files", "packed", "unpacked", "JS", "types", "maps", "sources"];
  for (const row of [header, header.map(() => "---"), ...rows]) console.log(`| ${row.join(" | ")} |`);
} finally {
  rmSync(destination, { recursive: true, force: true });
}

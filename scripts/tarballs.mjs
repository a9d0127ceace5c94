/**
 * The workspace's publishable packages as tarballs: every directory under packages/ whose
 * package.json is not private, packed by pnpm exactly as `pnpm publish` would pack it
 * (workspace: ranges rewritten, the root LICENSE added), and read back without a `tar`
 * command. Used by scripts/package-sizes.mjs and test/pack.
 * @module
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

/** The repository's root directory. */
export const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The pnpm every script and the CI use (fetched by npx when missing). */
export const PNPM = ["--yes", "--prefer-offline", "pnpm@12.4.2"];

/** The publishable packages: `{ name, version, dir, tarball }`, `tarball` being the file name pnpm gives it. */
export function publishablePackages() {
  const base = join(ROOT, "packages");
  return readdirSync(base, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(base, entry.name, "package.json")))
    .map((entry) => {
      const dir = join(base, entry.name);
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      return { manifest, dir };
    })
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ manifest, dir }) => ({
      name: manifest.name,
      version: manifest.version,
      dir,
      // pnpm's (and npm's) file name: @scope/name -> scope-name-version.tgz
      tarball: `${manifest.name.replace(/^@/, "").replace("/", "-")}-${manifest.version}.tgz`,
    }));
}

/**
 * Build the packages (`tsc -b`: pnpm pack runs no build) and pack each into `destination`.
 * Returns {@link publishablePackages}, with `path`: the tarball's full path.
 */
export function packAll(destination) {
  const packages = publishablePackages();
  execFileSync(
    process.execPath,
    [join(ROOT, "node_modules/typescript/bin/tsc"), "-b", ...packages.map((p) => p.dir)],
    {
      cwd: ROOT,
      stdio: "inherit",
    },
  );
  execFileSync("npx", [...PNPM, "--filter", "./packages/*", "pack", "--pack-destination", destination], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
  });
  return packages.map((p) => ({ ...p, path: join(destination, p.tarball) }));
}

/**
 * The files of a `.tgz` made by `npm pack` or `pnpm pack`, by path without the leading
 * `package/`. Reads the ustar format those tools write (regular files only; a pax header
 * would carry a long name, which none of our paths needs, so it is refused rather than misread).
 */
export function readTarball(file) {
  const data = gunzipSync(readFileSync(file));
  const files = new Map();
  let offset = 0;
  while (offset + 512 <= data.length) {
    const header = data.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break; // the end-of-archive blocks
    const field = (start, length) => header.toString("utf8", start, start + length).replace(/\0.*$/s, "");
    const name = field(0, 100);
    const prefix = field(345, 155);
    const size = Number.parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1);
    if (type === "x" || type === "g" || type === "L")
      throw new Error(`${file}: long names are not supported`);
    const path = prefix === "" ? name : `${prefix}/${name}`;
    const body = data.subarray(offset + 512, offset + 512 + size);
    if (type === "0" || type === "") files.set(path.replace(/^package\//, ""), Buffer.from(body));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

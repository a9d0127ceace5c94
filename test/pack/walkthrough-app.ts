/**
 * A user's app, made as the README tells a user to make it: a fresh directory outside the
 * workspace, the README's `npm` commands run in it (with the packages' tarballs in place of
 * their names, since they are not on the registry yet), and the walk-through's files written
 * into it.
 * @module
 */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Block } from "../readme/blocks.js";

const run = promisify(execFile);

/**
 * The environment for `npm` in the app: ours, without what `pnpm test` adds for its own
 * scripts (`npm_config_local_prefix` would make npm install into the workspace,
 * `npm_package_*` describe the workspace), but with the user's registry, cache, proxy and
 * certificate settings.
 */
export function userEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const keep =
    /^npm_config_(registry|cache|userconfig|globalconfig|cafile|strict_ssl|(https?_|no)?proxy|@.*:registry)$/i;
  return Object.fromEntries(
    Object.entries(env).filter(
      ([name]) =>
        !(/^(npm_|pnpm_)/i.test(name) && !keep.test(name)) && !/^(VITEST|NODE_ENV$|TEST$)/.test(name),
    ),
  );
}

/**
 * The `npm` commands of `text` (a `sh` block, or inline code), one per line, as argument
 * lists. Package names in `tarballs` become the tarball's path.
 * @throws {Error} for a line that is not an `npm` command: the README asks nothing else.
 */
export function npmCommands(text: string, tarballs: ReadonlyMap<string, string>): string[][] {
  return text
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line !== "")
    .map((line) => {
      const [program, ...args] = line.split(/\s+/);
      if (program !== "npm") throw new Error(`not an npm command: ${line}`);
      return args.map((arg) => tarballs.get(arg) ?? arg);
    });
}

/** Run one `npm` command in `dir`; an install is told to keep quiet about audits and funding. */
export async function npm(dir: string, args: readonly string[]): Promise<void> {
  const extra =
    args[0] === "install" ? ["--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"] : [];
  await run("npm", [...args, ...extra], { cwd: dir, env: userEnv(), maxBuffer: 16 * 1024 * 1024 });
}

/** Write every walk-through block that is a file (a name with an extension) into `dir`. */
export function writeBlocks(dir: string, blocks: ReadonlyMap<string, Block>): string[] {
  const names = [...blocks.keys()].filter((name) => /\.(ts|polar|json)$/.test(name));
  for (const name of names) writeFileSync(join(dir, name), blocks.get(name)?.text ?? "");
  return names;
}

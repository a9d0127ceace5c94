/**
 * What a user gets from the registry: every package under packages/ is built and packed as
 * `pnpm publish` packs it; each tarball is checked (LICENSE, no build state or tests, source
 * maps with their sources, no export pointing at a missing file) and linted by publint and
 * arethetypeswrong; then a fresh app outside the workspace installs the tarballs with the
 * README's own commands, type-checks the README's walk-through with the README's tsconfig,
 * runs `ask.ts` with tsx as the README says, and replays the README's curl session against
 * the Express and the Koa app. Needs the npm registry for express, koa, typescript and tsx:
 * without it, the app's tests are skipped with a message saying so.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packAll, ROOT, readTarball } from "../../scripts/tarballs.mjs";
import { walkthroughBlocks } from "../readme/blocks.js";
import { parseSession } from "../readme/session.js";
import { tarballProblems } from "./tarball-checks.js";
import { npm, npmCommands, userEnv, writeBlocks } from "./walkthrough-app.js";

const run = promisify(execFile);
const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const blocks = walkthroughBlocks(readme);
const session = parseSession(blocks.get("session")?.text ?? "");
const bin = (name: string) => join(ROOT, "node_modules/.bin", name);

const work = mkdtempSync(join(tmpdir(), "oso-ts-pack-"));
const tarballDir = join(work, "tarballs");
const app = join(work, "app");
let packed: ReturnType<typeof packAll> = [];

/** Why the app could not be installed because the registry is out of reach (undefined: it is in reach). */
let offline: string | undefined;
/** The packages the README's commands install from their tarballs (not every package: the walk-through's). */
let installed: ReturnType<typeof packAll> = [];

beforeAll(() => {
  packed = packAll(tarballDir);
}, 120_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("tarballProblems", () => {
  const good = () =>
    new Map<string, Buffer>([
      ["LICENSE", Buffer.from("Apache License\n Version 2.0, January 2004")],
      [
        "package.json",
        Buffer.from(JSON.stringify({ license: "Apache-2.0", exports: { ".": "./dist/a.js" } })),
      ],
      ["dist/a.js", Buffer.from("")],
      ["dist/a.js.map", Buffer.from(JSON.stringify({ sources: ["../src/a.ts"] }))],
      ["src/a.ts", Buffer.from("")],
    ]);

  it("finds nothing wrong with a complete tarball", () => {
    expect(tarballProblems(good())).toEqual([]);
  });

  it("names a missing LICENSE, build state, tests, a map's missing source and a missing export target", () => {
    const files = good();
    files.delete("LICENSE");
    files.delete("src/a.ts");
    files.delete("dist/a.js");
    files.set("dist/.tsbuildinfo", Buffer.from("{}"));
    files.set("src/a.test.ts", Buffer.from(""));
    expect(tarballProblems(files)).toEqual([
      "no LICENSE",
      "dist/.tsbuildinfo: TypeScript's build state is not for users",
      "src/a.test.ts: a test file",
      "dist/a.js.map: its source ../src/a.ts (src/a.ts) is not shipped",
      "package.json points at ./dist/a.js, which is not shipped",
    ]);
  });
});

describe("every package's tarball", () => {
  it("is made for every package under packages/", () => {
    expect(packed.map((p) => p.name)).toEqual(
      expect.arrayContaining(["@oso-ts/core", "@oso-ts/express", "@oso-ts/koa"]),
    );
  });

  it("holds the LICENSE, no build state, no tests, source maps with their sources, and every file its exports name", () => {
    for (const p of packed) expect(tarballProblems(readTarball(p.path)), p.name).toEqual([]);
  });

  it("is clean for publint (strict) and for arethetypeswrong (an ES-module-only package)", async () => {
    for (const p of packed) {
      const publint = await run(bin("publint"), ["run", p.path, "--strict"], { cwd: work });
      expect(publint.stdout, p.name).toContain("All good!");
      // attw exits non-zero on any problem; esm-only ignores the CommonJS resolutions we do not offer
      await expect(
        run(bin("attw"), [p.path, "--profile", "esm-only", "--format", "ascii"]),
        p.name,
      ).resolves.toBeDefined();
    }
  }, 120_000);
});

describe("the README's walk-through, in a fresh app with the tarballs installed", () => {
  beforeAll(async () => {
    // reachability first: an install without a registry retries for minutes before it fails
    try {
      await run("npm", ["view", "typescript@5.9.3", "version"], { env: userEnv(), timeout: 30_000 });
    } catch (err) {
      // only a network failure skips; any other (a 404, an auth error) fails the tests
      const { stderr = "", killed = false } = err as { stderr?: string; killed?: boolean };
      const network = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|ENETUNREACH|EHOSTUNREACH)\b/;
      if (!killed && !network.test(stderr)) throw err;
      offline = `the npm registry is out of reach (${killed ? "no answer in 30 s" : network.exec(stderr)?.[1]})`;
      console.warn(`test/pack: the walk-through app is skipped: ${offline}`);
      return;
    }
    const tarballs = new Map(packed.map((p) => [p.name, p.path]));
    const koaInstall = [
      ...readme.slice(readme.indexOf("### The same on Koa")).matchAll(/`(npm install [^`]*)`/g),
    ]
      .map((m) => m[1])
      .slice(0, 2)
      .join("\n");
    const commands = [
      ...npmCommands(blocks.get("install")?.text ?? "", tarballs),
      ...npmCommands(koaInstall, tarballs),
    ];
    installed = packed.filter((p) => commands.some((args) => args.includes(p.path)));
    mkdirSync(app, { recursive: true });
    for (const args of commands) await npm(app, args);
    writeBlocks(app, blocks);
  }, 240_000);

  it("installed the packages from the tarballs, with their LICENSE", (ctx) => {
    if (offline !== undefined) ctx.skip(offline);
    expect(installed.map((p) => p.name).sort()).toEqual(["@oso-ts/core", "@oso-ts/express", "@oso-ts/koa"]);
    for (const p of installed) {
      const dir = join(app, "node_modules", p.name);
      expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version).toBe(p.version);
      expect(readFileSync(join(dir, "LICENSE"), "utf8")).toContain("Apache License");
    }
  });

  it("type-checks with the README's tsconfig.json and TypeScript", async (ctx) => {
    if (offline !== undefined) ctx.skip(offline);
    const tsc = await run("npx", ["--no-install", "tsc"], { cwd: app, env: userEnv() }).catch(
      (err: { stdout?: string }) => ({ stdout: `${err.stdout ?? ""}${String(err)}` }),
    );
    expect(tsc.stdout).toBe("");
  }, 60_000);

  it("ask.ts prints what its comments say (npx tsx ask.ts)", async (ctx) => {
    if (offline !== undefined) ctx.skip(offline);
    const expected = [
      ...(blocks.get("ask.ts")?.text ?? "").matchAll(/console\.log\(.*\); \/\/ (true|false)\b/g),
    ].map((m) => m[1]);
    expect(expected).toHaveLength(4);
    const { stdout } = await run("npx", ["--no-install", "tsx", "ask.ts"], { cwd: app, env: userEnv() });
    expect(stdout.trim().split("\n")).toEqual(expected);
  }, 60_000);

  for (const [framework, file] of [
    ["Express", "app.ts"],
    ["Koa", "koa-app.ts"],
  ] as const)
    it(`answers the README's curl session on ${framework}`, async (ctx) => {
      if (offline !== undefined) ctx.skip(offline);
      const server = await listen(file);
      try {
        for (const exchange of session) {
          const res = await fetch(`${server.origin}${exchange.path}`, {
            method: exchange.method,
            headers: exchange.headers,
          });
          const body = await res.text();
          if (exchange.status !== undefined) {
            expect(res.status, exchange.command).toBe(exchange.status.code);
            expect(res.statusText, exchange.command).toBe(exchange.status.reason);
          } else {
            expect(res.status, exchange.command).toBeLessThan(400);
          }
          for (const [name, value] of Object.entries(exchange.expectedHeaders))
            expect(res.headers.get(name), exchange.command).toBe(value);
          if (exchange.body !== undefined) expect(body, exchange.command).toBe(exchange.body);
        }
      } finally {
        server.child.kill();
      }
    }, 60_000);
});

/**
 * Serve the walk-through's `file` (its exported `app`) on a free port, with tsx, in the app's
 * directory. (The README's server.ts listens on 4000, which another process may hold.) One
 * process, `node --import tsx`, so that killing it stops the server.
 */
async function listen(file: string): Promise<{ origin: string; child: ChildProcess }> {
  const driver = `serve-${file}`;
  writeFileSync(
    join(app, driver),
    [
      'import type { AddressInfo } from "node:net";',
      `import { app } from "./${file.replace(/\.ts$/, ".js")}";`,
      "const server = app.listen(0, () => console.log((server.address() as AddressInfo).port));",
      "",
    ].join("\n"),
  );
  const child = spawn(process.execPath, ["--import", "tsx", driver], {
    cwd: app,
    env: userEnv(),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      if (out.includes("\n")) resolve(out.trim());
    });
    child.once("exit", (code) => reject(new Error(`the ${file} server exited (${code}): ${out}`)));
  });
  return { origin: `http://127.0.0.1:${port}`, child };
}

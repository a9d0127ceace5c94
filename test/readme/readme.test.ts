/**
 * The README's five-minute walk-through, run as written: its blocks become files in
 * `.generated/`, which are type-checked, run (`ask.ts` must print what its comments say),
 * and serve the README's `curl` session, on Express and on Koa.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { STATUS_CODES } from "node:http";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { repl } from "../../packages/core/src/cli/repl.js";
import { main } from "../../packages/core/src/cli.js";
import { importedPackages, walkthroughBlocks } from "./blocks.js";
import { parseCliSession } from "./cli-session.js";
import { type Exchange, parseSession } from "./session.js";
import { typeErrors } from "./typecheck.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const readme = readFileSync(here("../../README.md"), "utf8");
const OUT = here("./.generated/");
const blocks = walkthroughBlocks(readme);

/** The walk-through's files, in the README's order, and the language of each block. */
const FILES = {
  "models.ts": "ts",
  "authorization.polar": "polar",
  "oso.ts": "ts",
  "ask.ts": "ts",
  "app.ts": "ts",
  "server.ts": "ts",
  "koa-app.ts": "ts",
  "koa-server.ts": "ts",
  "explain.ts": "ts",
  "policy-cases.ts": "ts",
} as const;
type FileName = keyof typeof FILES;

function block(name: string): string {
  const found = blocks.get(name);
  if (found === undefined) throw new Error(`the README has no <!-- walkthrough: ${name} --> block`);
  return found.text;
}

/** A module of the walk-through, imported from `.generated/`. */
async function load<T>(name: FileName): Promise<T> {
  return (await import(join(OUT, name))) as T;
}

const session = parseSession(block("session"));
const cwd = process.cwd();

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  for (const name of Object.keys(FILES)) writeFileSync(join(OUT, name), block(name));
  // oso.ts loads "authorization.polar" from the current directory, as a user's app would
  process.chdir(OUT);
});

afterAll(() => {
  process.chdir(cwd);
});

describe("the README's walk-through", () => {
  it("has its blocks, each in its language, and nothing else", () => {
    expect([...blocks.keys()].sort()).toEqual(
      [...Object.keys(FILES), "install", "tsconfig.json", "session", "explain-output", "cli-session"].sort(),
    );
    for (const [name, lang] of Object.entries(FILES)) expect(blocks.get(name)?.lang, name).toBe(lang);
    expect(blocks.get("install")?.lang).toBe("sh");
    // test/pack type-checks the walk-through with it, in an app with the packed packages
    expect(blocks.get("tsconfig.json")?.lang).toBe("json");
    expect(blocks.get("session")?.lang).toBe("console");
    expect(blocks.get("explain-output")?.lang).toBe("text");
    expect(blocks.get("cli-session")?.lang).toBe("console");
  });

  it("uses Oso's quickstart policy, byte for byte", () => {
    const fixture = readFileSync(here("../fixtures/quickstart-authorization.polar"), "utf8");
    expect(block("authorization.polar")).toBe(fixture);
  });

  it("installs every package the Express code imports, and the Koa section every package the Koa code imports", () => {
    const install = block("install");
    expect(install).toContain("npm install @oso-ts/core @oso-ts/express");
    const expressFiles: FileName[] = ["models.ts", "oso.ts", "ask.ts", "app.ts", "server.ts"];
    for (const name of expressFiles) {
      for (const pkg of importedPackages(block(name)))
        expect(install, `${name} imports ${pkg}`).toMatch(` ${pkg}`);
    }
    const koaInstall = /`(npm install [^`]*@oso-ts\/koa[^`]*)`/.exec(readme)?.[1] ?? "";
    for (const pkg of importedPackages(block("koa-app.ts")))
      expect(koaInstall, `koa-app.ts imports ${pkg}`).toMatch(` ${pkg}`);
  });

  it("type-checks, in strict mode (and so does this test)", () => {
    const ts = Object.keys(FILES).filter((name) => name.endsWith(".ts"));
    const ours = readdirSync(here(".")).filter((name) => name.endsWith(".ts"));
    expect(typeErrors([...ts.map((name) => join(OUT, name)), ...ours.map((name) => here(name))])).toEqual([]);
  });

  it("ask.ts prints what its comments say", async () => {
    const expected = [...block("ask.ts").matchAll(/console\.log\(.*\); \/\/ (true|false)\b/g)].map(
      (m) => m[1] === "true",
    );
    expect(expected).toHaveLength(4);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      await load("ask.ts");
      expect(log.mock.calls).toEqual(expected.map((answer) => [answer]));
    } finally {
      log.mockRestore();
    }
  });

  it("talks to the port server.ts and koa-server.ts listen on", () => {
    for (const name of ["server.ts", "koa-server.ts"] as const) {
      const port = /\.listen\((\d+),/.exec(block(name))?.[1];
      for (const exchange of session) expect(exchange.origin).toBe(`http://localhost:${port}`);
    }
  });
});

/** Replay one exchange of the session against `app` (an Express app or a Koa callback). */
async function replay(app: Parameters<typeof request>[0], exchange: Exchange): Promise<void> {
  const method = exchange.method.toLowerCase() as "get" | "put" | "post" | "delete";
  const res = await request(app)[method](exchange.path).set(exchange.headers);
  if (exchange.status !== undefined) {
    expect(res.status).toBe(exchange.status.code);
    expect(STATUS_CODES[res.status]).toBe(exchange.status.reason);
  } else {
    expect(res.status).toBeLessThan(400); // curl without -i shows no status: it must be a success
  }
  for (const [name, value] of Object.entries(exchange.expectedHeaders)) expect(res.headers[name]).toBe(value);
  if (exchange.body !== undefined) expect(res.text).toBe(exchange.body);
}

describe("the README's curl session", () => {
  it.each(session.map((e) => [e.command, e] as const))("on Express: %s", async (_command, exchange) => {
    const { app } = await load<typeof import("./.generated/app.js")>("app.ts");
    await replay(app, exchange);
  });

  it.each(session.map((e) => [e.command, e] as const))("on Koa: %s", async (_command, exchange) => {
    const { app } = await load<typeof import("./.generated/koa-app.js")>("koa-app.ts");
    await replay(app.callback(), exchange);
  });
});

describe("the README's debugging section", () => {
  it("explain.ts prints false, then the explanation shown", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      await load("explain.ts");
      expect(log.mock.calls).toEqual([[false], [block("explain-output").replace(/\n$/, "")]]);
    } finally {
      log.mockRestore();
    }
  });

  const commands = parseCliSession(block("cli-session"));
  it.each(commands.map((c) => [c.command, c] as const))("%s", async (_command, c) => {
    let stdout = "";
    let stderr = "";
    const io = {
      stdout: (s: string) => {
        stdout += s;
      },
      stderr: (s: string) => {
        stderr += s;
      },
    };
    const [command, ...args] = c.argv;
    // in-process: the setup module (oso.ts) is imported as the tests import TypeScript, which is what tsx does
    const code =
      command === "repl"
        ? await repl(args, { ...io, input: Readable.from([c.input ?? ""]), terminal: false })
        : await main(c.argv, io);
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: c.output, stderr: "" });
  });
});

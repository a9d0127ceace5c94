/**
 * Starting GitClub on a file: created and seeded the first time, reused afterwards.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SEED_USERS } from "./db/seed.js";
import { banner, startServer, withoutPassword } from "./start.js";

const dir = mkdtempSync(join(tmpdir(), "gitclub-"));
const file = join(dir, "data", "gitclub.sqlite");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stop = (server: Server) => new Promise((resolve) => server.close(resolve));

describe("startServer", () => {
  it("creates and seeds the database on the first start, and prints the URLs and tokens to try", async () => {
    const { server, url, banner } = await startServer({ port: 0, databaseFile: file });
    try {
      expect(existsSync(file)).toBe(true);
      expect(url).toMatch(/^http:\/\/localhost:\d+$/);
      expect(banner).toContain(`listening on ${url}`);
      expect(banner).toContain("(new: created and seeded)");
      for (const { name, token } of SEED_USERS)
        expect(banner).toMatch(new RegExp(`^  ${name} +${token} `, "m"));
      expect(banner).toContain(`curl -H "Authorization: Bearer gitclub-alice" ${url}/orgs\n`);

      const res = await fetch(`${url}/orgs`, { headers: { Authorization: "Bearer gitclub-alice" } });
      expect(res.status).toBe(200);
      const created = await fetch(`${url}/orgs/acme/repos`, {
        method: "POST",
        headers: { Authorization: "Bearer gitclub-bob", "Content-Type": "application/json" },
        body: JSON.stringify({ name: "dynamite" }),
      });
      expect(created.status).toBe(201);
    } finally {
      await stop(server);
    }
  });

  it("keeps the data of the last run on the next start", async () => {
    const { server, url, banner } = await startServer({
      port: 0,
      databaseFile: file,
      displayName: "gitclub.sqlite",
    });
    try {
      expect(banner).toContain("database: gitclub.sqlite\n");
      const res = await fetch(`${url}/orgs/acme/repos/dynamite`, {
        headers: { Authorization: "Bearer gitclub-bob" },
      });
      expect(res.status).toBe(200);
    } finally {
      await stop(server);
    }
  });

  it("with reset, deletes the database and seeds a new one (the demo's repository is gone)", async () => {
    const { server, url, banner } = await startServer({ port: 0, databaseFile: file, reset: true });
    try {
      expect(banner).toContain("(new: created and seeded)");
      const gone = await fetch(`${url}/orgs/acme/repos/dynamite`, {
        headers: { Authorization: "Bearer gitclub-bob" },
      });
      expect(gone.status).toBe(404);
      // so the banner's demo command creates it again
      const created = await fetch(`${url}/orgs/acme/repos`, {
        method: "POST",
        headers: { Authorization: "Bearer gitclub-bob", "Content-Type": "application/json" },
        body: JSON.stringify({ name: "dynamite" }),
      });
      expect(created.status).toBe(201);
    } finally {
      await stop(server);
    }
  });

  it("the banner says that its create command, run again, answers 409, and how to reset", () => {
    const text = banner("http://localhost:3000", "gitclub.sqlite");
    expect(text).toMatch(/run again: 409, the name is\n *# taken; start with --reset/);
    expect(text).toContain(`-d '{"name":"dynamite"}' http://localhost:3000/orgs/acme/repos`);
  });

  it("refuses a DATABASE_URL that is not PostgreSQL's, and --reset on one", async () => {
    await expect(
      startServer({
        port: 0,
        databaseFile: ":memory:",
        databaseUrl: "postgres://127.0.0.1:1/x",
        reset: true,
      }),
    ).rejects.toThrow(/--reset empties a SQLite file only/);
    await expect(
      startServer({ port: 0, databaseFile: ":memory:", databaseUrl: "mysql://root@localhost/gitclub" }),
    ).rejects.toThrow(/DATABASE_URL must be a postgres:\/\//);
  });

  it("prints a database URL without its password", () => {
    expect(withoutPassword("postgres://gitclub:s3cret@db.example:5432/gitclub")).toBe(
      "postgres://gitclub:***@db.example:5432/gitclub",
    );
    expect(withoutPassword("postgres://postgres@127.0.0.1:5432/test")).toBe(
      "postgres://postgres@127.0.0.1:5432/test",
    );
  });

  it("fails when the port is taken", async () => {
    const first = await startServer({ port: 0, databaseFile: ":memory:" });
    try {
      const port = Number(new URL(first.url).port);
      await expect(startServer({ port, databaseFile: ":memory:" })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await stop(first.server);
    }
  });
});

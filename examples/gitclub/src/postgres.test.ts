/**
 * GitClub on PostgreSQL (`DATABASE_URL`): PGlite always, and the server of `OSO_TS_PG_URL`
 * when it is set. The same requests go to a GitClub on SQLite, whose answers the other
 * tests pin down, and the PostgreSQL one must answer each exactly the same.
 */
import type { Express } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app.js";
import type { Database } from "./db/schema.js";
import { CALLERS, type Caller, type Method, newApp, send } from "./testing.js";
import { postgresTargets } from "./testing-postgres.js";

const LISTS = [
  "/orgs",
  "/repos",
  "/orgs/acme/repos",
  "/orgs/globex/repos",
  "/orgs/acme/repos/anvil/issues",
  "/orgs/acme/repos/rockets/issues",
  "/orgs/acme/repos/anvil/issues/1",
  "/orgs/globex",
  "/orgs/acme/members",
  "/repos?limit=1&offset=1",
  "/orgs/acme/repos/anvil/issues?limit=1",
];

/** A story of changes, each step checked by the requests after it. */
const STEPS: [Caller, Method, string, unknown?][] = [
  ["bob", "post", "/orgs/acme/repos", { name: "dynamite", description: "O'Reilly's \"100%\" \\ 😀" }],
  ["bob", "post", "/orgs/acme/repos", { name: "dynamite" }],
  ["carol", "post", "/orgs/acme/repos/rockets/issues", { title: "Brakes", body: "none" }],
  ["carol", "post", "/orgs/acme/repos/rockets/issues/2/close"],
  ["bob", "post", "/orgs/acme/repos/anvil/issues/1/close"],
  ["bob", "patch", "/orgs/acme/repos/anvil/issues/1", { title: "edited" }], // 403: a reader
  ["alice", "patch", "/orgs/acme", { description: "changed" }],
  ["alice", "delete", "/orgs/acme/repos/rockets"],
  ["dave", "delete", "/orgs/globex"],
  ["eve", "get", "/orgs/acme"],
];

async function answers(app: Express, requests: [Caller, Method, string, unknown?][]) {
  const out: { request: string; status: number; body: unknown }[] = [];
  for (const [caller, method, path, body] of requests) {
    const res = await send(app, caller, method, path, body);
    out.push({ request: `${caller} ${method} ${path}`, status: res.status, body: res.body });
  }
  return out;
}

const everyList = (): [Caller, Method, string][] =>
  LISTS.flatMap((path) => CALLERS.map((caller): [Caller, Method, string] => [caller, "get", path]));

for (const target of postgresTargets()) {
  describe(`GitClub on PostgreSQL [${target.name}]`, () => {
    let opened: Awaited<ReturnType<typeof target.open>>;
    let db: Database;
    let app: Express;
    let reference: Express;

    beforeAll(async () => {
      opened = await target.open();
      db = opened.db;
      app = await createApp({ db });
      reference = await newApp();
    }, 60_000);
    afterAll(async () => {
      await db?.close();
    });

    it("creates and seeds the database once", async () => {
      expect(opened.created).toBe(true);
      expect(await opened.reopen()).toBe(false);
      expect(await db.kysely.selectFrom("users").select("name").orderBy("id").execute()).toHaveLength(5);
    });

    it("answers every list and page as GitClub on SQLite does", async () => {
      const got = await answers(app, everyList());
      expect(got).toEqual(await answers(reference, everyList()));
      expect(
        got.filter((a) => a.status === 200 && Array.isArray(a.body) && a.body.length > 0).length,
      ).toBeGreaterThan(10);
    });

    it("makes the same changes, and lists them the same way afterwards", async () => {
      const got = await answers(app, STEPS);
      expect(got).toEqual(await answers(reference, STEPS));
      expect(got.map((a) => a.status)).toEqual([201, 409, 201, 200, 200, 403, 200, 204, 204, 404]);
      expect(await answers(app, everyList())).toEqual(await answers(reference, everyList()));
    });
  });
}

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Express } from "express";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app.js";
import { POLICY_FILE } from "./oso.js";

const A_PAGE = (n: number) => `<h1>A Page</h1><p>this is page ${n}</p>`;
const WRITTEN = (n: number) => `<h1>A Page</h1><p>you may write page ${n}</p>`;
const SORRY = "<h1>Sorry</h1><p>You are not allowed to see this page</p>";

// Who may do what, from the quickstart's policy and roles (admin implies user):
// alice: user of page 0, admin of page 1; bob: admin of page 2; carol: no role.
const TABLE: ReadonlyArray<readonly [user: string, page: number, read: boolean, write: boolean]> = [
  ["alice", 0, true, false],
  ["alice", 1, true, true],
  ["alice", 2, false, false],
  ["bob", 0, false, false],
  ["bob", 1, false, false],
  ["bob", 2, true, true],
  ["carol", 0, false, false],
  ["carol", 1, false, false],
  ["carol", 2, false, false],
];

let app: Express;
beforeAll(async () => {
  app = await createApp();
});

describe("the quickstart on Express", () => {
  it("loads the quickstart's policy byte for byte", () => {
    const fixture = fileURLToPath(
      new URL("../../../test/fixtures/quickstart-authorization.polar", import.meta.url),
    );
    expect(readFileSync(POLICY_FILE)).toEqual(readFileSync(fixture));
  });

  describe.each(TABLE)("%s on page %i", (user, page, read, write) => {
    it(`GET ${read ? "shows the page" : "answers Sorry (403)"}`, async () => {
      const res = await request(app).get(`/page/${page}`).set("X-User", user);
      expect(res.status).toBe(read ? 200 : 403);
      expect(res.type).toBe("text/html");
      expect(res.text).toBe(read ? A_PAGE(page) : SORRY);
    });

    it(`PUT ${write ? "is allowed" : "answers Sorry (403)"}`, async () => {
      const res = await request(app).put(`/page/${page}`).set("X-User", user);
      expect(res.status).toBe(write ? 200 : 403);
      expect(res.text).toBe(write ? WRITTEN(page) : SORRY);
    });
  });

  it.each(["3", "99", "01", "1.0", "-1", "x"])(
    "answers 404 for page %s, which does not exist",
    async (page) => {
      for (const method of ["get", "put"] as const) {
        const res = await request(app)[method](`/page/${page}`).set("X-User", "alice");
        expect(res.status).toBe(404);
        expect(res.text).toBe("<h1>Not Found</h1><p>There is no such page</p>");
      }
    },
  );

  it.each([
    ["no X-User header", undefined],
    ["an unknown user", "mallory"],
  ])("answers 401 for %s", async (_case, user) => {
    const req = request(app).get("/page/0");
    const res = await (user === undefined ? req : req.set("X-User", user));
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toBe('X-User realm="quickstart"');
    expect(res.text).toBe("<h1>Who are you?</h1><p>Say who you are with an X-User header</p>");
  });

  it("answers 404 for other paths, as Express does", async () => {
    const res = await request(app).get("/pages/0").set("X-User", "alice");
    expect(res.status).toBe(404);
  });
});

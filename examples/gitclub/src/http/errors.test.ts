import request from "supertest";
import { describe, expect, it } from "vitest";
import { newApp, send } from "../testing.js";
import { statusCode } from "./errors.js";

describe("client errors", () => {
  it("a malformed URL is the client's mistake: 400, not a 500", async () => {
    const app = await newApp();
    const res = await request(app).get("/orgs/%ZZ").set("Authorization", "Bearer gitclub-alice");
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe("Bad Request");
  });

  it("JSON that does not parse is refused before anyone is identified", async () => {
    const app = await newApp();
    const res = await request(app).post("/orgs/acme/repos").set("Content-Type", "application/json").send("{");
    expect(res.status).toBe(400);
  });
});

describe("error bodies have the denials' shape: { error: { status, code, message } }, compact", () => {
  /** A denial's body, as osoErrorHandler sends it: the shape every error body must have. */
  async function denial() {
    const res = await send(await newApp(), "bob", "delete", "/orgs/acme/repos/anvil");
    expect(res.status).toBe(403);
    return res;
  }

  it.each([
    [
      "a body the route cannot use: 400",
      "post",
      "/orgs/acme/repos",
      {},
      400,
      "bad_request",
      'Missing field "name"',
    ],
    [
      "a repository name already taken: 409",
      "post",
      "/orgs/acme/repos",
      { name: "anvil" },
      409,
      "conflict",
      "acme already has a repository named anvil",
    ],
    ["a path no route knows: 404", "get", "/nowhere", undefined, 404, "not_found", "Not Found"],
  ] as const)("%s", async (_title, method, path, body, status, code, message) => {
    const res = await send(await newApp(), "alice", method, path, body);
    const expected = { error: { status, code, message } };
    expect(res.status).toBe(status);
    expect(res.text).toBe(JSON.stringify(expected));
    const forbidden = await denial();
    expect(res.headers["content-type"]).toBe(forbidden.headers["content-type"]);
    expect(Object.keys(res.body.error)).toEqual(Object.keys(forbidden.body.error));
    expect(forbidden.text).toBe(JSON.stringify(forbidden.body)); // compact too
  });

  it("JSON that does not parse: 400 bad_request, without body-parser's own code", async () => {
    const res = await request(await newApp())
      .post("/orgs/acme/repos")
      .set("Content-Type", "application/json")
      .send("{");
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ status: 400, code: "bad_request" });
    expect(res.text).toBe(JSON.stringify(res.body));
  });

  it("statusCode spells a status as the denials do", () => {
    expect([400, 404, 409, 413, 500].map(statusCode)).toEqual([
      "bad_request",
      "not_found",
      "conflict",
      "payload_too_large",
      "internal_server_error",
    ]);
  });
});

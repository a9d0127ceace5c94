import request from "supertest";
import { describe, expect, it } from "vitest";
import { newApp } from "../testing.js";
import { bearerToken } from "./auth.js";

describe("bearerToken", () => {
  it.each([
    ["Bearer gitclub-alice", "gitclub-alice"],
    ["bearer gitclub-alice", "gitclub-alice"],
    ["BEARER  abc.DEF~_+/9==", "abc.DEF~_+/9=="],
    ["Bearer gitclub-alice ", "gitclub-alice"],
  ])("reads %j", (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([
    undefined,
    "",
    "Bearer",
    "Bearer ",
    "Basic Z2l0Y2x1Yi1hbGljZQ==",
    "Bearer a b",
    "Bearer a=b",
    "gitclub-alice",
  ])("finds no token in %j", (header) => {
    expect(bearerToken(header)).toBeUndefined();
  });
});

describe("signing in", () => {
  it.each([
    "Bearer nobody-has-this",
    "Basic Z2l0Y2x1Yi1hbGljZQ==",
    "gitclub-alice",
    "Bearer gitclub-alice gitclub-bob",
  ])("answers 401 with WWW-Authenticate to Authorization: %s", async (header) => {
    const res = await request(await newApp())
      .get("/orgs")
      .set("Authorization", header);
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toBe('Bearer realm="gitclub"');
  });

  it("takes the scheme in any case", async () => {
    const res = await request(await newApp())
      .get("/orgs")
      .set("Authorization", "bearer gitclub-dave");
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { name: "globex", description: "Widgets for world domination", url: "/orgs/globex" },
    ]);
  });
});

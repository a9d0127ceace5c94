import request from "supertest";
import { describe, expect, it } from "vitest";
import { newApp } from "../testing.js";

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

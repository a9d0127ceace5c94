import request from "supertest";
import { describe, expect, it } from "vitest";
import { newApp, send } from "../testing.js";

describe("a method a route does not take", () => {
  it.each([
    ["put", "/orgs/acme", "DELETE, GET, HEAD, PATCH"],
    ["delete", "/repos", "GET, HEAD"],
    ["patch", "/orgs/acme/repos", "GET, HEAD, POST"],
    ["get", "/orgs/acme/repos/anvil/issues/1/close", "POST"],
  ] as const)("%s %s: 405, Allow: %s", async (method, path, allow) => {
    const res = await request(await newApp())
      [method](path)
      .set("Authorization", "Bearer gitclub-alice");
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.text).toBe(
      JSON.stringify({ error: { status: 405, code: "method_not_allowed", message: "Method Not Allowed" } }),
    );
  });

  it("answers 405 before anyone is identified: the routes are public, in GET /", async () => {
    const res = await request(await newApp()).put("/orgs/acme");
    expect(res.status).toBe(405);
  });

  it("leaves a path no route has to the 404, and the routes' own methods to them", async () => {
    const app = await newApp();
    expect((await send(app, "alice", "delete", "/nowhere")).status).toBe(404);
    expect((await send(app, "alice", "get", "/orgs/acme")).status).toBe(200);
    expect((await send(app, "bob", "delete", "/orgs/acme")).status).toBe(403);
  });
});

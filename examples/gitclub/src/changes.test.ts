/**
 * What the write routes do once allowed: create, update, close and delete for real, and
 * reject bad input with a 400 (or 409) after the authorization check.
 */
import { describe, expect, it } from "vitest";
import { newApp, send } from "./testing.js";

describe("creating", () => {
  it("a repository: 201 with its location; its creator becomes its admin", async () => {
    const app = await newApp();
    const res = await send(app, "bob", "post", "/orgs/acme/repos", { name: "dynamite", description: "Boom" });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe("/orgs/acme/repos/dynamite");
    expect(res.body).toEqual({
      org: "acme",
      name: "dynamite",
      description: "Boom",
      url: "/orgs/acme/repos/dynamite",
    });
    // bob is only a member of acme, but admin of what he created: he may delete it, not anvil
    expect((await send(app, "bob", "get", "/orgs/acme/repos/dynamite")).body.actions).toEqual([
      "create_issue",
      "delete",
      "read",
      "update",
    ]);
    expect((await send(app, "bob", "delete", "/orgs/acme/repos/dynamite")).status).toBe(204);
    expect((await send(app, "bob", "delete", "/orgs/acme/repos/anvil")).status).toBe(403);
  });

  it("an issue: numbered after the last one ever opened, with its creator", async () => {
    const app = await newApp();
    await send(app, "alice", "delete", "/orgs/acme/repos/anvil/issues/2");
    const res = await send(app, "dave", "post", "/orgs/acme/repos/anvil/issues", {
      title: "Rust",
      body: "Orange",
    });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe("/orgs/acme/repos/anvil/issues/3");
    expect(res.body).toMatchObject({
      number: 3,
      title: "Rust",
      body: "Orange",
      closed: false,
      creator: "dave",
    });
    // dave created it, so dave may close it (but not edit it: he only reads anvil)
    expect((await send(app, "dave", "post", "/orgs/acme/repos/anvil/issues/3/close")).status).toBe(200);
    expect((await send(app, "dave", "patch", "/orgs/acme/repos/anvil/issues/3", { title: "x" })).status).toBe(
      403,
    );
  });

  it("a repository whose name is taken: 409", async () => {
    const res = await send(await newApp(), "alice", "post", "/orgs/acme/repos", { name: "anvil" });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe("acme already has a repository named anvil");
  });
});

describe("updating, closing, deleting", () => {
  it("an organization's description", async () => {
    const app = await newApp();
    const res = await send(app, "alice", "patch", "/orgs/acme", { description: "Anvils" });
    expect(res.body).toEqual({ name: "acme", description: "Anvils", url: "/orgs/acme" });
    expect((await send(app, "bob", "get", "/orgs/acme")).body.description).toBe("Anvils");
  });

  it("a repository's description", async () => {
    const app = await newApp();
    await send(app, "carol", "patch", "/orgs/acme/repos/rockets", { description: "Faster" });
    expect((await send(app, "bob", "get", "/orgs/acme/repos/rockets")).body.description).toBe("Faster");
  });

  it("an issue's title and body, one or both", async () => {
    const app = await newApp();
    await send(app, "alice", "patch", "/orgs/acme/repos/anvil/issues/1", { title: "Slow anvil" });
    await send(app, "alice", "patch", "/orgs/acme/repos/anvil/issues/1", { body: "Still slow" });
    const res = await send(app, "bob", "get", "/orgs/acme/repos/anvil/issues/1");
    expect(res.body).toMatchObject({ title: "Slow anvil", body: "Still slow", closed: false });
  });

  it("closing an issue (twice is fine)", async () => {
    const app = await newApp();
    for (let i = 0; i < 2; i++) {
      const res = await send(app, "bob", "post", "/orgs/acme/repos/anvil/issues/1/close");
      expect(res.status).toBe(200);
      expect(res.body.closed).toBe(true);
    }
  });

  it("deleting an organization deletes its repositories and issues", async () => {
    const app = await newApp();
    await send(app, "alice", "delete", "/orgs/acme");
    expect((await send(app, "alice", "get", "/orgs/acme")).status).toBe(404);
    expect((await send(app, "alice", "get", "/orgs/acme/repos/anvil")).status).toBe(404);
    expect((await send(app, "dave", "get", "/orgs/acme/repos/anvil/issues/1")).status).toBe(404);
  });

  it("deleting an issue", async () => {
    const app = await newApp();
    await send(app, "alice", "delete", "/orgs/acme/repos/rockets/issues/1");
    expect((await send(app, "carol", "get", "/orgs/acme/repos/rockets/issues/1")).status).toBe(404);
  });
});

describe("bad input: 400, but only for callers who may act", () => {
  const BAD: ReadonlyArray<readonly ["post" | "patch", string, unknown, string]> = [
    ["post", "/orgs/acme/repos", {}, 'Missing field "name"'],
    ["post", "/orgs/acme/repos", { name: "Big Anvil" }, 'Field "name" must be lowercase letters'],
    ["post", "/orgs/acme/repos", { name: 7 }, 'Field "name" must be a string'],
    ["post", "/orgs/acme/repos", { name: "x", owner: "bob" }, 'Unknown field "owner"'],
    ["post", "/orgs/acme/repos", ["x"], "The body must be a JSON object"],
    ["post", "/orgs/acme/repos", { name: "x".repeat(101) }, 'Field "name" is longer than 100 characters'],
    ["post", "/orgs/acme/repos/anvil/issues", { title: "  " }, 'Field "title" must not be blank'],
    ["post", "/orgs/acme/repos/anvil/issues", { body: "no title" }, 'Missing field "title"'],
    ["patch", "/orgs/acme/repos/anvil/issues/1", { title: "" }, 'Field "title" must not be blank'],
    ["patch", "/orgs/acme/repos/anvil/issues/1", { closed: true }, 'Unknown field "closed"'],
    ["patch", "/orgs/acme", {}, 'Missing field "description"'],
    ["patch", "/orgs/acme/repos/anvil", { description: null }, 'Field "description" must be a string'],
  ];

  it.each(BAD)("%s %s %j", async (method, path, body, message) => {
    const app = await newApp();
    const res = await send(app, "alice", method, path, body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
    // eve may not even see these: she learns nothing about the input
    expect((await send(app, "eve", method, path, body)).status).toBe(404);
  });

  it("a body that is not JSON", async () => {
    const res = await send(await newApp(), "alice", "post", "/orgs/acme/repos")
      .set("Content-Type", "application/json")
      .send("{name:");
    expect(res.status).toBe(400);
  });
});

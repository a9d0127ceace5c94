/**
 * Requests side by side on Express 5 and Koa 3: concurrent requests with different actors
 * (nothing bleeds between them), the anonymous actor, checks inside handlers, the typed
 * accessor.
 */
import { createServer, type Server } from "node:http";
import type { Oso } from "@oso-ts/core";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { makeOso } from "./fixtures.js";
import { HARNESSES } from "./harnesses.js";

/** [user, method, path, status] rows, interleaved and repeated. */
const MIX: readonly [string | undefined, "get" | "put", string, number][] = [
  ["alice", "get", "/pages/1", 200],
  ["bob", "get", "/pages/1", 404],
  ["carol", "put", "/pages/1", 200],
  ["dave", "put", "/pages/1", 200],
  ["bob", "put", "/pages/2", 403],
  [undefined, "get", "/pages/2", 401],
  ["alice", "put", "/param/pages/2", 200],
  ["bob", "get", "/param/pages/2", 200],
  ["dave", "put", "/param/pages/1", 200],
  ["bob", "put", "/param/pages/1", 404],
];

describe.each(HARNESSES)("requests on $name", (harness) => {
  let oso: Oso;
  let server: Server;
  let probe: ReturnType<typeof harness.build>["probe"];
  beforeAll(async () => {
    oso = await makeOso();
    const app = harness.build(oso);
    probe = app.probe;
    server = createServer(app.handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("200 concurrent requests with different actors: each gets its own answer", async () => {
    const runs = Array.from({ length: 20 }, () => MIX).flat();
    const handlerRunsBefore = probe.handlerRuns;
    const results = await Promise.all(
      runs.map(async ([user, method, path, status]) => {
        const req = request(server)[method](path);
        if (user) req.set("x-user", user);
        const res = await req;
        return { user, path, status, got: res.status, actor: res.body.actor, id: res.body.id };
      }),
    );
    for (const r of results) {
      expect(r.got, `${r.user} ${r.path}`).toBe(r.status);
      if (r.status === 200) {
        expect(r.actor, `${r.user} ${r.path}`).toBe(r.user);
        // the resource of this request, not of another one running at the same time
        expect(r.id, `${r.user} ${r.path}`).toBe(Number(r.path.split("/").pop()));
      }
    }
    expect(probe.handlerRuns - handlerRunsBefore).toBe(results.filter((r) => r.status === 200).length);
  });

  test("checks inside the handler, and authorizedActions for rendering", async () => {
    const alice = await request(server).get("/inside/pages/1").set("x-user", "alice").expect(200);
    expect(alice.body).toEqual({ id: 1, actions: ["read", "write"], route: "inside" });
    const bob = await request(server).get("/inside/pages/2").set("x-user", "bob").expect(200);
    expect(bob.body.actions).toEqual(["read"]);
  });

  test("the typed accessor", async () => {
    const res = await request(server).get("/accessor/pages/1").set("x-user", "carol").expect(200);
    expect(res.body).toEqual({ id: 1, actor: "carol", route: "accessor" });
  });
});

describe.each(HARNESSES)("the anonymous actor on $name", (harness) => {
  let oso: Oso;
  beforeAll(async () => {
    oso = await makeOso();
  });

  test.each([
    { what: "a guest reads a public page", method: "get", path: "/pages/2", status: 200, loaded: true },
    {
      what: "a guest may not read a private page",
      method: "get",
      path: "/pages/1",
      status: 404,
      loaded: true,
    },
    {
      what: "a guest may not write a public page",
      method: "put",
      path: "/pages/2",
      status: 403,
      loaded: true,
    },
    { what: "a guest may not create", method: "post", path: "/pages", status: 403, loaded: false },
  ] as const)("$what: $status", async (row) => {
    const { handler, probe } = harness.build(oso, { anonymous: true });
    const res = await request(handler)[row.method](row.path).expect(row.status);
    expect(probe.loaderCalls > 0).toBe(row.loaded);
    expect(probe.handlerRuns).toBe(row.status === 200 ? 1 : 0);
    if (row.status === 200) expect(res.body.actor).toBe("guest");
  });

  test("a logged-in user is still the actor", async () => {
    const { handler } = harness.build(oso, { anonymous: true });
    const res = await request(handler).get("/pages/1").set("x-user", "alice").expect(200);
    expect(res.body.actor).toBe("alice");
  });
});

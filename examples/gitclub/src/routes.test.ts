/**
 * Every route, as every caller: the status each one gets (the policy's answer, through
 * the adapter's 401/403/404).
 */
import { describe, expect, it } from "vitest";
import type { SeedUser } from "./db/seed.js";
import { CALLERS, type Method, newApp, send } from "./testing.js";

/** Statuses per seeded user; a caller without a valid token always gets 401. */
type Statuses = Readonly<Record<SeedUser, number>>;

const all = (status: number): Statuses => ({
  alice: status,
  bob: status,
  carol: status,
  dave: status,
  eve: status,
});

// Who holds what (seed): alice owns acme, bob is a member of acme, carol maintains
// acme/rockets, dave owns globex and reads acme/anvil, eve has no role. Owners of an org
// are admins of its repos, members readers. anvil#1 is bob's, anvil#2 alice's, rockets#1 carol's.
const ROUTES: ReadonlyArray<readonly [Method, string, unknown, Statuses]> = [
  // organizations
  ["get", "/orgs", undefined, all(200)],
  ["get", "/orgs/acme", undefined, { alice: 200, bob: 200, carol: 404, dave: 404, eve: 404 }],
  ["get", "/orgs/globex", undefined, { alice: 404, bob: 404, carol: 404, dave: 200, eve: 404 }],
  [
    "patch",
    "/orgs/acme",
    { description: "Anvils" },
    { alice: 200, bob: 403, carol: 404, dave: 404, eve: 404 },
  ],
  ["delete", "/orgs/acme", undefined, { alice: 204, bob: 403, carol: 404, dave: 404, eve: 404 }],
  ["delete", "/orgs/globex", undefined, { alice: 404, bob: 404, carol: 404, dave: 204, eve: 404 }],
  // repositories
  ["get", "/repos", undefined, all(200)],
  ["get", "/orgs/acme/repos", undefined, { alice: 200, bob: 200, carol: 404, dave: 404, eve: 404 }],
  ["get", "/orgs/globex/repos", undefined, { alice: 404, bob: 404, carol: 404, dave: 200, eve: 404 }],
  [
    "post",
    "/orgs/acme/repos",
    { name: "dynamite" },
    { alice: 201, bob: 201, carol: 404, dave: 404, eve: 404 },
  ],
  [
    "post",
    "/orgs/globex/repos",
    { name: "gadgets" },
    { alice: 404, bob: 404, carol: 404, dave: 201, eve: 404 },
  ],
  ["get", "/orgs/acme/repos/anvil", undefined, { alice: 200, bob: 200, carol: 404, dave: 200, eve: 404 }],
  ["get", "/orgs/acme/repos/rockets", undefined, { alice: 200, bob: 200, carol: 200, dave: 404, eve: 404 }],
  ["get", "/orgs/globex/repos/widgets", undefined, { alice: 404, bob: 404, carol: 404, dave: 200, eve: 404 }],
  [
    "patch",
    "/orgs/acme/repos/anvil",
    { description: "Heavier" },
    { alice: 200, bob: 403, carol: 404, dave: 403, eve: 404 },
  ],
  [
    "patch",
    "/orgs/acme/repos/rockets",
    { description: "Faster" },
    { alice: 200, bob: 403, carol: 200, dave: 404, eve: 404 },
  ],
  ["delete", "/orgs/acme/repos/anvil", undefined, { alice: 204, bob: 403, carol: 404, dave: 403, eve: 404 }],
  [
    "delete",
    "/orgs/acme/repos/rockets",
    undefined,
    { alice: 204, bob: 403, carol: 403, dave: 404, eve: 404 },
  ],
  [
    "delete",
    "/orgs/globex/repos/widgets",
    undefined,
    { alice: 404, bob: 404, carol: 404, dave: 204, eve: 404 },
  ],
  // issues
  [
    "get",
    "/orgs/acme/repos/anvil/issues",
    undefined,
    { alice: 200, bob: 200, carol: 404, dave: 200, eve: 404 },
  ],
  [
    "get",
    "/orgs/acme/repos/rockets/issues",
    undefined,
    { alice: 200, bob: 200, carol: 200, dave: 404, eve: 404 },
  ],
  [
    "post",
    "/orgs/acme/repos/anvil/issues",
    { title: "Too heavy" },
    { alice: 201, bob: 201, carol: 404, dave: 201, eve: 404 },
  ],
  [
    "post",
    "/orgs/acme/repos/rockets/issues",
    { title: "Too fast" },
    { alice: 201, bob: 201, carol: 201, dave: 404, eve: 404 },
  ],
  [
    "get",
    "/orgs/acme/repos/anvil/issues/1",
    undefined,
    { alice: 200, bob: 200, carol: 404, dave: 200, eve: 404 },
  ],
  [
    "get",
    "/orgs/acme/repos/rockets/issues/1",
    undefined,
    { alice: 200, bob: 200, carol: 200, dave: 404, eve: 404 },
  ],
  [
    "patch",
    "/orgs/acme/repos/anvil/issues/1",
    { title: "Anvil falls far too slowly" },
    { alice: 200, bob: 403, carol: 404, dave: 403, eve: 404 },
  ],
  [
    "patch",
    "/orgs/acme/repos/rockets/issues/1",
    { body: "Also to the right" },
    { alice: 200, bob: 403, carol: 200, dave: 404, eve: 404 },
  ],
  // the creator closes their own issue (bob: anvil#1), not someone else's (anvil#2)
  [
    "post",
    "/orgs/acme/repos/anvil/issues/1/close",
    undefined,
    { alice: 200, bob: 200, carol: 404, dave: 403, eve: 404 },
  ],
  [
    "post",
    "/orgs/acme/repos/anvil/issues/2/close",
    undefined,
    { alice: 200, bob: 403, carol: 404, dave: 403, eve: 404 },
  ],
  [
    "post",
    "/orgs/acme/repos/rockets/issues/1/close",
    undefined,
    { alice: 200, bob: 403, carol: 200, dave: 404, eve: 404 },
  ],
  [
    "delete",
    "/orgs/acme/repos/anvil/issues/1",
    undefined,
    { alice: 204, bob: 403, carol: 404, dave: 403, eve: 404 },
  ],
  [
    "delete",
    "/orgs/acme/repos/rockets/issues/1",
    undefined,
    { alice: 204, bob: 403, carol: 403, dave: 404, eve: 404 },
  ],
  // what does not exist is a 404 for everyone (and a 401 first without a token)
  ["get", "/orgs/initech", undefined, all(404)],
  ["patch", "/orgs/initech", { description: "x" }, all(404)],
  ["delete", "/orgs/initech", undefined, all(404)],
  ["get", "/orgs/initech/repos", undefined, all(404)],
  ["post", "/orgs/initech/repos", { name: "x" }, all(404)],
  ["get", "/orgs/globex/repos/anvil", undefined, all(404)],
  ["get", "/orgs/acme/repos/dynamite", undefined, all(404)],
  ["patch", "/orgs/acme/repos/dynamite", { description: "x" }, all(404)],
  ["delete", "/orgs/acme/repos/dynamite", undefined, all(404)],
  ["get", "/orgs/acme/repos/dynamite/issues", undefined, all(404)],
  ["post", "/orgs/acme/repos/dynamite/issues", { title: "x" }, all(404)],
  ["get", "/orgs/acme/repos/anvil/issues/3", undefined, all(404)],
  ["get", "/orgs/acme/repos/anvil/issues/0", undefined, all(404)],
  ["get", "/orgs/acme/repos/anvil/issues/01", undefined, all(404)],
  ["get", "/orgs/acme/repos/anvil/issues/one", undefined, all(404)],
  ["get", "/orgs/acme/repos/rockets/issues/2", undefined, all(404)],
  ["patch", "/orgs/acme/repos/anvil/issues/3", { title: "x" }, all(404)],
  ["post", "/orgs/acme/repos/anvil/issues/3/close", undefined, all(404)],
  ["delete", "/orgs/acme/repos/anvil/issues/3", undefined, all(404)],
];

const CODES: Readonly<Record<number, string>> = {
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
};

describe.each(ROUTES)("%s %s", (method, path, body, statuses) => {
  it.each(CALLERS)("as %s", async (caller) => {
    const expected = caller === "nobody" || caller === "stranger" ? 401 : statuses[caller];
    const res = await send(await newApp(), caller, method, path, body);
    expect(res.status).toBe(expected);
    const code = CODES[expected];
    if (code !== undefined)
      expect(res.body).toEqual({ error: { status: expected, code, message: expect.any(String) } });
    if (expected === 401) expect(res.headers["www-authenticate"]).toBe('Bearer realm="gitclub"');
  });
});

describe("routes without authorization", () => {
  it.each(CALLERS)("GET / tells %s where to start", async (caller) => {
    const res = await send(await newApp(), caller, "get", "/");
    expect(res.status).toBe(200);
    expect(res.body.authentication).toBe("Authorization: Bearer <token>");
  });

  it.each(CALLERS)("an unknown path is a 404 for %s", async (caller) => {
    const res = await send(await newApp(), caller, "get", "/projects");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });
});

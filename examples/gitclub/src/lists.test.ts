/**
 * The list routes show exactly what the caller may read, and nothing else.
 */
import { describe, expect, it } from "vitest";
import type { SeedUser } from "./db/seed.js";
import { newApp, send } from "./testing.js";

/** The names in a list answer (`org/repo` for repositories, `#n` for issues). */
function names(
  list: ReadonlyArray<{ org?: string; name?: string; repo?: string; number?: number }>,
): string[] {
  return list.map((x) =>
    x.number !== undefined ? `#${x.number}` : x.org ? `${x.org}/${x.name}` : String(x.name),
  );
}

const LISTS: ReadonlyArray<readonly [string, Partial<Record<SeedUser, readonly string[]>>]> = [
  ["/orgs", { alice: ["acme"], bob: ["acme"], carol: [], dave: ["globex"], eve: [] }],
  [
    "/repos",
    {
      alice: ["acme/anvil", "acme/rockets"],
      bob: ["acme/anvil", "acme/rockets"],
      carol: ["acme/rockets"],
      dave: ["acme/anvil", "globex/widgets"],
      eve: [],
    },
  ],
  ["/orgs/acme/repos", { alice: ["acme/anvil", "acme/rockets"], bob: ["acme/anvil", "acme/rockets"] }],
  ["/orgs/globex/repos", { dave: ["globex/widgets"] }],
  ["/orgs/acme/repos/anvil/issues", { alice: ["#1", "#2"], bob: ["#1", "#2"], dave: ["#1", "#2"] }],
  ["/orgs/acme/repos/rockets/issues", { alice: ["#1"], bob: ["#1"], carol: ["#1"] }],
];

describe.each(LISTS)("GET %s", (path, expected) => {
  it.each(Object.entries(expected))("as %s lists %j", async (caller, list) => {
    const res = await send(await newApp(), caller as SeedUser, "get", path);
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(list);
  });
});

describe("lists follow changes", () => {
  it("a repository bob creates in acme shows in his lists and alice's, not carol's", async () => {
    const app = await newApp();
    expect((await send(app, "bob", "post", "/orgs/acme/repos", { name: "dynamite" })).status).toBe(201);
    expect(names((await send(app, "bob", "get", "/repos")).body)).toEqual([
      "acme/anvil",
      "acme/dynamite",
      "acme/rockets",
    ]);
    expect(names((await send(app, "alice", "get", "/orgs/acme/repos")).body)).toContain("acme/dynamite");
    expect(names((await send(app, "carol", "get", "/repos")).body)).toEqual(["acme/rockets"]);
  });

  it("a deleted organization leaves its owner's lists, with its repositories", async () => {
    const app = await newApp();
    expect((await send(app, "dave", "delete", "/orgs/globex")).status).toBe(204);
    expect((await send(app, "dave", "get", "/orgs")).body).toEqual([]);
    expect(names((await send(app, "dave", "get", "/repos")).body)).toEqual(["acme/anvil"]);
  });

  it("a new issue is listed for every reader of its repository", async () => {
    const app = await newApp();
    await send(app, "dave", "post", "/orgs/acme/repos/anvil/issues", { title: "Rust" });
    for (const caller of ["alice", "bob", "dave"] as const) {
      expect(names((await send(app, caller, "get", "/orgs/acme/repos/anvil/issues")).body)).toEqual([
        "#1",
        "#2",
        "#3",
      ]);
    }
  });
});

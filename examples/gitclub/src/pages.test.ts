/**
 * The page of each resource (Accept: text/html) and the `actions` of its JSON: what the
 * caller may do, from `authorizedActions`.
 */
import { describe, expect, it } from "vitest";
import type { SeedUser } from "./db/seed.js";
import { newApp, send } from "./testing.js";
import { escapeHtml } from "./views/html.js";

const PAGES: ReadonlyArray<readonly [string, Partial<Record<SeedUser, readonly string[]>>]> = [
  ["/orgs/acme", { alice: ["create_repo", "delete", "read", "update"], bob: ["create_repo", "read"] }],
  [
    "/orgs/acme/repos/rockets",
    {
      alice: ["create_issue", "delete", "read", "update"],
      bob: ["create_issue", "read"],
      carol: ["create_issue", "read", "update"],
    },
  ],
  [
    "/orgs/acme/repos/anvil/issues/1",
    { alice: ["close", "delete", "read", "update"], bob: ["close", "read"], dave: ["read"] },
  ],
  ["/orgs/acme/repos/anvil/issues/2", { bob: ["read"], dave: ["read"] }],
];

/** The actions listed on a page, in page order. */
function listedActions(html: string): string[] {
  return [...html.matchAll(/<li><strong>([a-z_]+)<\/strong>/g)].map((m) => m[1] ?? "");
}

describe.each(PAGES)("%s", (path, expected) => {
  it.each(Object.entries(expected))("as %s: JSON actions %j", async (caller, actions) => {
    const res = await send(await newApp(), caller as SeedUser, "get", path);
    expect(res.type).toBe("application/json");
    expect(res.body.actions).toEqual(actions);
  });

  it.each(Object.entries(expected))("as %s: a page listing %j", async (caller, actions) => {
    const res = await send(await newApp(), caller as SeedUser, "get", path).set("Accept", "text/html");
    expect(res.status).toBe(200);
    expect(res.type).toBe("text/html");
    expect(listedActions(res.text).sort()).toEqual(actions);
    expect(res.text).toContain(`<footer>Signed in as ${caller}</footer>`);
  });
});

describe("pages", () => {
  it("show the resource and the request of each action", async () => {
    const res = await send(await newApp(), "bob", "get", "/orgs/acme/repos/anvil/issues/1").set(
      "Accept",
      "text/html",
    );
    expect(res.text).toContain("<h1>acme/anvil#1: Anvil falls too slowly</h1>");
    expect(res.text).toContain("Open, opened by bob");
    expect(res.text).toContain("<code>POST /orgs/acme/repos/anvil/issues/1/close</code>");
    expect(res.text).not.toContain("DELETE");
  });

  it("escape what users wrote", async () => {
    const app = await newApp();
    await send(app, "alice", "patch", "/orgs/acme", { description: '<script>alert("hi")</script>' });
    const res = await send(app, "alice", "get", "/orgs/acme").set("Accept", "text/html");
    expect(res.text).toContain("<p>&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt;</p>");
    expect(escapeHtml(`&'`)).toBe("&amp;&#39;");
  });

  it("denials are pages too, for a browser", async () => {
    const app = await newApp();
    const denied = await send(app, "bob", "delete", "/orgs/acme").set("Accept", "text/html");
    expect(denied.status).toBe(403);
    expect(denied.type).toBe("text/html");
    const hidden = await send(app, "eve", "get", "/orgs/acme").set("Accept", "text/html");
    expect(hidden.status).toBe(404);
    expect(hidden.type).toBe("text/html");
  });

  it("a client that takes neither JSON nor HTML gets 406", async () => {
    const res = await send(await newApp(), "alice", "get", "/orgs/acme").set("Accept", "image/png");
    expect(res.status).toBe(406);
  });
});

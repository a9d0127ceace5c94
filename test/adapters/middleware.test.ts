/**
 * `osoMiddleware()` on Express 5 and Koa 3: what it installs per request, lazily, and where
 * the check methods live: on each app's own `app.request` / `app.context`, installed by the
 * app's first request through the middleware, never on the prototype every app shares.
 */
import { Oso } from "@oso-ts/core";
import request from "supertest";
import { describe, expect, test } from "vitest";
import type { AppSpec, Driver } from "./driver.js";
import { DRIVERS } from "./drivers.js";

const METHODS = ["authorize", "authorizedActions", "authorizedQuery", "authorizedResources"];
const ownKeys = (o: object) => Reflect.ownKeys(o).map(String).sort();

/** `GET /?page=n` answers the check `authorize("read", { page: n })`. */
const readPage: NonNullable<AppSpec["routes"]>[number] = {
  path: "/",
  handler: (r) => r.checks.authorize("read", { page: Number(r.query.page) }),
};

/** An app whose requests are checked against `oso` for `actor`. */
function appFor(driver: Driver, oso: Oso, actor: string) {
  return driver.app({ middleware: { oso, actor: () => actor }, routes: [readPage], osoErrorHandler: true });
}

async function osoAllowing(policy: string): Promise<Oso> {
  const oso = new Oso();
  await oso.loadStr(policy);
  return oso;
}

describe.each(DRIVERS)("osoMiddleware() on $name", (driver) => {
  const r = driver.request;

  test(`installs ${r}.authorize and ${r}.authorizedActions; resolves no actor until asked`, async () => {
    let resolved = 0;
    const { handler } = driver.app({
      middleware: {
        oso: new Oso(),
        actor: () => {
          resolved++;
          return "alice";
        },
      },
      routes: [
        {
          path: "/",
          handler: (v) => ({
            authorize: typeof v.checks.authorize,
            authorizedActions: typeof v.checks.authorizedActions,
          }),
        },
      ],
    });
    await request(handler).get("/").expect(200, { authorize: "function", authorizedActions: "function" });
    expect(resolved).toBe(0);
  });

  test("the check methods are defined on the app's own object by its first request through the middleware, never on the shared prototype", async () => {
    const before = ownKeys(driver.sharedPrototype);
    const app = appFor(driver, await osoAllowing(`allow("alice", "read", _page);`), "alice");
    for (const name of METHODS) expect(name in app.methodHolder, name).toBe(false);
    await request(app.handler).get("/?page=1").expect(200, { page: 1 });
    for (const name of METHODS) {
      expect(Object.hasOwn(app.methodHolder, name), name).toBe(true);
      expect(name in driver.sharedPrototype, name).toBe(false);
    }
    expect(ownKeys(driver.sharedPrototype)).toEqual(before);
  });

  test("two apps share neither the methods nor the decisions", async () => {
    const a = appFor(driver, await osoAllowing(`allow("alice", "read", _page);`), "alice");
    const b = appFor(driver, await osoAllowing(`allow("bob", "read", page) if page.page = 2;`), "bob");
    const plain = driver.app({
      routes: [{ path: "/", handler: (v) => ({ authorize: typeof v.checks.authorize }) }],
    });
    await request(a.handler).get("/?page=1").expect(200, { page: 1 });
    // b has not run yet: a's first request installed nothing on it
    for (const name of METHODS) expect(name in b.methodHolder, name).toBe(false);
    await request(b.handler).get("/?page=1").expect(404);
    await request(b.handler).get("/?page=2").expect(200, { page: 2 });
    await request(a.handler).get("/?page=2").expect(200, { page: 2 });
    await request(plain.handler).get("/").expect(200, { authorize: "undefined" });
  });

  test("one middleware mounted in two apps installs on each", async () => {
    const oso = await osoAllowing(`allow("alice", "read", _page);`);
    const middleware = driver.middleware({ oso, actor: () => "alice" });
    const apps = [1, 2].map(() => driver.app({ middleware, routes: [readPage] }));
    for (const app of [...apps, ...apps]) await request(app.handler).get("/?page=3").expect(200, { page: 3 });
    for (const app of apps) expect(Object.hasOwn(app.methodHolder, "authorize")).toBe(true);
  });
});

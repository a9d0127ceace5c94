/**
 * The `explain` option on Express 5 and Koa 3: a 403 / 404 carries the decision's
 * explanation for the application's error path; the response body never does.
 */
import { Oso } from "@oso-ts/core";
import request from "supertest";
import { beforeAll, describe, expect, test } from "vitest";
import type { Driver } from "./driver.js";
import { DRIVERS } from "./drivers.js";

class User {
  constructor(readonly name: string) {}
}
class Doc {
  constructor(readonly owner: string) {}
}

let oso: Oso;
beforeAll(async () => {
  oso = new Oso();
  oso.registerClass(User);
  oso.registerClass(Doc);
  await oso.loadStr(
    'allow(user: User, "read", _doc: Doc) if user.name != "";\nallow(user: User, "write", doc: Doc) if doc.owner = user.name;',
    "docs.polar",
  );
});

/** `PUT /route` checks in `authorize()`, `PUT /handler` in the handler; the error path logs, then osoErrorHandler renders. */
function app(driver: Driver, explain: boolean | undefined) {
  const logged: unknown[] = [];
  const { handler } = driver.app({
    middleware: {
      oso,
      actor: (r) => new User(r.header("x-user") ?? ""),
      ...(explain === undefined ? {} : { explain }),
    },
    routes: [
      {
        method: "put",
        path: "/route",
        checks: [{ action: "write", loader: () => new Doc("alice") }],
        handler: () => ({ ok: true }),
      },
      {
        method: "put",
        path: "/handler",
        handler: async (r) => {
          await r.checks.authorize("write", new Doc("alice"));
          return { ok: true };
        },
      },
    ],
    observe: (e) => logged.push((e as { explanation?: unknown }).explanation),
    osoErrorHandler: true,
  });
  return { app: handler, logged };
}

describe.each(DRIVERS)("osoMiddleware({ explain: true }) on $name", (driver) => {
  test.each(["/route", "/handler"])(
    "a 403 from %s carries the explanation, the body does not",
    async (path) => {
      const { app: a, logged } = app(driver, true);
      const res = await request(a).put(path).set("x-user", "bob").expect(403);
      expect(res.text).not.toContain("docs.polar");
      expect(res.body).toEqual({ error: { status: 403, code: "forbidden", message: "Forbidden" } });
      const x = logged[0] as { allowed: boolean; toString(): string };
      expect(x.allowed).toBe(false);
      expect(String(x)).toContain('failed allow(user: User, "write", doc: Doc) at docs.polar:2');
      expect(String(x)).toContain("failed at `user.name (its value did not match)` (docs.polar:2:53)");
      expect(String(x)).toContain('doc.owner = "alice"');
    },
  );

  test("a 404 (may not even read) carries it too; an allow runs the handler", async () => {
    const { app: a, logged } = app(driver, true);
    await request(a).put("/route").set("x-user", "").expect(404);
    expect(String(logged[0])).toMatch(/: denied/);
    expect(String(logged[0])).toMatch(
      /^allow\(User \{ name: '' \}, "write", Doc \{ owner: 'alice' \}\): denied/,
    );
    await request(a).put("/route").set("x-user", "alice").expect(200, { ok: true });
  });

  test("off by default: no explanation", async () => {
    for (const explain of [undefined, false]) {
      const { app: a, logged } = app(driver, explain);
      await request(a).put("/route").set("x-user", "bob").expect(403);
      expect(logged).toEqual([undefined]);
    }
  });

  test("a bad value is refused at start-up", () => {
    expect(() => driver.middleware({ oso, actor: () => null, explain: "yes" as never })).toThrow(
      /`explain` must be true or false/,
    );
  });
});

/**
 * A host method that throws an error with an HTTP status during a decision, on Express 5 and
 * Koa 3: the app answers with that status (through osoErrorHandler or the framework's own
 * handling), not 500, and the application's error path sees the original as the cause.
 */
import { ForbiddenError, Oso } from "@oso-ts/core";
import request from "supertest";
import { beforeAll, describe, expect, test } from "vitest";
import type { Driver } from "./driver.js";
import { DRIVERS } from "./drivers.js";

class Doc {
  constructor(readonly error: unknown) {}
  check(): boolean {
    throw this.error;
  }
}

let oso: Oso;
beforeAll(async () => {
  oso = new Oso();
  oso.registerClass(Doc);
  await oso.loadStr(`allow(_actor, "read", doc: Doc) if doc.check();`);
});

const conflict = () => Object.assign(new Error("locked by another editor"), { status: 409, expose: true });

function app(driver: Driver, error: unknown, withHandler: boolean) {
  const seen: unknown[] = [];
  const { handler } = driver.app({
    middleware: { oso, actor: () => "alice" },
    routes: [
      {
        path: "/doc",
        checks: [{ action: "read", loader: () => new Doc(error) }],
        handler: () => ({ ok: true }),
      },
    ],
    observe: (err) => seen.push(err),
    osoErrorHandler: withHandler,
  });
  return { app: handler, seen };
}

describe.each(DRIVERS)("a status thrown by a host method, on $name", (driver) => {
  test.each([true, false])("a ForbiddenError: 403 (osoErrorHandler: %s)", async (withHandler) => {
    const original = new ForbiddenError();
    const { app: a, seen } = app(driver, original, withHandler);
    const res = await request(a).get("/doc").expect(403);
    if (withHandler) {
      // osoErrorHandler renders it as the denial
      expect(res.body).toEqual({ error: { status: 403, code: "forbidden", message: "Forbidden" } });
    }
    expect((seen[0] as { code: string; cause: unknown }).code).toBe("application_error");
    expect((seen[0] as { cause: unknown }).cause).toBe(original);
  });

  test.each([true, false])("an http-errors-like 409: 409 (osoErrorHandler: %s)", async (withHandler) => {
    const original = conflict();
    const { app: a, seen } = app(driver, original, withHandler);
    const res = await request(a).get("/doc").expect(409);
    // the wrapper's message quotes the policy: Koa's own handling never shows it (Express's
    // finalhandler shows every error's stack outside the "production" env, by design)
    if (driver.name === "koa") expect(res.text).toBe("Conflict");
    expect((seen[0] as { cause: unknown }).cause).toBe(original);
  });

  test("an error without a status: 500", async () => {
    const { app: a } = app(driver, new Error("db down"), true);
    await request(a).get("/doc").expect(500);
  });
});

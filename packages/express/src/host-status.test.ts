/**
 * A host method that throws an error with an HTTP status during a decision: Express answers
 * with that status (through osoErrorHandler or its own handler), not 500.
 */
import { ForbiddenError, Oso } from "@oso-ts/core";
import express, { type NextFunction, type Request, type Response } from "express";
import request from "supertest";
import { beforeAll, describe, expect, test } from "vitest";
import { authorize, osoErrorHandler, osoMiddleware } from "./index.js";

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

function app(error: unknown, withHandler: boolean) {
  const seen: unknown[] = [];
  const a = express();
  a.set("env", "test");
  a.use(osoMiddleware({ oso, actor: () => "alice" }));
  a.get(
    "/doc",
    authorize("read", () => new Doc(error)),
    (_req, res) => {
      res.json({ ok: true });
    },
  );
  a.use((err: unknown, _req: Request, _res: Response, next: NextFunction) => {
    seen.push(err);
    next(err);
  });
  if (withHandler) a.use(osoErrorHandler());
  return { app: a, seen };
}

describe("a status thrown by a host method, on Express", () => {
  test.each([true, false])("a ForbiddenError: 403 (osoErrorHandler: %s)", async (withHandler) => {
    const original = new ForbiddenError();
    const { app: a, seen } = app(original, withHandler);
    const res = await request(a).get("/doc").expect(403);
    if (withHandler) {
      expect(res.body).toEqual({ error: { status: 403, code: "forbidden", message: "Forbidden" } });
    }
    expect((seen[0] as { code: string; cause: unknown }).code).toBe("application_error");
    expect((seen[0] as { cause: unknown }).cause).toBe(original);
  });

  test.each([true, false])("an http-errors-like 409: 409 (osoErrorHandler: %s)", async (withHandler) => {
    const original = conflict();
    const { app: a, seen } = app(original, withHandler);
    await request(a).get("/doc").expect(409);
    expect((seen[0] as { cause: unknown }).cause).toBe(original);
  });

  test("an error without a status: 500", async () => {
    const { app: a } = app(new Error("db down"), true);
    await request(a).get("/doc").expect(500);
  });
});

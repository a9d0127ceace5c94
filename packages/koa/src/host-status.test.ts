/**
 * A host method that throws an error with an HTTP status during a decision: Koa answers
 * with that status (through osoErrorHandler or its own handling), not 500.
 */
import Router from "@koa/router";
import { ForbiddenError, Oso } from "@oso-ts/core";
import Koa from "koa";
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
  const a = new Koa();
  a.silent = true;
  a.use(async (_ctx, next) => {
    try {
      await next();
    } catch (e) {
      seen.push(e);
      throw e;
    }
  });
  if (withHandler) a.use(osoErrorHandler());
  a.use(osoMiddleware({ oso, actor: () => "alice" }));
  const router = new Router();
  router.get(
    "/doc",
    authorize("read", () => new Doc(error)),
    (ctx) => {
      ctx.body = { ok: true };
    },
  );
  a.use(router.routes());
  return { app: a.callback(), seen };
}

describe("a status thrown by a host method, on Koa", () => {
  test("a ForbiddenError: osoErrorHandler renders it as the denial", async () => {
    const { app: a } = app(new ForbiddenError(), true);
    const res = await request(a).get("/doc").expect(403);
    expect(res.body).toEqual({ error: { status: 403, code: "forbidden", message: "Forbidden" } });
  });

  test("a ForbiddenError without osoErrorHandler: 403, the original as the cause", async () => {
    const original = new ForbiddenError();
    const { app: a, seen } = app(original, false);
    await request(a).get("/doc").expect(403);
    expect((seen[0] as { code: string }).code).toBe("application_error");
    expect((seen[0] as { cause: unknown }).cause).toBe(original);
  });

  test.each([true, false])("an http-errors-like 409: 409 (osoErrorHandler: %s)", async (withHandler) => {
    const original = conflict();
    const { app: a, seen } = app(original, withHandler);
    const res = await request(a).get("/doc").expect(409);
    // the wrapper's message quotes the policy: never shown
    expect(res.text).toBe("Conflict");
    expect((seen[0] as { cause: unknown }).cause).toBe(original);
  });

  test("an error without a status: 500", async () => {
    const { app: a } = app(new Error("db down"), true);
    await request(a).get("/doc").expect(500);
  });
});

/**
 * The `explain` option on Koa: a 403 / 404 carries the decision's explanation for the
 * application's error path; the response body never does.
 */
import Router from "@koa/router";
import { Oso } from "@oso-ts/core";
import Koa from "koa";
import request from "supertest";
import { beforeAll, describe, expect, test } from "vitest";
import { authorize, osoErrorHandler, osoMiddleware } from "./index.js";

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

function app(explain: boolean | undefined) {
  const logged: unknown[] = [];
  const a = new Koa();
  a.silent = true;
  a.use(osoErrorHandler());
  // the application's error path logs, then rethrows for the renderer
  a.use(async (_ctx, next) => {
    try {
      await next();
    } catch (e) {
      logged.push((e as { explanation?: unknown }).explanation);
      throw e;
    }
  });
  a.use(
    osoMiddleware({
      oso,
      actor: (ctx) => new User(ctx.get("x-user")),
      ...(explain === undefined ? {} : { explain }),
    }),
  );
  const router = new Router();
  router.put(
    "/route",
    authorize("write", () => new Doc("alice")),
    (ctx) => {
      ctx.body = { ok: true };
    },
  );
  router.put("/handler", async (ctx) => {
    await ctx.authorize("write", new Doc("alice"));
    ctx.body = { ok: true };
  });
  a.use(router.routes());
  return { app: a.callback(), logged };
}

describe("osoMiddleware({ explain: true }) on Koa", () => {
  test.each(["/route", "/handler"])(
    "a 403 from %s carries the explanation, the body does not",
    async (path) => {
      const { app: a, logged } = app(true);
      const res = await request(a).put(path).set("x-user", "bob").expect(403);
      expect(res.text).not.toContain("docs.polar");
      expect(res.body).toEqual({ error: { status: 403, code: "forbidden", message: "Forbidden" } });
      const x = logged[0] as { allowed: boolean; toString(): string };
      expect(x.allowed).toBe(false);
      expect(String(x)).toContain('failed allow(user: User, "write", doc: Doc) at docs.polar:2');
    },
  );

  test("a 404 carries it too; an allow runs the handler", async () => {
    const { app: a, logged } = app(true);
    await request(a).put("/route").set("x-user", "").expect(404);
    expect(String(logged[0])).toMatch(/: denied/);
    await request(a).put("/route").set("x-user", "alice").expect(200, { ok: true });
  });

  test("off by default: no explanation", async () => {
    const { app: a, logged } = app(undefined);
    await request(a).put("/route").set("x-user", "bob").expect(403);
    expect(logged).toEqual([undefined]);
  });
});

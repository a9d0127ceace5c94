/**
 * `osoErrorHandler()` on Koa 3: what it renders and what it rethrows untouched.
 */
import { ForbiddenError, NotFoundError, UnauthorizedError } from "@oso-ts/core";
import Koa from "koa";
import request from "supertest";
import { describe, expect, test } from "vitest";
import { osoErrorHandler } from "./index.js";

function appThrowing(err: unknown, options?: Parameters<typeof osoErrorHandler>[0]) {
  const seen: unknown[] = [];
  const app = new Koa();
  app.silent = true;
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (e) {
      seen.push(e);
      ctx.status = 599;
      ctx.body = { passedOn: true };
    }
  });
  app.use(osoErrorHandler(options));
  app.use((ctx) => {
    if (ctx.path === "/streaming") {
      ctx.res.writeHead(200);
      ctx.res.write("partial");
    }
    throw err;
  });
  return { app: app.callback(), seen };
}

describe("osoErrorHandler() on Koa", () => {
  test("renders a denial: status, headers, JSON by default", async () => {
    const { app, seen } = appThrowing(new UnauthorizedError(undefined, { "WWW-Authenticate": "Basic" }));
    const res = await request(app).get("/").expect(401).expect("www-authenticate", "Basic");
    expect(res.body).toEqual({ error: { status: 401, code: "unauthenticated", message: "Unauthorized" } });
    expect(seen).toEqual([]);
  });

  test.each([
    ["application/json;q=0.1, text/plain", "text/plain"],
    ["text/plain, application/json;q=0.5", "text/plain"],
    ["image/png", "application/json"],
  ])("negotiates %s -> %s, varies on Accept, and drops the handler's headers", async (accept, type) => {
    const app = new Koa();
    app.use(osoErrorHandler());
    app.use((ctx) => {
      ctx.set({
        "Cache-Control": "public, max-age=86400",
        "Content-Disposition": "attachment",
        "X-Owner": "alice",
      });
      throw new NotFoundError();
    });
    const res = await request(app.callback()).get("/").set("Accept", accept).expect(404);
    expect(res.headers["content-type"]).toContain(type);
    expect(res.headers.vary).toContain("Accept");
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.headers["x-owner"]).toBeUndefined();
  });

  test("`message` shows the error's own text", async () => {
    const { app } = appThrowing(new ForbiddenError("pages are read-only today"), {
      message: (e) => e.message,
    });
    const res = await request(app).get("/").set("Accept", "text/html").expect(403);
    expect(res.text).toContain("<p>pages are read-only today</p>");
  });

  test.each([
    ["a plain error", new Error("boom")],
    ["an http error of another library", Object.assign(new Error("teapot"), { status: 418, expose: true })],
  ])("rethrows %s, untouched", async (_what, err) => {
    const { app, seen } = appThrowing(err);
    await request(app).get("/").expect(599);
    expect(seen).toEqual([err]);
  });

  test("rethrows a denial once the response has started", async () => {
    const err = new NotFoundError();
    const { app, seen } = appThrowing(err);
    await request(app)
      .get("/streaming")
      .catch(() => undefined);
    expect(seen).toEqual([err]);
  });
});

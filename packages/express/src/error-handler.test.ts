/**
 * `osoErrorHandler()` on Express 5: what it renders and what it leaves alone.
 */
import { ForbiddenError, NotFoundError, UnauthorizedError } from "@oso-ts/core";
import express, { type NextFunction, type Request, type Response } from "express";
import request from "supertest";
import { describe, expect, test } from "vitest";
import { osoErrorHandler } from "./index.js";

function appThrowing(err: unknown, options?: Parameters<typeof osoErrorHandler>[0]) {
  const seen: unknown[] = [];
  const app = express();
  app.set("env", "test");
  app.get("/", () => {
    throw err;
  });
  app.get("/streaming", (_req, res, next) => {
    res.status(200).write("partial");
    next(err);
  });
  app.use(osoErrorHandler(options));
  app.use((e: unknown, _req: Request, res: Response, next: NextFunction) => {
    seen.push(e);
    if (res.headersSent) return next(e);
    res.status(599).json({ passedOn: true });
  });
  return { app, seen };
}

describe("osoErrorHandler() on Express", () => {
  test("is error middleware (four parameters)", () => {
    expect(osoErrorHandler().length).toBe(4);
  });

  test("renders a denial: status, headers, JSON by default", async () => {
    const { app, seen } = appThrowing(new UnauthorizedError(undefined, { "WWW-Authenticate": "Basic" }));
    const res = await request(app).get("/").expect(401).expect("www-authenticate", "Basic");
    expect(res.body).toEqual({ error: { status: 401, code: "unauthenticated", message: "Unauthorized" } });
    expect(seen).toEqual([]);
  });

  test.each([
    ["application/json;q=0.1, text/plain", "text/plain"],
    ["text/html, application/json;q=0.5", "text/html"],
    ["image/png", "application/json"],
  ])(
    "negotiates %s -> %s, varies on Accept, and drops the handler's caching headers",
    async (accept, type) => {
      const app = express();
      app.get("/", (_req, res) => {
        res.set({ "Cache-Control": "public, max-age=86400", "Content-Disposition": "attachment" });
        throw new NotFoundError();
      });
      app.use(osoErrorHandler());
      const res = await request(app).get("/").set("Accept", accept).expect(404);
      expect(res.headers["content-type"]).toContain(type);
      expect(res.headers.vary).toContain("Accept");
      expect(res.headers["cache-control"]).toBe("no-store");
      expect(res.headers["content-disposition"]).toBeUndefined();
    },
  );

  test("`message` shows the error's own text", async () => {
    const { app } = appThrowing(new ForbiddenError("pages are read-only today"), {
      message: (e) => e.message,
    });
    const res = await request(app).get("/").set("Accept", "text/plain").expect(403);
    expect(res.text).toBe("pages are read-only today");
  });

  test.each([
    ["a plain error", new Error("boom")],
    ["an http error of another library", Object.assign(new Error("teapot"), { status: 418, expose: true })],
    ["a string", "boom"],
  ])("passes %s on, untouched", async (_what, err) => {
    const { app, seen } = appThrowing(err);
    await request(app).get("/").expect(599);
    expect(seen).toEqual([err]);
  });

  test("passes a denial on once the response has started", async () => {
    const err = new NotFoundError();
    const { app, seen } = appThrowing(err);
    await request(app)
      .get("/streaming")
      .catch(() => undefined);
    expect(seen).toEqual([err]);
  });
});

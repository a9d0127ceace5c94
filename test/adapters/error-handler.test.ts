/**
 * `osoErrorHandler()` on Express 5 and Koa 3: what it renders, and what it passes on
 * untouched to the application's next error handler.
 */
import { ForbiddenError, NotFoundError, UnauthorizedError } from "@oso-ts/core";
import type { RenderOptions } from "@oso-ts/core/http";
import request from "supertest";
import { describe, expect, test } from "vitest";
import type { Driver } from "./driver.js";
import { DRIVERS } from "./drivers.js";

/** `GET /` throws `err`; `GET /streaming` starts the response, then throws it. What osoErrorHandler passes on lands in `seen` (599). */
function appThrowing(driver: Driver, err: unknown, options: RenderOptions = {}) {
  const seen: unknown[] = [];
  const { handler } = driver.app({
    routes: [
      {
        path: "/",
        handler: () => {
          throw err;
        },
      },
      {
        path: "/streaming",
        handler: (r) => {
          r.response.writeHead(200);
          r.response.write("partial");
          throw err;
        },
      },
    ],
    osoErrorHandler: options,
    fallback: (e) => {
      seen.push(e);
      return { status: 599, body: { passedOn: true } };
    },
  });
  return { app: handler, seen };
}

describe.each(DRIVERS)("osoErrorHandler() on $name", (driver) => {
  test("renders a denial: status, headers, JSON by default", async () => {
    const { app, seen } = appThrowing(
      driver,
      new UnauthorizedError(undefined, { "WWW-Authenticate": "Basic" }),
    );
    const res = await request(app).get("/").expect(401).expect("www-authenticate", "Basic");
    expect(res.body).toEqual({ error: { status: 401, code: "unauthenticated", message: "Unauthorized" } });
    expect(seen).toEqual([]);
  });

  test.each([
    ["application/json;q=0.1, text/plain", "text/plain"],
    ["text/html, application/json;q=0.5", "text/html"],
    ["text/plain, application/json;q=0.5", "text/plain"],
    ["image/png", "application/json"],
  ])("negotiates %s -> %s, varies on Accept, and drops the handler's headers", async (accept, type) => {
    const { handler } = driver.app({
      routes: [
        {
          path: "/",
          handler: (r) => {
            r.response.setHeader("Cache-Control", "public, max-age=86400");
            r.response.setHeader("Content-Disposition", "attachment");
            r.response.setHeader("X-Owner", "alice");
            throw new NotFoundError();
          },
        },
      ],
      osoErrorHandler: true,
    });
    const res = await request(handler).get("/").set("Accept", accept).expect(404);
    expect(res.headers["content-type"]).toContain(type);
    expect(res.headers.vary).toContain("Accept");
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.headers["content-disposition"]).toBeUndefined();
    // Koa drops every header, as Koa's own error handling does; Express drops the stale ones only
    if (driver.name === "koa") expect(res.headers["x-owner"]).toBeUndefined();
    else expect(res.headers["x-owner"]).toBe("alice");
  });

  test("`message` shows the error's own text, as text", async () => {
    const { app } = appThrowing(driver, new ForbiddenError("pages are read-only today"), {
      message: (e) => e.message,
    });
    const res = await request(app).get("/").set("Accept", "text/plain").expect(403);
    expect(res.text).toBe("pages are read-only today");
  });

  test("`message` shows the error's own text, in HTML", async () => {
    const { app } = appThrowing(driver, new ForbiddenError("pages are read-only today"), {
      message: (e) => e.message,
    });
    const res = await request(app).get("/").set("Accept", "text/html").expect(403);
    expect(res.text).toContain("<p>pages are read-only today</p>");
  });

  test.each([
    ["a plain error", new Error("boom")],
    ["an http error of another library", Object.assign(new Error("teapot"), { status: 418, expose: true })],
    ["a string", "boom"],
  ])("passes %s on, untouched", async (_what, err) => {
    const { app, seen } = appThrowing(driver, err);
    await request(app).get("/").expect(599);
    expect(seen).toEqual([err]);
  });

  test("passes a denial on once the response has started", async () => {
    const err = new NotFoundError();
    const { app, seen } = appThrowing(driver, err);
    await request(app)
      .get("/streaming")
      .catch(() => undefined);
    expect(seen).toEqual([err]);
  });
});

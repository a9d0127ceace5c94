/**
 * Where errors go, on Express 5 and Koa 3: denials reach the app's own error handler as
 * the core's http-errors-compatible errors; every other error reaches it untouched (500,
 * never an allow); the handler's own errors are never relabelled; and without any error
 * handler the framework's default still answers with the right status.
 */
import {
  UnauthorizedError as CoreUnauthorized,
  ForbiddenError,
  isPolarError,
  NotFoundError,
  type Oso,
} from "@oso-ts/core";
import request from "supertest";
import { beforeAll, describe, expect, test } from "vitest";
import { makeOso } from "./fixtures.js";
import { HARNESSES } from "./harnesses.js";

describe.each(HARNESSES)("errors on $name", (harness) => {
  let oso: Oso;
  beforeAll(async () => {
    oso = await makeOso();
  });

  test.each([
    { path: "/pages/1", user: undefined, cls: CoreUnauthorized, status: 401, code: "unauthenticated" },
    { path: "/pages/999", user: "alice", cls: NotFoundError, status: 404, code: "not_found" },
    { path: "/pages/1", user: "bob", cls: NotFoundError, status: 404, code: "not_found" },
    { path: "/act/pages/2?do=write", user: "bob", cls: ForbiddenError, status: 403, code: "forbidden" },
  ])("the app's handler sees a $cls.name ($status) with status, statusCode, expose", async (row) => {
    const { handler, probe } = harness.build(oso);
    const req = request(handler).get(row.path);
    if (row.user) req.set("x-user", row.user);
    await req.expect(row.status);
    const [err] = probe.seen;
    expect(err).toBeInstanceOf(row.cls);
    expect(err).toMatchObject({ status: row.status, statusCode: row.status, expose: true, code: row.code });
  });

  test("the 401 carries WWW-Authenticate, on the error and on the response", async () => {
    const { handler, probe } = harness.build(oso, { wwwAuthenticate: 'Bearer realm="pages"' });
    const res = await request(handler).get("/pages/2").expect(401);
    expect(res.headers["www-authenticate"]).toBe('Bearer realm="pages"');
    expect(probe.seen[0]).toMatchObject({ headers: { "WWW-Authenticate": 'Bearer realm="pages"' } });
  });

  test.each([
    { what: "loader", path: "/pages/crash", user: "alice", message: "loader exploded" },
    { what: "param loader", path: "/param/pages/crash", user: "alice", message: "loader exploded" },
    { what: "actor resolver", path: "/pages/2", user: "crash", message: "actor resolver exploded" },
    {
      what: "action function",
      path: "/bad-action/pages/2",
      user: "alice",
      message: "action function exploded",
    },
  ])("an error of the $what reaches the app's handler as it was thrown: 500", async (row) => {
    const { handler, probe } = harness.build(oso);
    const res = await request(handler).get(row.path).set("x-user", row.user).expect(500);
    expect(res.body).toMatchObject({ handledBy: "app", status: 500, message: "internal error" });
    expect(probe.seen).toHaveLength(1);
    expect(probe.seen[0]).toBeInstanceOf(Error);
    expect(isPolarError(probe.seen[0])).toBe(false);
    expect((probe.seen[0] as Error).message).toBe(row.message);
    expect(probe.handlerRuns).toBe(0);
  });

  test("a policy error (a host method throws) is a runtime error, 500, never an allow", async () => {
    const { handler, probe } = harness.build(oso);
    await request(handler).get("/explode/pages/3").set("x-user", "alice").expect(500);
    const err = probe.seen[0] as { kind?: string; code?: string; status?: unknown; cause?: unknown };
    expect(isPolarError(err)).toBe(true);
    expect(err.kind).toBe("runtime");
    expect(err.status).toBeUndefined();
    expect(probe.handlerRuns).toBe(0);
  });

  test("an error thrown by the handler after an allow is not relabelled", async () => {
    const { handler, probe } = harness.build(oso);
    await request(handler).get("/throw/pages/2").set("x-user", "bob").expect(500);
    expect(probe.handlerRuns).toBe(1);
    expect(probe.seen).toHaveLength(1);
    expect((probe.seen[0] as Error).message).toBe("handler failed");
    expect(isPolarError(probe.seen[0])).toBe(false);
  });

  test("a denial thrown by the handler itself keeps its own status", async () => {
    const { handler, probe } = harness.build(oso);
    await request(handler).get("/throw403/pages/2").set("x-user", "bob").expect(403);
    expect(probe.handlerRuns).toBe(1);
    expect(probe.seen[0]).toBeInstanceOf(ForbiddenError);
  });

  test("authorize() without osoMiddleware: 500, with a message that says so", async () => {
    const { handler, probe } = harness.build(oso, { withoutOsoMiddleware: true });
    await request(handler).get("/pages/2").set("x-user", "alice").expect(500);
    await request(handler).get("/param/pages/2").set("x-user", "alice").expect(500);
    expect(probe.seen).toHaveLength(2);
    for (const err of probe.seen) {
      expect(err).toMatchObject({ code: "invalid_state" });
      expect((err as Error).message).toMatch(
        /needs osoMiddleware\(\): mount app\.use\(osoMiddleware\(\{ oso, actor \}\)\)/,
      );
    }
    expect(probe.handlerRuns).toBe(0);
  });

  test.each([
    { path: "/pages/2", user: undefined, status: 401 },
    { path: "/pages/999", user: "alice", status: 404 },
    { path: "/pages/1", user: "bob", status: 404 },
    { path: "/pages/2", user: "bob", status: 200 },
    { path: "/act/pages/2?do=write", user: "bob", status: 403 },
    { path: "/pages/crash", user: "alice", status: 500 },
    { path: "/explode/pages/3", user: "alice", status: 500 },
  ])("with no error handler at all, the framework's default answers $status for $path", async (row) => {
    const { handler, probe } = harness.build(oso, { errors: "none", wwwAuthenticate: "Bearer" });
    const req = request(handler).get(row.path);
    if (row.user) req.set("x-user", row.user);
    const res = await req.expect(row.status);
    if (row.status === 401) expect(res.headers["www-authenticate"]).toBe("Bearer");
    expect(probe.handlerRuns).toBe(row.status === 200 ? 1 : 0);
  });
});

/**
 * The default rendering of denials: status, headers, and a JSON, HTML or text body that
 * says nothing about the resource unless asked to.
 */
import { describe, expect, test } from "vitest";
import {
  applicationError,
  ForbiddenError,
  NotFoundError,
  PolarError,
  polarError,
  RequestTimeoutError,
  UnauthorizedError,
} from "../errors.js";
import {
  checkRenderOptions,
  isAuthorizationError,
  renderAuthorizationError,
  renderableError,
} from "./render.js";

describe("renderableError: what osoErrorHandler answers itself", () => {
  test("a denial, the timeout, and a denial a host method threw (rendered as that denial)", () => {
    const denial = new ForbiddenError();
    expect(renderableError(denial)).toBe(denial);
    const timeout = new RequestTimeoutError(50, "the loader");
    expect(renderableError(timeout)).toBe(timeout);
    expect(renderAuthorizationError(timeout, "json")).toMatchObject({
      status: 503,
      body: '{"error":{"status":503,"code":"request_timeout","message":"Service Unavailable"}}',
    });
    expect(renderableError(applicationError(denial))).toBe(denial);
  });

  test.each([
    ["an http error a host method threw", applicationError(Object.assign(new Error("x"), { status: 409 }))],
    ["a plain application error", applicationError(new Error("db down"))],
    ["a request_timeout without a status (not the class)", polarError("request_timeout", "late")],
    ["an http-errors error", Object.assign(new Error("x"), { status: 403, expose: true })],
    ["a string", "boom"],
  ])("passes on %s", (_what, value) => {
    expect(renderableError(value)).toBeUndefined();
  });
});

describe("isAuthorizationError", () => {
  test.each([
    ["NotFoundError", new NotFoundError(), true],
    ["ForbiddenError", new ForbiddenError(), true],
    ["UnauthorizedError", new UnauthorizedError(), true],
    ["another PolarError", new PolarError("type_error", "no"), false],
    ["an http-errors-like object", Object.assign(new Error("x"), { status: 403, expose: true }), false],
    ["null", null, false],
  ])("%s -> %s", (_what, value, expected) => {
    expect(isAuthorizationError(value)).toBe(expected);
  });
});

describe("renderAuthorizationError", () => {
  test("JSON: status, code and the reason phrase", () => {
    const r = renderAuthorizationError(new NotFoundError(), "json");
    expect(r).toMatchObject({ status: 404, contentType: "application/json; charset=utf-8", headers: {} });
    expect(JSON.parse(r.body)).toEqual({ error: { status: 404, code: "not_found", message: "Not Found" } });
  });

  test("HTML, escaped", () => {
    const r = renderAuthorizationError(new ForbiddenError("<script>x</script> & co"), "html", {
      message: (e) => e.message,
    });
    expect(r.contentType).toBe("text/html; charset=utf-8");
    expect(r.body).toContain("<title>403 Forbidden</title>");
    expect(r.body).toContain("&lt;script&gt;x&lt;/script&gt; &amp; co");
    expect(r.body).not.toContain("<script>");
  });

  test("text, with the 401's WWW-Authenticate header", () => {
    const r = renderAuthorizationError(
      new UnauthorizedError(undefined, { "WWW-Authenticate": "Bearer" }),
      "text",
    );
    expect(r).toEqual({
      status: 401,
      headers: { "WWW-Authenticate": "Bearer", "Cache-Control": "no-store" },
      contentType: "text/plain; charset=utf-8",
      body: "Unauthorized",
    });
  });

  test("a hidden resource renders exactly like a missing one", () => {
    class HiddenNotFound extends NotFoundError {}
    expect(renderAuthorizationError(new HiddenNotFound("you may not read page 1"), "json")).toEqual(
      renderAuthorizationError(new NotFoundError(), "json"),
    );
  });

  test("options are checked at start-up", () => {
    expect(checkRenderOptions(undefined)).toEqual({});
    expect(() => checkRenderOptions("json")).toThrow(/options must be an object/);
    expect(() => checkRenderOptions({ message: "Nope" })).toThrow(/`message` must be a function/);
    expect(() => checkRenderOptions({ format: "json" })).toThrow(/unknown option `format`/);
  });
});

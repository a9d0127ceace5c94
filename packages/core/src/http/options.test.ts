/**
 * Start-up checks: every mistake throws when the middleware is built, as an
 * `invalid_argument` error whose message names the call and the fix.
 */
import { describe, expect, test } from "vitest";
import { isPolarError } from "../errors.js";
import { checkAuthorizerOptions, checkRouteSpec } from "./options.js";

const oso = { authorize: async () => {}, authorizedActions: async () => new Set<string>() };
const actor = () => "alice";

function thrown(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    expect(isPolarError(e)).toBe(true);
    return e as { code: string; message: string };
  }
  throw new Error("expected a throw");
}

describe("checkAuthorizerOptions", () => {
  test.each([
    ["no options", undefined, /expected an options object \(\{ oso, actor \}\), got undefined/],
    ["a missing oso", { actor }, /the `oso` option is required/],
    ["a null oso", { oso: null, actor }, /the `oso` option is required/],
    ["something else as oso", { oso: {}, actor }, /`oso` must be an Oso instance/],
    ["a missing actor", { oso }, /`actor` must be a function of the request .*got undefined/],
    ["a string actor", { oso, actor: "req.user" }, /`actor` must be a function .*got "req.user"/],
    [
      "a typo",
      { oso, actor, actr: actor },
      /unknown option `actr` \(known options: oso, actor, anonymous, unauthenticated, timeoutMs, explain\)/,
    ],
    [
      "a bad unauthenticated",
      { oso, actor, unauthenticated: "Bearer" },
      /`unauthenticated` must be an object/,
    ],
    [
      "an empty header",
      { oso, actor, unauthenticated: { wwwAuthenticate: " " } },
      /must be a non-empty header value/,
    ],
    [
      "a header Node would refuse (a line break)",
      { oso, actor, unauthenticated: { wwwAuthenticate: 'Bearer realm="a"\r\nX-Evil: 1' } },
      /must be a non-empty header value/,
    ],
    [
      "a header Node would refuse (non-ASCII)",
      { oso, actor, unauthenticated: { wwwAuthenticate: 'Bearer realm="snow ☃"' } },
      /must be a non-empty header value/,
    ],
    ["a class as the anonymous actor", { oso, actor, anonymous: class Guest {} }, /`anonymous` is a class/],
    [
      "a string timeout",
      { oso, actor, timeoutMs: "5000" },
      /`timeoutMs` must be a whole number .*got "5000"/,
    ],
    ["a negative timeout", { oso, actor, timeoutMs: -1 }, /`timeoutMs` must be a whole number/],
    ["a NaN timeout", { oso, actor, timeoutMs: Number.NaN }, /`timeoutMs` must be a whole number/],
    ["a fractional timeout", { oso, actor, timeoutMs: 0.5 }, /`timeoutMs` must be a whole number/],
    ["a timeout no timer can hold", { oso, actor, timeoutMs: 2 ** 31 }, /from 0 \(no limit\) to 2147483647/],
    ["explain not a boolean", { oso, actor, explain: 1 }, /`explain` must be true or false, got 1/],
    [
      "explain without an oso that explains",
      { oso: { authorize: async () => {}, authorizedActions: async () => new Set() }, actor, explain: true },
      /`explain: true` needs an `oso` with an explain\(\) method/,
    ],
    [
      "a typo in unauthenticated",
      { oso, actor, unauthenticated: { wwwAuthentication: "Bearer" } },
      /unknown option `wwwAuthentication`/,
    ],
  ])("%s", (_what, options, message) => {
    const e = thrown(() => checkAuthorizerOptions(options));
    expect(e.code).toBe("invalid_argument");
    expect(e.message).toMatch(/^osoMiddleware\(\)/);
    expect(e.message).toMatch(message);
  });

  test("good options pass", () => {
    expect(() =>
      checkAuthorizerOptions({
        oso,
        actor,
        anonymous: "guest",
        unauthenticated: { wwwAuthenticate: "Bearer" },
        timeoutMs: 5000,
      }),
    ).not.toThrow();
    for (const timeoutMs of [0, 1, 2 ** 31 - 1, Number.POSITIVE_INFINITY]) {
      expect(() => checkAuthorizerOptions({ oso, actor, timeoutMs })).not.toThrow();
    }
  });
});

describe("checkRouteSpec", () => {
  const loader = () => "page";
  test.each([
    ["a number action", [42], /the action must be a non-empty string or a function .*got 42/],
    ["an empty action", [""], /the action must be a non-empty string/],
    ["a string loader", ["read", "loadPage"], /the loader must be a function .*got "loadPage"/],
    ["an options object and options", ["read", { checkRead: false }, {}], /the loader must be a function/],
    ["a non-boolean checkRead", ["read", loader, { checkRead: "no" }], /`checkRead` must be a boolean/],
    ["options that are no object", ["read", loader, 5], /options must be an object/],
    [
      "a loader and a fixed resource",
      ["read", loader, { resource: "pages" }],
      /either a loader or a fixed `resource`/,
    ],
    ["a null fixed resource", ["create", { resource: null }], /must not be null or undefined/],
    ["a typo", ["read", loader, { checkread: false }], /unknown option `checkread`/],
  ])("%s", (_what, args, message) => {
    const [action, second, third] = args as [unknown, unknown, unknown];
    const e = thrown(() => checkRouteSpec("authorize()", action, second, third));
    expect(e.code).toBe("invalid_argument");
    expect(e.message).toMatch(/^authorize\(\): /);
    expect(e.message).toMatch(message);
  });

  test.each([
    ["a loader", ["read", loader], { checkRead: true, hasLoader: true, fixed: undefined }],
    [
      "a loader, checkRead: false",
      ["write", loader, { checkRead: false }],
      { checkRead: false, hasLoader: true },
    ],
    ["nothing (param loader)", ["read"], { checkRead: true, hasLoader: false, fixed: undefined }],
    [
      "a fixed resource",
      ["create", { resource: "pages" }],
      { checkRead: false, fixed: { resource: "pages" } },
    ],
    [
      "a fixed resource, checkRead: true",
      ["create", { resource: 0, checkRead: true }],
      { checkRead: true, fixed: { resource: 0 } },
    ],
  ])("%s", (_what, args, expected) => {
    const [action, second, third] = args as [unknown, unknown, unknown];
    const spec = checkRouteSpec("authorize()", action, second, third);
    expect({ ...spec, hasLoader: spec.loader !== undefined }).toMatchObject(expected);
  });
});

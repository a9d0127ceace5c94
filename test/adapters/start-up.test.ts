/**
 * Options are checked when the middleware is built, in both adapters alike: a mistake
 * throws at start-up with a clear message, never on the first request.
 */
import * as express from "@oso-ts/express";
import * as koa from "@oso-ts/koa";
import { describe, expect, test } from "vitest";
import { makeOso } from "./fixtures.js";

const ADAPTERS = [
  { name: "express", adapter: express },
  { name: "koa", adapter: koa },
] as const;

// Deliberately wrong calls, as JavaScript users could write them.
type Loose = (...args: unknown[]) => unknown;

describe.each(ADAPTERS)("start-up checks of @oso-ts/$name", ({ adapter }) => {
  const osoMiddleware = adapter.osoMiddleware as Loose;
  const authorize = adapter.authorize as Loose;
  const resourceParam = adapter.resourceParam as Loose;
  const osoErrorHandler = adapter.osoErrorHandler as Loose;

  test.each<[Record<string, unknown>, RegExp]>([
    [{}, /osoMiddleware\(\): the `oso` option is required/],
    [{ actor: () => null }, /the `oso` option is required/],
    [{ oso: "oso", actor: () => null }, /`oso` must be an Oso instance/],
    [{ oso: "USE_REAL" }, /`actor` must be a function of the request/],
    [{ oso: "USE_REAL", actor: "user" }, /`actor` must be a function/],
    [{ oso: "USE_REAL", actor: () => null, getActor: () => null }, /unknown option `getActor`/],
    [{ oso: "USE_REAL", actor: () => null, unauthenticated: { wwwAuthenticate: 1 } }, /wwwAuthenticate/],
  ])("osoMiddleware(%o) throws", async (options, message) => {
    const oso = await makeOso();
    const withOso = { ...options, ...(options.oso === "USE_REAL" ? { oso } : {}) };
    expect(() => osoMiddleware(withOso)).toThrow(message);
  });

  test.each<[unknown[], RegExp]>([
    [[], /authorize\(\): the action must be a non-empty string/],
    [[42, () => null], /the action must be a non-empty string or a function/],
    [["read", "loadPage"], /authorize\(\): the loader must be a function/],
    [["read", () => null, { resource: {} }], /either a loader or a fixed `resource`/],
    [["read", () => null, { checkRead: "no" }], /`checkRead` must be a boolean/],
    [["read", { check_read: false }], /unknown option `check_read`/],
  ])("authorize(...%o) throws", (args, message) => {
    expect(() => authorize(...args)).toThrow(message);
  });

  test("resourceParam and osoErrorHandler check their arguments too", () => {
    expect(() => resourceParam("id")).toThrow(/resourceParam\(\): the loader must be a function/);
    expect(() => osoErrorHandler({ message: "denied" })).toThrow(/`message` must be a function/);
  });

  test("good calls do not throw", async () => {
    const oso = await makeOso();
    expect(() => osoMiddleware({ oso, actor: () => null })).not.toThrow();
    expect(() => authorize("read", () => null, { checkRead: false })).not.toThrow();
    expect(() => authorize((r: unknown) => String(r), { resource: "pages" })).not.toThrow();
    expect(() => osoErrorHandler()).not.toThrow();
  });
});

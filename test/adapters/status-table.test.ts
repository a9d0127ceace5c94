/**
 * DESIGN.md §5's status table, row by row, against Express 5 and Koa 3: the status, the
 * error the app's own error handler sees, whether the loader ran, and that the handler
 * never runs on a denial.
 */
import type { Oso } from "@oso-ts/core";
import request from "supertest";
import { beforeAll, describe, expect, test } from "vitest";
import { makeOso } from "./fixtures.js";
import { HARNESSES } from "./harnesses.js";

interface Row {
  readonly row: string;
  readonly method: "get" | "put" | "post";
  readonly path: string;
  readonly user?: string;
  readonly status: number;
  /** The `code` of the error the app's handler saw (denials and oso-ts errors). */
  readonly code?: string;
  /** Was the loader called? (left out where the handler loads itself) */
  readonly loaded?: boolean;
}

const ROWS: readonly Row[] = [
  // no actor -> 401, and the loader is not called
  { row: "no actor", method: "get", path: "/pages/1", status: 401, code: "unauthenticated", loaded: false },
  { row: "no actor", method: "put", path: "/pages/1", status: 401, code: "unauthenticated", loaded: false },
  { row: "no actor", method: "post", path: "/pages", status: 401, code: "unauthenticated", loaded: false },
  {
    row: "no actor",
    method: "get",
    path: "/param/pages/1",
    status: 401,
    code: "unauthenticated",
    loaded: false,
  },
  {
    row: "no actor",
    method: "get",
    path: "/sync/pages/2",
    status: 401,
    code: "unauthenticated",
    loaded: false,
  },
  {
    row: "no actor",
    method: "get",
    path: "/act/pages/2?do=read",
    status: 401,
    code: "unauthenticated",
    loaded: false,
  },
  { row: "unknown user", method: "get", path: "/pages/2", user: "mallory", status: 401, loaded: false },
  {
    row: "no actor, check in handler",
    method: "get",
    path: "/inside/pages/2",
    status: 401,
    code: "unauthenticated",
  },
  // loader returns null/undefined -> 404
  {
    row: "no resource",
    method: "get",
    path: "/pages/999",
    user: "alice",
    status: 404,
    code: "not_found",
    loaded: true,
  },
  {
    row: "no resource",
    method: "put",
    path: "/pages/999",
    user: "carol",
    status: 404,
    code: "not_found",
    loaded: true,
  },
  {
    row: "no resource",
    method: "get",
    path: "/sync/pages/999",
    user: "carol",
    status: 404,
    code: "not_found",
  },
  {
    row: "no resource",
    method: "get",
    path: "/param/pages/999",
    user: "carol",
    status: 404,
    code: "not_found",
  },
  {
    row: "no resource, check in handler",
    method: "get",
    path: "/inside/pages/999",
    user: "carol",
    status: 404,
  },
  // may not even read -> 404
  {
    row: "may not read",
    method: "get",
    path: "/pages/1",
    user: "bob",
    status: 404,
    code: "not_found",
    loaded: true,
  },
  { row: "may not read", method: "put", path: "/pages/1", user: "bob", status: 404, code: "not_found" },
  { row: "may not read", method: "get", path: "/param/pages/1", user: "bob", status: 404, code: "not_found" },
  { row: "may not read", method: "put", path: "/param/pages/1", user: "bob", status: 404, code: "not_found" },
  {
    row: "may not read",
    method: "get",
    path: "/act/pages/1?do=write",
    user: "bob",
    status: 404,
    code: "not_found",
  },
  { row: "may not read, check in handler", method: "get", path: "/inside/pages/1", user: "bob", status: 404 },
  // may read but not act -> 403
  { row: "may read, not act", method: "put", path: "/pages/2", user: "bob", status: 403, code: "forbidden" },
  {
    row: "may read, not act",
    method: "put",
    path: "/param/pages/2",
    user: "bob",
    status: 403,
    code: "forbidden",
  },
  { row: "may read, not act", method: "get", path: "/act/pages/2?do=write", user: "bob", status: 403 },
  { row: "fixed resource: 403", method: "post", path: "/pages", user: "bob", status: 403, code: "forbidden" },
  // configurable per route: checkRead false -> always 403
  {
    row: "checkRead: false",
    method: "put",
    path: "/strict/pages/1",
    user: "bob",
    status: 403,
    code: "forbidden",
  },
  // allowed
  { row: "owner reads", method: "get", path: "/pages/1", user: "alice", status: 200, loaded: true },
  { row: "anyone reads a public page", method: "get", path: "/pages/2", user: "bob", status: 200 },
  { row: "admin reads", method: "get", path: "/pages/1", user: "carol", status: 200 },
  { row: "editor writes (async host method)", method: "put", path: "/pages/1", user: "dave", status: 200 },
  { row: "owner writes (async host method)", method: "put", path: "/pages/2", user: "alice", status: 200 },
  { row: "checkRead: false, allowed", method: "put", path: "/strict/pages/1", user: "dave", status: 200 },
  { row: "admin creates", method: "post", path: "/pages", user: "carol", status: 201, loaded: false },
  { row: "sync loader", method: "get", path: "/sync/pages/2", user: "bob", status: 200, loaded: true },
  { row: "param loader", method: "get", path: "/param/pages/1", user: "alice", status: 200, loaded: true },
  { row: "param loader", method: "put", path: "/param/pages/1", user: "dave", status: 200, loaded: true },
  { row: "action function", method: "get", path: "/act/pages/1?do=write", user: "dave", status: 200 },
  { row: "check in handler", method: "get", path: "/inside/pages/1", user: "alice", status: 200 },
  { row: "accessor", method: "get", path: "/accessor/pages/1", user: "alice", status: 200 },
  { row: "no authorization", method: "get", path: "/public", status: 200, loaded: false },
  // errors -> the app's error handler, 500, never an allow
  { row: "loader throws", method: "get", path: "/pages/crash", user: "alice", status: 500, loaded: true },
  { row: "param loader throws", method: "get", path: "/param/pages/crash", user: "alice", status: 500 },
  { row: "resolver throws", method: "get", path: "/pages/2", user: "crash", status: 500, loaded: false },
  { row: "policy throws", method: "get", path: "/explode/pages/3", user: "alice", status: 500 },
  { row: "action function throws", method: "get", path: "/bad-action/pages/2", user: "alice", status: 500 },
  {
    row: "action function returns no string",
    method: "get",
    path: "/act/pages/2",
    user: "alice",
    status: 500,
  },
  { row: "no loader and no param loader", method: "get", path: "/nothing", user: "alice", status: 500 },
];

describe.each(HARNESSES)("the status table on $name", (harness) => {
  let oso: Oso;
  beforeAll(async () => {
    oso = await makeOso();
  });

  test.each(ROWS)("$row: $method $path as $user -> $status", async (row) => {
    const { handler, probe } = harness.build(oso);
    const req = request(handler)[row.method](row.path);
    if (row.user) req.set("x-user", row.user);
    const res = await req;
    expect(res.status).toBe(row.status);
    const allowed = row.status < 300;
    expect(probe.handlerRuns).toBe(allowed ? 1 : 0);
    if (row.loaded !== undefined) expect(probe.loaderCalls > 0).toBe(row.loaded);
    if (allowed) {
      expect(probe.seen).toEqual([]);
      expect(res.body.route).toBeDefined();
    } else {
      expect(probe.seen).toHaveLength(1);
      expect(res.body).toMatchObject({ handledBy: "app", status: row.status });
      if (row.code) expect(res.body.code).toBe(row.code);
    }
  });
});

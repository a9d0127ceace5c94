/**
 * The two entries of the HTTP layer: the main entry keeps what an application uses; the
 * building blocks for adapter authors are only under `@oso-ts/core/http`.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import * as main from "../index.js";
import * as http from "./index.js";

const ADAPTER_AUTHORS_ONLY = [
  "Budget",
  "RequestAuthorizer",
  "RequestScope",
  "RouteAuthorization",
  "authorizedOf",
  "checkRenderOptions",
  "denialFormat",
  "installCheckMethods",
  "paramResource",
  "recordAuthorized",
  "renderAuthorizationError",
  "renderableError",
  "requestScope",
];

describe("@oso-ts/core and @oso-ts/core/http", () => {
  test("the adapters' building blocks are exported by the subpath, not by the main entry", () => {
    for (const name of ADAPTER_AUTHORS_ONLY) {
      expect(Object.hasOwn(http, name), name).toBe(true);
      expect(Object.hasOwn(main, name), name).toBe(false);
    }
  });

  test("the runtime values both entries export are the same ones", () => {
    const shared = Object.keys(main).filter((name) => Object.hasOwn(http, name));
    expect(shared).toEqual(["isAuthorizationError"]);
    expect(main.isAuthorizationError).toBe(http.isAuthorizationError);
  });

  test("package.json maps the subpath like the main entry: sources for the workspace, dist for users", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(pkg.exports["./http"]).toEqual({
      "@oso-ts/source": "./src/http/index.ts",
      types: "./dist/http/index.d.ts",
      default: "./dist/http/index.js",
    });
    expect(Object.keys(pkg.exports)).toEqual([".", "./http", "./testing", "./package.json"]);
  });
});

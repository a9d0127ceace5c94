/**
 * `osoErrorHandler()` on Express 5: what only Express asks of it. What it renders and what it
 * passes on, the same on Koa, is in the shared suite (test/adapters/error-handler.test.ts).
 */
import { describe, expect, test } from "vitest";
import { osoErrorHandler } from "./index.js";

describe("osoErrorHandler() on Express", () => {
  test("is error middleware (four parameters)", () => {
    expect(osoErrorHandler().length).toBe(4);
  });
});

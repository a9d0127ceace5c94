/**
 * `osoErrorHandler()` on Express 5 and Koa 3: denials answered as JSON, HTML or text by
 * `Accept`, with their status and headers; everything else passed on untouched.
 */
import type { Oso } from "@oso-ts/core";
import request from "supertest";
import { beforeAll, describe, expect, test } from "vitest";
import { makeOso } from "./fixtures.js";
import { HARNESSES } from "./harnesses.js";

describe.each(HARNESSES)("osoErrorHandler() on $name", (harness) => {
  let oso: Oso;
  beforeAll(async () => {
    oso = await makeOso();
  });

  test.each([
    { accept: undefined, type: /application\/json/ },
    { accept: "application/json", type: /application\/json/ },
    { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", type: /text\/html/ },
    { accept: "text/plain", type: /text\/plain/ },
  ])("Accept: $accept -> $type", async ({ accept, type }) => {
    const { handler } = harness.build(oso, { errors: "oso" });
    const req = request(handler).get("/pages/1").set("x-user", "bob");
    if (accept) req.set("Accept", accept);
    const res = await req.expect(404).expect("content-type", type);
    if (/json/.test(String(type))) {
      expect(res.body).toEqual({ error: { status: 404, code: "not_found", message: "Not Found" } });
    } else if (/html/.test(String(type))) {
      expect(res.text).toContain("<h1>404 Not Found</h1>");
    } else {
      expect(res.text).toBe("Not Found");
    }
  });

  test("a hidden page and a missing page get the same answer", async () => {
    const { handler } = harness.build(oso, { errors: "oso" });
    const hidden = await request(handler).get("/pages/1").set("x-user", "bob").expect(404);
    const missing = await request(handler).get("/pages/999").set("x-user", "bob").expect(404);
    expect(hidden.text).toBe(missing.text);
  });

  test("401 with WWW-Authenticate; 403", async () => {
    const { handler } = harness.build(oso, { errors: "oso", wwwAuthenticate: 'Bearer realm="pages"' });
    const res = await request(handler)
      .get("/pages/2")
      .expect(401)
      .expect("www-authenticate", 'Bearer realm="pages"');
    expect(res.body.error).toEqual({ status: 401, code: "unauthenticated", message: "Unauthorized" });
    const forbidden = await request(handler).put("/pages/2").set("x-user", "bob").expect(403);
    expect(forbidden.body.error.code).toBe("forbidden");
  });

  test("other errors pass on untouched to the framework's handler", async () => {
    const { handler } = harness.build(oso, { errors: "oso" });
    const res = await request(handler).get("/pages/crash").set("x-user", "alice").expect(500);
    expect(res.body?.error?.code).toBeUndefined();
    await request(handler).get("/throw/pages/2").set("x-user", "bob").expect(500);
    await request(handler).get("/pages/2").set("x-user", "bob").expect(200);
  });
});

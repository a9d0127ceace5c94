import { QUICKSTART_CASES } from "@oso-ts/example-quickstart-common";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app.js";

let app: Parameters<typeof request>[0];
beforeAll(async () => {
  app = (await createApp()).callback();
});

describe("the quickstart on Koa", () => {
  it.each(QUICKSTART_CASES)("$title", async ({ method, path, user, status, body, headers }) => {
    const req = request(app)[method](path);
    const res = await (user === undefined ? req : req.set("X-User", user));
    expect(res.status).toBe(status);
    expect(res.type).toBe("text/html");
    expect(res.text).toBe(body);
    for (const [name, value] of Object.entries(headers ?? {})) expect(res.headers[name]).toBe(value);
  });

  it("answers 404 for other paths, as @koa/router does", async () => {
    const res = await request(app).get("/pages/0").set("X-User", "alice");
    expect(res.status).toBe(404);
  });
});

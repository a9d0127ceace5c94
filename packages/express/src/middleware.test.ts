/**
 * `osoMiddleware()` on Express 5: what only Express has, the request the anonymous factory
 * gets and sub-apps. What it installs per request and per app, the same on Koa, is in the
 * shared suite (test/adapters/middleware.test.ts).
 */
import { Oso } from "@oso-ts/core";
import express from "express";
import request from "supertest";
import { describe, expect, test } from "vitest";
import { osoErrorHandler, osoMiddleware } from "./index.js";

describe("osoMiddleware() on Express", () => {
  test("an anonymous factory gets the request", async () => {
    const oso = new Oso();
    await oso.loadStr(`allow(actor, "read", _page) if actor = "guest from 127.0.0.1";`);
    const app = express();
    app.use(
      osoMiddleware({
        oso,
        actor: () => undefined,
        anonymous: (req) => `guest from ${req.ip?.replace("::ffff:", "")}`,
      }),
    );
    app.get("/", async (req, res) => {
      res.json(await req.authorize("read", { page: 1 }));
    });
    app.use(osoErrorHandler());
    await request(app).get("/").expect(200, { page: 1 });
  });

  test("in a sub-app with its own osoMiddleware: installed on the sub-app, not on its parent", async () => {
    const oso = new Oso();
    await oso.loadStr(`allow("alice", "read", _page);`);
    const parent = express();
    const sub = express();
    sub.use(osoMiddleware({ oso, actor: () => "alice" }));
    sub.get("/", async (req, res) => {
      res.json(await req.authorize("read", { page: 4 }));
    });
    parent.use("/sub", sub);
    parent.get("/", (req, res) => {
      res.json({ authorize: typeof req.authorize });
    });
    await request(parent).get("/sub").expect(200, { page: 4 });
    expect(Object.hasOwn(sub.request, "authorize")).toBe(true);
    expect("authorize" in parent.request).toBe(false);
    await request(parent).get("/").expect(200, { authorize: "undefined" });
  });
});

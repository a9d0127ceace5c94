/**
 * `osoMiddleware()` on Express 5: what it installs per request, and the anonymous actor.
 */
import { Oso } from "@oso-ts/core";
import express from "express";
import request from "supertest";
import { describe, expect, test } from "vitest";
import { osoErrorHandler, osoMiddleware } from "./index.js";

describe("osoMiddleware() on Express", () => {
  test("installs req.authorize and req.authorizedActions; resolves no actor until asked", async () => {
    let resolved = 0;
    const app = express();
    app.use(
      osoMiddleware({
        oso: new Oso(),
        actor: () => {
          resolved++;
          return "alice";
        },
      }),
    );
    app.get("/", (req, res) => {
      res.json({ authorize: typeof req.authorize, authorizedActions: typeof req.authorizedActions });
    });
    await request(app).get("/").expect(200, { authorize: "function", authorizedActions: "function" });
    expect(resolved).toBe(0);
  });

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
});

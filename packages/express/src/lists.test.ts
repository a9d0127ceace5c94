/**
 * Data filtering in a request: `req.authorizedQuery()` / `req.authorizedResources()` for
 * the request's actor, 401 without one, adapter errors through the app's error path.
 */
import { arrayAdapter, Oso } from "@oso-ts/core";
import express from "express";
import request from "supertest";
import { describe, expect, test } from "vitest";
import { osoErrorHandler, osoMiddleware } from "./index.js";

class User {
  constructor(readonly name: string) {}
}
class Doc {
  constructor(
    readonly id: number,
    readonly owner: string,
  ) {}
}
const DOCS = [new Doc(1, "alice"), new Doc(2, "bob"), new Doc(3, "alice")];

async function app(adapter = arrayAdapter({ Doc: DOCS })) {
  const oso = new Oso();
  oso.registerClass(User);
  oso.registerClass(Doc, { fields: { id: Number, owner: String } });
  await oso.loadStr(`allow(user: User, "read", doc: Doc) if doc.owner = user.name;`);
  oso.setDataFilteringAdapter(adapter);
  const a = express();
  a.use(osoMiddleware({ oso, actor: (req) => (req.get("x-user") ? new User(req.get("x-user")!) : null) }));
  a.get("/docs", async (req, res) => {
    const docs = await req.authorizedResources<Doc>("read", Doc);
    res.json(docs.map((d) => d.id));
  });
  a.get("/query", async (req, res) => {
    const filter = await req.authorizedQuery<{ model: string }>("read", "Doc");
    res.json({ model: filter.model });
  });
  a.use(osoErrorHandler());
  a.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ error: err.message });
  });
  return a;
}

describe("req.authorizedResources() / req.authorizedQuery() on Express", () => {
  test("the rows the request's actor may read; the adapter's query", async () => {
    const a = await app();
    await request(a).get("/docs").set("x-user", "alice").expect(200, [1, 3]);
    await request(a).get("/docs").set("x-user", "carol").expect(200, []);
    await request(a).get("/query").set("x-user", "bob").expect(200, { model: "Doc" });
  });

  test("401 when there is no actor", async () => {
    const a = await app();
    await request(a).get("/docs").expect(401);
    await request(a).get("/query").expect(401);
  });

  test("an adapter error goes to the app's error path, never an empty list", async () => {
    const a = await app({
      buildQuery: (f) => f,
      executeQuery: async () => {
        throw new Error("database down");
      },
    });
    const res = await request(a).get("/docs").set("x-user", "alice").expect(500);
    expect(res.body).toEqual({ error: "database down" });
  });
});

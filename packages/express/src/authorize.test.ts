/**
 * `authorize()`, `resourceParam()` and `authorized()` on Express 5: what only Express has,
 * routers with mergeParams, `app.param`, sub-apps, routes before the middleware, the next
 * matching route. The param loader, the actor resolved once and the accessor's error, the
 * same on Koa, are in the shared suite (test/adapters/route-checks.test.ts).
 */
import { Oso } from "@oso-ts/core";
import express, { type Request, type Response } from "express";
import request from "supertest";
import { beforeAll, describe, expect, test } from "vitest";
import { authorize, osoErrorHandler, osoMiddleware, resourceParam } from "./index.js";

class User {
  constructor(readonly name: string) {}
}
class Doc {
  constructor(
    readonly id: string,
    readonly owner: string,
  ) {}
}
const DOCS = new Map([["1", new Doc("1", "alice")]]);

let oso: Oso;
beforeAll(async () => {
  oso = new Oso();
  oso.registerClass(User);
  oso.registerClass(Doc);
  await oso.loadStr(
    `allow(user: User, action, doc: Doc) if doc.owner = user.name and action in ["read", "write"];`,
  );
});

function app(build: (app: express.Express) => void) {
  const a = express();
  a.use(
    osoMiddleware({
      oso,
      actor: (req) => {
        const name = req.get("x-user");
        return name ? new User(name) : null;
      },
    }),
  );
  build(a);
  a.use(osoErrorHandler());
  return { app: a };
}

const show = (_req: Request, res: Response) => {
  res.json({ actor: (res.locals.actor as User).name, doc: (res.locals.resource as Doc).id });
};

describe("authorize() on Express", () => {
  test("on a Router mounted at a path, with mergeParams", async () => {
    const { app: a } = app((a) => {
      const docs = express.Router({ mergeParams: true });
      docs.get(
        "/",
        authorize("read", (req: Request) => DOCS.get(String(req.params.docId))),
        show,
      );
      a.use("/docs/:docId", docs);
    });
    await request(a).get("/docs/1").set("x-user", "alice").expect(200, { actor: "alice", doc: "1" });
    await request(a).get("/docs/1").set("x-user", "bob").expect(404);
    await request(a).get("/docs/2").set("x-user", "alice").expect(404);
  });

  test("app.param works as router.param does", async () => {
    const { app: a } = app((a) => {
      a.param(
        "docId",
        resourceParam((id) => DOCS.get(id)),
      );
      a.get("/docs/:docId", authorize("read"), show);
    });
    await request(a).get("/docs/1").set("x-user", "alice").expect(200);
  });

  test("in a sub-app mounted under the app that has osoMiddleware, req.authorize works too", async () => {
    const { app: a } = app((a) => {
      const sub = express();
      sub.get("/docs/:id", async (req, res) => {
        const { authorize } = req; // destructured: still bound to this request
        const doc = await authorize("read", DOCS.get(req.params.id));
        res.json({ doc: doc.id });
      });
      a.use("/sub", sub);
    });
    await request(a).get("/sub/docs/1").set("x-user", "alice").expect(200, { doc: "1" });
    await request(a).get("/sub/docs/1").set("x-user", "bob").expect(404);
    await request(a).get("/sub/docs/1").expect(401);
  });

  test("req.authorize on a route mounted before osoMiddleware: absent until the app's first request through it, then a rejection that says so", async () => {
    const early = express();
    early.get("/early", async (req, res) => {
      res.json(await req.authorize("read", DOCS.get("1")));
    });
    early.use(osoMiddleware({ oso, actor: () => new User("alice") }));
    early.get("/late", async (req, res) => {
      res.json(await req.authorize("read", DOCS.get("1")));
    });
    early.use((err: Error, _req: Request, res: Response, _next: express.NextFunction) => {
      res.status(500).json({ message: err.message });
    });
    // the methods are defined on the app's request prototype at the app's first request
    // through the middleware: before that the early route finds none
    const first = await request(early).get("/early").expect(500);
    expect(first.body.message).toMatch(/req\.authorize is not a function/);
    await request(early).get("/late").expect(200, { id: "1", owner: "alice" });
    const res = await request(early).get("/early").expect(500);
    expect(res.body.message).toMatch(/req\.authorize\(\) needs osoMiddleware\(\)/);
  });

  test("a denial never falls through to the next matching route", async () => {
    const ran: string[] = [];
    const { app: a } = app((a) => {
      a.get(
        "/docs/:id",
        authorize("read", (req) => DOCS.get(String(req.params.id))),
        () => {
          ran.push("handler");
        },
      );
      a.get("/docs/:id", (_req, res) => {
        ran.push("next route");
        res.json({});
      });
    });
    await request(a).get("/docs/1").set("x-user", "bob").expect(404);
    expect(ran).toEqual([]);
  });
});

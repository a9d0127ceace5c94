/**
 * `timeoutMs` on Express 5: a Promise of the application that never settles ends the request
 * with a 503 through the error path, never a 2xx and never a hang; the handler never runs.
 */
import { Oso } from "@oso-ts/core";
import express, { type Request, type Response } from "express";
import request from "supertest";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import {
  authorize,
  type OsoMiddlewareOptions,
  osoErrorHandler,
  osoMiddleware,
  resourceParam,
} from "./index.js";

const never = <T>(): Promise<T> => new Promise<T>(() => {});
const later = <T>(ms: number, value: T): Promise<T> => new Promise((r) => setTimeout(() => r(value), ms));

class Gate {
  async open(): Promise<boolean> {
    return never();
  }
}

let oso: Oso;
beforeAll(async () => {
  oso = new Oso({ timeoutMs: 0 }); // only the middleware's bound applies
  oso.registerClass(Gate);
  await oso.loadStr(`
    allow(_actor, "read", _page: String);
    allow(_actor, "read", gate: Gate) if gate.open();`);
});

function app(options: Partial<OsoMiddlewareOptions>, routes: (app: express.Express, ran: string[]) => void) {
  const ran: string[] = [];
  const a = express();
  a.use(osoMiddleware({ oso, actor: () => "alice", timeoutMs: 50, ...options }));
  routes(a, ran);
  a.use(osoErrorHandler());
  return { app: a, ran };
}

const handler = (ran: string[]) => (_req: Request, res: Response) => {
  ran.push("handler");
  res.json({ ok: true });
};

async function expect503(a: express.Express, path: string) {
  const started = performance.now();
  const res = await request(a).get(path).expect(503);
  expect(res.body).toEqual({
    error: { status: 503, code: "request_timeout", message: "Service Unavailable" },
  });
  expect(performance.now() - started).toBeLessThan(2000);
}

describe("timeoutMs on Express: every waiting point", () => {
  test.each<[string, Partial<OsoMiddlewareOptions>, (a: express.Express, ran: string[]) => void]>([
    [
      "the actor resolver",
      { actor: never },
      (a, ran) =>
        a.get(
          "/p",
          authorize("read", () => "page"),
          handler(ran),
        ),
    ],
    [
      "the anonymous factory",
      { actor: () => null, anonymous: never },
      (a, ran) =>
        a.get(
          "/p",
          authorize("read", () => "page"),
          handler(ran),
        ),
    ],
    ["the loader", {}, (a, ran) => a.get("/p", authorize("read", never), handler(ran))],
    [
      "the resourceParam() loader",
      {},
      (a, ran) => {
        a.param("id", resourceParam(never));
        a.get("/p/:id", authorize("read"), handler(ran));
      },
    ],
    [
      "the action function",
      {},
      (a, ran) =>
        a.get(
          "/p",
          authorize(never, () => "page"),
          handler(ran),
        ),
    ],
    [
      "the decision",
      {},
      (a, ran) =>
        a.get(
          "/p",
          authorize("read", () => new Gate()),
          handler(ran),
        ),
    ],
    [
      "req.authorize() in the handler",
      { actor: never },
      (a, ran) =>
        a.get("/p", async (req, res) => {
          await req.authorize("read", "page");
          handler(ran)(req, res);
        }),
    ],
    [
      "req.authorizedActions() in the handler",
      {},
      (a, ran) =>
        a.get("/p", async (req, res) => {
          await req.authorizedActions(new Gate());
          handler(ran)(req, res);
        }),
    ],
  ])("%s never settles: 503, the handler never runs", async (what, options, routes) => {
    const { app: a, ran } = app(options, routes);
    await expect503(a, what.includes("resourceParam") ? "/p/1" : "/p");
    expect(ran).toEqual([]);
  });

  test("without osoErrorHandler, Express's own handler answers 503 too", async () => {
    const a = express();
    a.set("env", "test");
    a.use(osoMiddleware({ oso, actor: never, timeoutMs: 50 }));
    a.get(
      "/p",
      authorize("read", () => "page"),
      (_req, res) => {
        res.json({});
      },
    );
    await request(a).get("/p").expect(503);
  });

  test("the default is the Oso instance's timeoutMs", async () => {
    const short = new Oso({ timeoutMs: 60 });
    await short.loadStr(`allow(_actor, "read", _page);`);
    const a = express();
    a.use(osoMiddleware({ oso: short, actor: never }));
    a.get(
      "/p",
      authorize("read", () => "page"),
      (_req, res) => {
        res.json({});
      },
    );
    a.use(osoErrorHandler());
    await request(a).get("/p").expect(503);
  });
});

describe("after the deadline", () => {
  const unhandled: unknown[] = [];
  const record = (e: unknown) => unhandled.push(e);
  afterEach(() => {
    process.off("unhandledRejection", record);
  });

  test("a loader settling late neither answers again nor leaves an unhandled rejection", async () => {
    process.on("unhandledRejection", record);
    const { app: a, ran } = app({}, (a, ran) => {
      a.get(
        "/resolves",
        authorize("read", () => later(100, "page")),
        handler(ran),
      );
      a.get(
        "/rejects",
        authorize("read", () => later(100, 0).then(() => Promise.reject(new Error("late")))),
        handler(ran),
      );
    });
    await request(a).get("/resolves").expect(503);
    await request(a).get("/rejects").expect(503);
    await later(150, undefined);
    expect(ran).toEqual([]);
    expect(unhandled).toEqual([]);
  });

  test("a fast request is answered normally and leaves no timer behind", async () => {
    const { app: a } = app({ actor: () => later(5, "alice"), timeoutMs: 60_000 }, (a, ran) =>
      a.get(
        "/p",
        authorize("read", () => later(5, "page")),
        handler(ran),
      ),
    );
    const server = a.listen(0);
    try {
      const before = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
      await request(server).get("/p").expect(200, { ok: true });
      // a 60 s timer left running would show here
      const after = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
      expect(after).toBeLessThanOrEqual(before);
    } finally {
      server.close();
    }
  });
});

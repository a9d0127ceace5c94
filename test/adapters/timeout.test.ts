/**
 * `timeoutMs` on Express 5 and Koa 3: a Promise of the application that never settles ends
 * the request with a 503 through the error path, never a 2xx and never a hang; the handler
 * never runs.
 */
import { createServer } from "node:http";
import { Oso } from "@oso-ts/core";
import type { AuthorizerOptions } from "@oso-ts/core/http";
import request from "supertest";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import type { AppSpec, RequestView, RouteSpec } from "./driver.js";
import { DRIVERS } from "./drivers.js";

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

type Options = Partial<AuthorizerOptions<RequestView>>;

/** An app checked against `oso` for "alice" with a 50 ms bound, rendering through osoErrorHandler. */
function spec(options: Options, routes: readonly RouteSpec[], rest: Partial<AppSpec> = {}): AppSpec {
  return {
    middleware: { oso, actor: () => "alice", timeoutMs: 50, ...options },
    osoErrorHandler: true,
    routes,
    ...rest,
  };
}

describe.each(DRIVERS)("timeoutMs on $name: every waiting point", (driver) => {
  const ran: string[] = [];
  afterEach(() => {
    ran.length = 0;
  });
  const ok = () => {
    ran.push("handler");
    return { ok: true };
  };
  const page = () => "page";

  test.each<[string, Options, Partial<AppSpec>]>([
    [
      "the actor resolver",
      { actor: never },
      { routes: [{ path: "/p", checks: [{ action: "read", loader: page }], handler: ok }] },
    ],
    [
      "the anonymous factory",
      { actor: () => null, anonymous: never },
      { routes: [{ path: "/p", checks: [{ action: "read", loader: page }], handler: ok }] },
    ],
    [
      "the loader",
      {},
      { routes: [{ path: "/p", checks: [{ action: "read", loader: never }], handler: ok }] },
    ],
    [
      "the resourceParam() loader",
      {},
      { params: { id: never }, routes: [{ path: "/p/:id", checks: [{ action: "read" }], handler: ok }] },
    ],
    [
      "the action function",
      {},
      { routes: [{ path: "/p", checks: [{ action: never, loader: page }], handler: ok }] },
    ],
    [
      "the decision",
      {},
      { routes: [{ path: "/p", checks: [{ action: "read", loader: () => new Gate() }], handler: ok }] },
    ],
    [
      `${driver.request}.authorize() in the handler`,
      { actor: never },
      {
        routes: [
          {
            path: "/p",
            handler: async (r) => {
              await r.checks.authorize("read", "page");
              return ok();
            },
          },
        ],
      },
    ],
    [
      `${driver.request}.authorizedActions() in the handler`,
      {},
      {
        routes: [
          {
            path: "/p",
            handler: async (r) => {
              await r.checks.authorizedActions(new Gate());
              return ok();
            },
          },
        ],
      },
    ],
  ])("%s never settles: 503, the handler never runs", async (what, options, app) => {
    const { handler } = driver.app(spec(options, [], app));
    const started = performance.now();
    const res = await request(handler)
      .get(what.includes("resourceParam") ? "/p/1" : "/p")
      .expect(503);
    expect(res.body).toEqual({
      error: { status: 503, code: "request_timeout", message: "Service Unavailable" },
    });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(ran).toEqual([]);
  });

  test(`without osoErrorHandler, ${driver.name}'s own handling answers 503 too`, async () => {
    const routes = [{ path: "/p", checks: [{ action: "read", loader: page }], handler: ok }];
    const { handler } = driver.app(spec({ actor: never }, routes, { osoErrorHandler: false }));
    await request(handler).get("/p").expect(503);
    expect(ran).toEqual([]);
  });

  test("the default is the Oso instance's timeoutMs", async () => {
    const short = new Oso({ timeoutMs: 60 });
    await short.loadStr(`allow(_actor, "read", _page);`);
    const { handler } = driver.app({
      middleware: { oso: short, actor: never },
      osoErrorHandler: true,
      routes: [{ path: "/p", checks: [{ action: "read", loader: page }], handler: () => ({}) }],
    });
    await request(handler).get("/p").expect(503);
  });
});

describe.each(DRIVERS)("timeoutMs on $name: after the deadline", (driver) => {
  const unhandled: unknown[] = [];
  const record = (e: unknown) => unhandled.push(e);
  afterEach(() => {
    process.off("unhandledRejection", record);
  });

  test("a loader settling late neither answers again nor leaves an unhandled rejection", async () => {
    process.on("unhandledRejection", record);
    const ran: string[] = [];
    const handler = () => {
      ran.push("handler");
      return { ok: true };
    };
    const { handler: app } = driver.app(
      spec({}, [
        { path: "/resolves", checks: [{ action: "read", loader: () => later(100, "page") }], handler },
        {
          path: "/rejects",
          checks: [
            { action: "read", loader: () => later(100, 0).then(() => Promise.reject(new Error("late"))) },
          ],
          handler,
        },
      ]),
    );
    await request(app).get("/resolves").expect(503);
    await request(app).get("/rejects").expect(503);
    await later(150, undefined);
    expect(ran).toEqual([]);
    expect(unhandled).toEqual([]);
  });

  test("a fast request is answered normally and leaves no timer behind", async () => {
    const { handler } = driver.app(
      spec({ actor: () => later(5, "alice"), timeoutMs: 60_000 }, [
        {
          path: "/p",
          checks: [{ action: "read", loader: () => later(5, "page") }],
          handler: () => ({ ok: true }),
        },
      ]),
    );
    const server = createServer(handler).listen(0);
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

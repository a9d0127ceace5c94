/**
 * The flow's time bound: every Promise of the application a check waits for (actor resolver,
 * anonymous factory, loader, param loader, action function, decision) ends in a
 * `RequestTimeoutError` (503) once the check's `timeoutMs` has passed; a late settle changes
 * nothing; no timer outlives its wait.
 */
import { afterEach, describe, expect, test } from "vitest";
import { isPolarError, RequestTimeoutError } from "../errors.js";
import { Oso } from "../oso.js";
import { paramResource, RequestAuthorizer, RouteAuthorization } from "./request-authorization.js";
import type { AuthorizerOptions, OsoAuthorizer } from "./types.js";

interface Req {
  id: string;
}

const never = <T>(): Promise<T> => new Promise<T>(() => {});
const later = <T>(ms: number, value: T): Promise<T> => new Promise((r) => setTimeout(() => r(value), ms));

/** Allows everything; `wait` makes every decision wait for it. */
function allowAll(wait?: () => Promise<unknown>, timeoutMs?: number): OsoAuthorizer {
  return {
    timeoutMs,
    async authorize() {
      if (wait) await wait();
    },
    async authorizedActions() {
      if (wait) await wait();
      return new Set(["read"]);
    },
  };
}

function authorizer(options: Partial<AuthorizerOptions<Req>> = {}) {
  return new RequestAuthorizer<Req>({ oso: allowAll(), actor: () => "alice", timeoutMs: 50, ...options });
}

/** What a check ended with, and after how long. */
async function outcome(run: () => unknown): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await run();
    return { error: undefined, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}

function expectTimeout(result: { error: unknown; ms: number }, waitingFor: RegExp, timeoutMs = 50) {
  expect(result.error).toBeInstanceOf(RequestTimeoutError);
  const e = result.error as RequestTimeoutError;
  expect([e.code, e.status, e.statusCode, e.expose, isPolarError(e)]).toEqual([
    "request_timeout",
    503,
    503,
    true,
    true,
  ]);
  expect(e.message).toMatch(new RegExp(`within ${timeoutMs} ms \\(waiting for ${waitingFor.source}\\)`));
  expect(result.ms).toBeGreaterThanOrEqual(timeoutMs - 5);
  expect(result.ms).toBeLessThan(timeoutMs + 1000);
}

/** The route check of one request, through `handle`, recording whether the handler ran. */
function routeCheck(
  a: RequestAuthorizer<Req>,
  route: RouteAuthorization<Req, unknown>,
  before?: (c: object) => void,
) {
  const req = { id: "1" };
  const carrier = {};
  a.attach(req, carrier);
  before?.(carrier);
  const ran: string[] = [];
  return {
    ran,
    run: () =>
      route.handle(carrier, () => {
        ran.push("handler");
      }),
  };
}

const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

describe("a route check that waits too long fails with a 503, and the handler never runs", () => {
  test.each<[string, () => { a: RequestAuthorizer<Req>; route: RouteAuthorization<Req, unknown> }, RegExp]>([
    [
      "the actor resolver",
      () => ({
        a: authorizer({ actor: never }),
        route: new RouteAuthorization("authorize()", "read", () => "page"),
      }),
      /the actor resolver/,
    ],
    [
      "the anonymous factory",
      () => ({
        a: authorizer({ actor: () => null, anonymous: never }),
        route: new RouteAuthorization("authorize()", "read", () => "page"),
      }),
      /the actor resolver/,
    ],
    [
      "the loader",
      () => ({ a: authorizer(), route: new RouteAuthorization("authorize()", "read", never) }),
      /the resource loader/,
    ],
    [
      "the action function",
      () => ({ a: authorizer(), route: new RouteAuthorization("authorize()", never, () => "page") }),
      /the action function/,
    ],
    [
      "the decision",
      () => ({
        a: authorizer({ oso: allowAll(never) }),
        route: new RouteAuthorization("authorize()", "read", () => "page"),
      }),
      /the decision/,
    ],
  ])("%s never settles", async (_what, make, waitingFor) => {
    const { a, route } = make();
    const check = routeCheck(a, route);
    expectTimeout(await outcome(check.run), waitingFor);
    expect(check.ran).toEqual([]);
  });

  test("a resourceParam() loader never settles", async () => {
    const a = authorizer();
    const remember = paramResource<Req, unknown>("resourceParam()", never);
    const check = routeCheck(a, new RouteAuthorization("authorize()", "read"), (carrier) =>
      remember(carrier, { id: "1" }, "1", "id"),
    );
    expectTimeout(await outcome(check.run), /the resource loader/);
    expect(check.ran).toEqual([]);
  });

  test("the budget is the whole check's: slow steps add up", async () => {
    const a = authorizer({ actor: () => later(30, "alice"), timeoutMs: 50 });
    const check = routeCheck(a, new RouteAuthorization("authorize()", "read", () => later(30, "page")));
    expectTimeout(await outcome(check.run), /the resource loader/);
    expect(check.ran).toEqual([]);
  });
});

describe("checks inside a handler", () => {
  test("req.authorize: an actor that never comes, a decision that never ends", async () => {
    const noActor = authorizer({ actor: never }).attach({ id: "1" }, {});
    expectTimeout(await outcome(() => noActor.authorize("read", "page")), /the actor resolver/);
    const noDecision = authorizer({ oso: allowAll(never) }).attach({ id: "1" }, {});
    expectTimeout(await outcome(() => noDecision.authorize("read", "page")), /the decision/);
  });

  test("req.authorizedActions: an actor that never comes, a decision that never ends", async () => {
    const noActor = authorizer({ actor: never }).attach({ id: "1" }, {});
    expectTimeout(await outcome(() => noActor.authorizedActions("page")), /the actor resolver/);
    const noDecision = authorizer({ oso: allowAll(never) }).attach({ id: "1" }, {});
    expectTimeout(await outcome(() => noDecision.authorizedActions("page")), /the decision/);
  });

  test("req.authorizedQuery / authorizedResources: an actor that never comes, a query that never ends", async () => {
    const lists = (wait: () => Promise<unknown>): OsoAuthorizer => ({
      ...allowAll(),
      authorizedQuery: async () => wait(),
      authorizedResources: async () => (await wait()) as unknown[],
    });
    const noActor = authorizer({ actor: never, oso: lists(never) }).attach({ id: "1" }, {});
    expectTimeout(await outcome(() => noActor.authorizedQuery("read", "Page")), /the actor resolver/);
    expectTimeout(await outcome(() => noActor.authorizedResources("read", "Page")), /the actor resolver/);
    const noQuery = authorizer({ oso: lists(never) }).attach({ id: "1" }, {});
    expectTimeout(await outcome(() => noQuery.authorizedQuery("read", "Page")), /the data-filtering query/);
    expectTimeout(
      await outcome(() => noQuery.authorizedResources("read", "Page")),
      /the data-filtering query/,
    );
    const quick = authorizer({ oso: lists(() => later(5, ["row"])) }).attach({ id: "1" }, {});
    await expect(quick.authorizedResources("read", "Page")).resolves.toEqual(["row"]);
  });

  test("each check has its own budget, counted from its start", async () => {
    // one budget for the whole request would be spent: 100 + 250 + 100 ms > 300 ms
    const a = authorizer({ oso: allowAll(() => later(100, undefined)), timeoutMs: 300 });
    const scope = a.attach({ id: "1" }, {});
    await scope.authorize("read", "page");
    await later(250, undefined); // the handler's own work
    await expect(scope.authorize("read", "page")).resolves.toBe("page");
  });
});

describe("the default and the limits", () => {
  test("the default is the Oso instance's timeoutMs", async () => {
    const oso = new Oso({ timeoutMs: 60 });
    expect(oso.timeoutMs).toBe(60);
    const a = new RequestAuthorizer<Req>({ oso, actor: never });
    expect(a.timeoutMs).toBe(60);
    expectTimeout(
      await outcome(() => a.attach({ id: "1" }, {}).authorize("read", "page")),
      /the actor resolver/,
      60,
    );
  });

  test("without one on the Oso instance, 30 s as Oso's default; the option wins over both", () => {
    expect(new RequestAuthorizer<Req>({ oso: allowAll(), actor: () => "a" }).timeoutMs).toBe(30_000);
    expect(new Oso().timeoutMs).toBe(30_000);
    expect(
      new RequestAuthorizer<Req>({ oso: new Oso({ timeoutMs: 70 }), actor: () => "a", timeoutMs: 20 })
        .timeoutMs,
    ).toBe(20);
  });

  test("0 (or Infinity) is no limit, and starts no timer", async () => {
    for (const timeoutMs of [0, Number.POSITIVE_INFINITY]) {
      const a = authorizer({ actor: never, timeoutMs });
      expect(a.timeoutMs).toBe(0);
      const before = timers();
      let settled = false;
      void a
        .attach({ id: "1" }, {})
        .authorize("read", "page")
        .finally(() => {
          settled = true;
        });
      expect(timers()).toBe(before);
      await later(80, undefined);
      expect(settled).toBe(false);
    }
    // an Oso instance without a limit gives none
    expect(new RequestAuthorizer<Req>({ oso: new Oso({ timeoutMs: 0 }), actor: () => "a" }).timeoutMs).toBe(
      0,
    );
  });
});

describe("after the deadline", () => {
  const unhandled: unknown[] = [];
  const record = (e: unknown) => unhandled.push(e);
  afterEach(() => {
    process.off("unhandledRejection", record);
  });

  test("a loader that settles late (value or rejection) changes nothing and is never unhandled", async () => {
    process.on("unhandledRejection", record);
    const a = authorizer();
    const resolvesLate = routeCheck(
      a,
      new RouteAuthorization("authorize()", "read", () => later(80, "page")),
    );
    const rejectsLate = routeCheck(
      a,
      new RouteAuthorization("authorize()", "read", () =>
        later(80, 0).then(() => Promise.reject(new Error("late"))),
      ),
    );
    const results = await Promise.all([outcome(resolvesLate.run), outcome(rejectsLate.run)]);
    for (const r of results) expectTimeout(r, /the resource loader/);
    await later(120, undefined); // both have settled by now
    expect(resolvesLate.ran).toEqual([]);
    expect(rejectsLate.ran).toEqual([]);
    expect(unhandled).toEqual([]);
  });
});

describe("timers", () => {
  test("none is left once a check ends: allowed, denied, failed or timed out", async () => {
    const before = timers();
    const a = authorizer({ actor: () => later(5, "alice"), timeoutMs: 60_000 });
    const allowed = routeCheck(a, new RouteAuthorization("authorize()", "read", () => later(5, "page")));
    await allowed.run();
    expect(allowed.ran).toEqual(["handler"]);
    const failing = routeCheck(
      a,
      new RouteAuthorization("authorize()", "read", () => Promise.reject(new Error("db"))),
    );
    await expect(failing.run()).rejects.toThrow("db");
    await a.attach({ id: "1" }, {}).authorizedActions("page");
    expectTimeout(
      await outcome(routeCheck(authorizer(), new RouteAuthorization("authorize()", "read", never)).run),
      /the resource loader/,
    );
    expect(timers()).toBe(before);
  });

  test("a synchronous check starts no timer and returns no Promise", () => {
    const before = timers();
    const check = routeCheck(
      new RequestAuthorizer<Req>({
        oso: { ...allowAll(), authorizeMaybeSync: () => undefined },
        actor: () => "alice",
        timeoutMs: 50,
      }),
      new RouteAuthorization("authorize()", "read", () => "page"),
    );
    expect(check.run()).toBeUndefined();
    expect(check.ran).toEqual(["handler"]);
    expect(timers()).toBe(before);
  });
});

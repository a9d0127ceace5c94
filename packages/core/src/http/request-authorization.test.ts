/**
 * The framework-neutral flow, with a recording fake Oso: the order of the steps, what is
 * skipped, the 401/404/403 decisions, and that errors pass through untouched.
 */
import { describe, expect, test } from "vitest";
import { ForbiddenError, isPolarError, NotFoundError, UnauthorizedError } from "../errors.js";
import type { AuthorizeOptions } from "../oso.js";
import {
  authorizedOf,
  paramResource,
  RequestAuthorizer,
  RouteAuthorization,
  recordAuthorized,
  requestScope,
} from "./request-authorization.js";
import type { ActionSpec, AuthorizerOptions, OsoAuthorizer, ResourceLoader } from "./types.js";

interface Req {
  user?: string;
  id?: string;
}

/** Allows what `grants` lists as `actor:action:resource`; records every step. */
function fakeOso(grants: string[], log: string[]): OsoAuthorizer {
  const allowed = (a: unknown, act: string, r: unknown) => grants.includes(`${a}:${act}:${r}`);
  return {
    async authorize(actor, action, resource, options: AuthorizeOptions = {}) {
      log.push(`decide ${actor} ${action} ${resource} checkRead=${options.checkRead}`);
      if (allowed(actor, action, resource)) return;
      if ((options.checkRead ?? true) && !allowed(actor, "read", resource)) throw new NotFoundError();
      throw new ForbiddenError();
    },
    async authorizedActions(actor, resource) {
      return new Set(
        grants
          .filter((g) => g.startsWith(`${actor}:`) && g.endsWith(`:${resource}`))
          .map((g) => g.split(":")[1]!),
      );
    },
  };
}

function setup(
  grants: string[],
  extra: Partial<ConstructorParameters<typeof RequestAuthorizer<Req>>[0]> = {},
) {
  const log: string[] = [];
  const authorizer = new RequestAuthorizer<Req>({
    oso: fakeOso(grants, log),
    actor: async (req) => {
      log.push("actor");
      return req.user;
    },
    ...extra,
  });
  const loader = async (req: Req) => {
    log.push("load");
    return req.id === "none" ? null : `page${req.id}`;
  };
  return { log, authorizer, loader };
}

const GRANTS = ["alice:read:page1", "alice:write:page1", "bob:read:page2", "alice:create:pages"];

describe("RouteAuthorization#run", () => {
  test("allowed: actor, then loader, then decision; returns { actor, resource }", async () => {
    const { log, authorizer, loader } = setup(GRANTS);
    const route = new RouteAuthorization<Req, string>("authorize()", "write", loader);
    const req = { user: "alice", id: "1" };
    await expect(route.run(authorizer.attach(req, req))).resolves.toEqual({
      actor: "alice",
      resource: "page1",
    });
    expect(log).toEqual(["actor", "load", "decide alice write page1 checkRead=true"]);
  });

  test.each([
    { what: "no actor", req: { id: "1" }, error: UnauthorizedError, log: ["actor"] },
    { what: "no resource", req: { user: "alice", id: "none" }, error: NotFoundError, log: ["actor", "load"] },
    {
      what: "may not read",
      req: { user: "bob", id: "1" },
      error: NotFoundError,
      log: ["actor", "load", "decide bob write page1 checkRead=true"],
    },
    {
      what: "may read, not act",
      req: { user: "bob", id: "2" },
      error: ForbiddenError,
      log: ["actor", "load", "decide bob write page2 checkRead=true"],
    },
  ])("$what -> $error.name, and nothing after the failing step", async ({ req, error, log: expected }) => {
    const { log, authorizer, loader } = setup(GRANTS);
    const route = new RouteAuthorization<Req, string>("authorize()", "write", loader);
    await expect(route.run(authorizer.attach(req, req))).rejects.toBeInstanceOf(error);
    expect(log).toEqual(expected);
  });

  test("the loader gets the request and the resolved actor (the anonymous one too)", async () => {
    const { authorizer } = setup(GRANTS, { anonymous: "alice" });
    const seen: unknown[][] = [];
    const route = new RouteAuthorization<Req, string>("authorize()", "read", (...args: unknown[]) => {
      seen.push(args);
      return "page1";
    });
    const req = { id: "1" };
    await expect(route.run(authorizer.attach(req, {}))).resolves.toEqual({
      actor: "alice",
      resource: "page1",
    });
    expect(seen).toEqual([[req, "alice"]]);
  });

  test("checkRead: false answers 403 where the default answers 404", async () => {
    const { authorizer, loader } = setup(GRANTS);
    const route = new RouteAuthorization<Req, string>("authorize()", "write", loader, { checkRead: false });
    await expect(route.run(authorizer.attach({ user: "bob", id: "1" }, {}))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  test("a fixed resource needs no loader and answers 403 by default", async () => {
    const { log, authorizer } = setup(GRANTS);
    const route = new RouteAuthorization<Req, string>("authorize()", "create", { resource: "pages" });
    await expect(route.run(authorizer.attach({ user: "alice" }, {}))).resolves.toEqual({
      actor: "alice",
      resource: "pages",
    });
    await expect(route.run(authorizer.attach({ user: "bob" }, {}))).rejects.toBeInstanceOf(ForbiddenError);
    expect(log.at(-1)).toBe("decide bob create pages checkRead=false");
  });

  test("a fixed resource with checkRead: true answers 404 when the actor may not read it", async () => {
    const { authorizer } = setup(GRANTS);
    const route = new RouteAuthorization<Req, string>("authorize()", "create", {
      resource: "pages",
      checkRead: true,
    });
    await expect(route.run(authorizer.attach({ user: "bob" }, {}))).rejects.toBeInstanceOf(NotFoundError);
  });

  test("the action may be a function of the request, sync or async", async () => {
    const { authorizer, loader } = setup(GRANTS);
    const sync = new RouteAuthorization<Req, string>(
      "authorize()",
      (req: Req) => (req.id === "1" ? "write" : "read"),
      loader,
    );
    const async = new RouteAuthorization<Req, string>("authorize()", async () => "write", loader);
    await expect(sync.run(authorizer.attach({ user: "alice", id: "1" }, {}))).resolves.toBeDefined();
    await expect(async.run(authorizer.attach({ user: "alice", id: "1" }, {}))).resolves.toBeDefined();
    await expect(async.run(authorizer.attach({ user: "bob", id: "2" }, {}))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  test("an action function returning no string is an error (500), not a decision", async () => {
    const { authorizer, loader } = setup(GRANTS);
    const route = new RouteAuthorization<Req, string>(
      "authorize()",
      () => undefined as unknown as string,
      loader,
    );
    const e = await settle(() => route.run(authorizer.attach({ user: "alice", id: "1" }, {})));
    expect(e).toMatchObject({ code: "invalid_argument" });
    expect((e as { status?: number }).status).toBeUndefined();
  });

  test.each<[string, Partial<AuthorizerOptions<Req>>, ResourceLoader<Req, string>, ActionSpec<Req>]>([
    ["the resolver", { actor: () => Promise.reject(new Error("boom")) }, async () => "x", async () => "read"],
    ["the loader", {}, async () => Promise.reject(new Error("boom")), "read"],
    [
      "a sync loader",
      {},
      () => {
        throw new Error("boom");
      },
      "read",
    ],
    [
      "the action function",
      {},
      async () => "x",
      () => {
        throw new Error("boom");
      },
    ],
  ])("an error of %s passes through untouched", async (_what, extra, loader, action) => {
    const { authorizer } = setup(GRANTS, extra);
    const route = new RouteAuthorization<Req, string>("authorize()", action, loader);
    const e = await settle(() => route.run(authorizer.attach({ user: "alice", id: "1" }, {})));
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toBe("boom");
    expect(isPolarError(e)).toBe(false);
  });

  test("a policy error passes through untouched", async () => {
    const boom = new Error("policy boom");
    const authorizer = new RequestAuthorizer<Req>({
      oso: { authorize: () => Promise.reject(boom), authorizedActions: async () => new Set() },
      actor: (req) => req.user,
    });
    const route = new RouteAuthorization<Req, string>("authorize()", "read", () => "page1");
    await expect(settle(() => route.run(authorizer.attach({ user: "alice" }, {})))).resolves.toBe(boom);
  });
});

describe("RequestAuthorizer: the actor", () => {
  test("the 401 carries the configured WWW-Authenticate header", async () => {
    const { authorizer } = setup(GRANTS, { unauthenticated: { wwwAuthenticate: 'Bearer realm="app"' } });
    const e = await settle(() => authorizer.findActor({}));
    expect(e).toBeInstanceOf(UnauthorizedError);
    expect(e).toMatchObject({
      status: 401,
      statusCode: 401,
      expose: true,
      headers: { "WWW-Authenticate": 'Bearer realm="app"' },
    });
  });

  test("no header unless configured", async () => {
    const { authorizer } = setup(GRANTS);
    await expect(authorizer.findActor({})).rejects.toMatchObject({ status: 401, headers: undefined });
  });

  test.each([
    ["a value", "guest", "guest"],
    ["a factory", (req: Req) => `guest-of-${req.id}`, "guest-of-7"],
    ["an async factory", async () => "async-guest", "async-guest"],
  ] as const)("an anonymous actor as %s", async (_what, anonymous, expected) => {
    const { authorizer } = setup(GRANTS, { anonymous });
    await expect(authorizer.findActor({ id: "7" })).resolves.toBe(expected);
    await expect(authorizer.findActor({ user: "alice" })).resolves.toBe("alice");
  });

  test("an anonymous factory returning nobody still answers 401", async () => {
    const { authorizer } = setup(GRANTS, { anonymous: () => null });
    await expect(authorizer.findActor({})).rejects.toBeInstanceOf(UnauthorizedError);
  });

  test("the actor is resolved once per request, and separately per request", async () => {
    const { log, authorizer } = setup(GRANTS);
    const scope = authorizer.attach({ user: "alice" }, {});
    await Promise.all([scope.actor(), scope.actor(), scope.authorize("read", "page1")]);
    expect(log.filter((l) => l === "actor")).toHaveLength(1);
    await authorizer.attach({ user: "bob" }, {}).actor();
    expect(log.filter((l) => l === "actor")).toHaveLength(2);
  });
});

describe("RequestScope: checks inside a handler", () => {
  test("authorize resolves to the resource; 404 for nothing; 403/404 as the route checks", async () => {
    const { authorizer } = setup(GRANTS);
    const scope = authorizer.attach({ user: "bob" }, {});
    await expect(scope.authorize("read", "page2")).resolves.toBe("page2");
    await expect(scope.authorize("read", null)).rejects.toBeInstanceOf(NotFoundError);
    await expect(scope.authorize("write", "page2")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(scope.authorize("write", "page1")).rejects.toBeInstanceOf(NotFoundError);
    await expect(scope.authorize("write", "page1", { checkRead: false })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  test("without an actor: 401 before looking at the resource", async () => {
    const { authorizer } = setup(GRANTS);
    await expect(authorizer.attach({}, {}).authorize("read", null)).rejects.toBeInstanceOf(UnauthorizedError);
  });

  test("authorizedActions", async () => {
    const { authorizer } = setup(GRANTS);
    await expect(authorizer.attach({ user: "alice" }, {}).authorizedActions("page1")).resolves.toEqual(
      new Set(["read", "write"]),
    );
  });

  test("authorizedQuery / authorizedResources: for the actor, 401 without one, refused by an oso without them", async () => {
    const calls: unknown[][] = [];
    const oso = {
      ...fakeOso(GRANTS, []),
      authorizedQuery: async (...args: unknown[]) => {
        calls.push(args);
        return "query";
      },
      authorizedResources: async (...args: unknown[]) => {
        calls.push(args);
        return ["row"];
      },
    };
    const authorizer = new RequestAuthorizer<Req>({ oso, actor: (req) => req.user });
    await expect(authorizer.attach({ user: "alice" }, {}).authorizedQuery("read", "Page")).resolves.toBe(
      "query",
    );
    await expect(authorizer.attach({ user: "bob" }, {}).authorizedResources("read", "Page")).resolves.toEqual(
      ["row"],
    );
    expect(calls).toEqual([
      ["alice", "read", "Page"],
      ["bob", "read", "Page"],
    ]);
    await expect(authorizer.attach({}, {}).authorizedResources("read", "Page")).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    const { authorizer: without } = setup(GRANTS);
    await expect(without.attach({ user: "alice" }, {}).authorizedQuery("read", "Page")).rejects.toThrow(
      /has no authorizedQuery\(\) method/,
    );
  });
});

describe("param loaders", () => {
  test("the route check uses the last param loader, lazily, once, and never without an actor", async () => {
    const { log, authorizer } = setup(GRANTS);
    const remember = paramResource<Req, string>("resourceParam()", async (value) => {
      log.push(`param ${value}`);
      return `page${value}`;
    });
    const read = new RouteAuthorization<Req, string>("authorize()", "read");
    const write = new RouteAuthorization<Req, string>("authorize()", "write");

    const anonymousReq = {};
    authorizer.attach(anonymousReq, anonymousReq);
    remember(anonymousReq, anonymousReq, "1");
    await expect(read.run(requestScope(anonymousReq, "authorize()"))).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    expect(log).toEqual(["actor"]);

    log.length = 0;
    const req = { user: "alice" };
    const scope = authorizer.attach(req, req);
    remember(req, req, "1");
    await read.run(scope);
    await write.run(scope);
    expect(log).toEqual([
      "actor",
      "param 1",
      "decide alice read page1 checkRead=true",
      "decide alice write page1 checkRead=true",
    ]);
  });

  test("no loader, no fixed resource and no param loader: a clear configuration error", async () => {
    const { authorizer } = setup(GRANTS);
    const e = await settle(() =>
      new RouteAuthorization<Req, string>("authorize()", "read").run(
        authorizer.attach({ user: "alice" }, {}),
      ),
    );
    expect(e).toMatchObject({ code: "invalid_state" });
    expect((e as Error).message).toMatch(/authorize\("read"\) has no loader.*resourceParam/);
  });

  test("a non-function param loader throws at start-up", () => {
    expect(() => paramResource("resourceParam()", 5 as never)).toThrow(
      /resourceParam\(\): the loader must be a function/,
    );
  });
});

describe("scopes and results on requests", () => {
  test("a request without osoMiddleware: a message that says so", () => {
    expect(() => requestScope({}, "authorize()")).toThrow(/authorize\(\) needs osoMiddleware\(\)/);
  });

  test("recordAuthorized / authorizedOf", () => {
    const holder = {};
    expect(() => authorizedOf(holder, "authorized(res)")).toThrow(
      /no authorize\(\) middleware allowed this request/,
    );
    recordAuthorized(holder, { actor: "alice", resource: "page1" });
    expect(authorizedOf<string>(holder, "authorized(res)")).toEqual({ actor: "alice", resource: "page1" });
    expect(Object.keys(holder)).toEqual([]); // kept under a symbol, out of the way
  });
});

/** What a call that may answer synchronously, throw, or return a Promise ends with: its value or its error. */
function settle(call: () => unknown): Promise<unknown> {
  return Promise.resolve()
    .then(call)
    .catch((e: unknown) => e);
}

describe("RequestScope: nobody", () => {
  test("a resolver that finds nobody is asked once per request", async () => {
    let calls = 0;
    const authorizer = new RequestAuthorizer<Req>({
      oso: { authorize: async () => {}, authorizedActions: async () => new Set() },
      actor: () => {
        calls++;
        return null;
      },
    });
    const scope = authorizer.attach({}, {});
    for (let i = 0; i < 3; i++)
      expect(await settle(() => scope.actorNow())).toBeInstanceOf(UnauthorizedError);
    expect(calls).toBe(1);
  });
});

describe("RouteAuthorization: the synchronous path", () => {
  /** An Oso that decides synchronously (or, with `late`, through a Promise that never settles). */
  function syncOso(log: string[], late = false): OsoAuthorizer {
    return {
      async authorize() {
        throw new Error("the synchronous path must not call authorize()");
      },
      authorizeMaybeSync(actor, action, resource) {
        log.push(`decide ${actor} ${action} ${resource}`);
        if (late) return new Promise<void>(() => {});
        if (actor !== "alice") throw new ForbiddenError();
        return undefined;
      },
      async authorizedActions() {
        return new Set<string>();
      },
    };
  }

  test("sync resolver, loader and decision: a plain result, no Promise", () => {
    const log: string[] = [];
    const authorizer = new RequestAuthorizer<Req>({ oso: syncOso(log), actor: (req) => req.user });
    const check = new RouteAuthorization<Req, string>("authorize()", "read", (req: Req) => `page${req.id}`);
    const result = check.run(authorizer.attach({ user: "alice", id: "1" }, {}));
    expect(result).not.toBeInstanceOf(Promise);
    expect(result).toEqual({ actor: "alice", resource: "page1" });
    expect(() => check.run(authorizer.attach({ user: "bob", id: "1" }, {}))).toThrow(ForbiddenError);
    expect(log).toEqual(["decide alice read page1", "decide bob read page1"]);
  });

  test("handle() runs the handler synchronously after a synchronous decision", () => {
    const log: string[] = [];
    const authorizer = new RequestAuthorizer<Req>({ oso: syncOso(log), actor: (req) => req.user });
    const check = new RouteAuthorization<Req, string>("authorize()", "read", (req: Req) => `page${req.id}`);
    const carrier = {};
    authorizer.attach({ user: "alice", id: "2" }, carrier);
    const out = check.handle(carrier, () => "handled");
    expect(out).toBe("handled");
    expect(authorizedOf(carrier, "x")).toEqual({ actor: "alice", resource: "page2" });
    // the result is kept on the scope: the carrier gets no property besides the scope and
    // the documented `actor` / `resource` (each new property costs every request)
    expect(Reflect.ownKeys(carrier).map(String)).toEqual([
      "actor",
      "resource",
      "Symbol(@oso-ts/core/request-scope)",
    ]);
  });

  test("a second osoMiddleware on the request keeps the result a route check recorded", () => {
    const authorizer = new RequestAuthorizer<Req>({ oso: syncOso([]), actor: (req) => req.user });
    const carrier = {};
    authorizer.attach({ user: "alice", id: "3" }, carrier);
    recordAuthorized(carrier, { actor: "alice", resource: "page3" });
    authorizer.attach({ user: "alice", id: "3" }, carrier);
    expect(authorizedOf(carrier, "x")).toEqual({ actor: "alice", resource: "page3" });
  });

  test("a decision that waits is bounded by the check's budget, counted from the check's start", async () => {
    const log: string[] = [];
    const authorizer = new RequestAuthorizer<Req>({
      oso: syncOso(log, true),
      actor: (req) => req.user,
      timeoutMs: 30,
    });
    const check = new RouteAuthorization<Req, string>("authorize()", "read", (req: Req) => `page${req.id}`);
    const started = Date.now();
    const e = await Promise.resolve(check.run(authorizer.attach({ user: "alice", id: "1" }, {}))).catch(
      (x) => x,
    );
    expect(isPolarError(e) && e.code).toBe("request_timeout");
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  test("an action function after a sync loader: the loader runs once", async () => {
    const log: string[] = [];
    const authorizer = new RequestAuthorizer<Req>({ oso: syncOso(log), actor: (req) => req.user });
    let loads = 0;
    const check = new RouteAuthorization<Req, string>(
      "authorize()",
      async () => "write",
      (req: Req) => {
        loads++;
        return `page${req.id}`;
      },
    );
    await expect(check.run(authorizer.attach({ user: "alice", id: "3" }, {}))).resolves.toEqual({
      actor: "alice",
      resource: "page3",
    });
    expect(loads).toBe(1);
    expect(log).toEqual(["decide alice write page3"]);
  });
});

/**
 * The Oso API: isAllowed, authorize (404 vs 403), authorizedActions (wildcards),
 * field-level checks, requests, custom error classes, queryRule / queryRuleOnce.
 */
import { describe, expect, test } from "vitest";
import { Variable } from "./engine/terms.js";
import { ForbiddenError, isPolarError, NotFoundError, PolarError } from "./errors.js";
import { quietOso } from "./test-helpers.js";

class User {
  constructor(public name: string) {}
}
class Doc {
  constructor(
    public owner: string,
    public isPublic: boolean,
  ) {}
}

const POLICY = `
allow(_user: User, "read", doc: Doc) if doc.isPublic;
allow(user: User, action, doc: Doc) if doc.owner = user.name and action in ["read", "write", "delete"];
allow_field(_user: User, "read", _doc: Doc, "title");
allow_field(user: User, "read", doc: Doc, field) if doc.owner = user.name and field in ["title", "body"];
allow_request(user: User, request) if request.owner = user.name;
`;

async function oso(options = {}) {
  const o = quietOso(options);
  o.registerClass(User);
  o.registerClass(Doc);
  await o.loadStr(POLICY);
  return o;
}

const alice = new User("alice");
const bob = new User("bob");
const privateDoc = new Doc("alice", false);
const publicDoc = new Doc("alice", true);

describe("Oso#authorize", () => {
  test("allowed resolves", async () => {
    await expect((await oso()).authorize(alice, "write", privateDoc)).resolves.toBeUndefined();
  });
  test("may read but not act: ForbiddenError, 403, exposed", async () => {
    const e = await (await oso()).authorize(bob, "write", publicDoc).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ForbiddenError);
    expect(e).toMatchObject({ status: 403, statusCode: 403, expose: true, code: "forbidden" });
    expect(isPolarError(e)).toBe(true);
  });
  test("may not even read: NotFoundError, 404", async () => {
    const e = await (await oso()).authorize(bob, "write", privateDoc).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NotFoundError);
    expect(e).toMatchObject({ status: 404, statusCode: 404, expose: true });
  });
  test("reading what one may not read is a 404 without a second query", async () => {
    await expect((await oso()).authorize(bob, "read", privateDoc)).rejects.toBeInstanceOf(NotFoundError);
  });
  test("checkRead: false always answers 403", async () => {
    await expect(
      (await oso()).authorize(bob, "write", privateDoc, { checkRead: false }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
  test("readAction and custom error classes", async () => {
    class Gone extends Error {}
    class Nope extends Error {}
    const o = await oso({ readAction: "delete", notFoundError: Gone, forbiddenError: Nope });
    await expect(o.authorize(bob, "write", publicDoc)).rejects.toBeInstanceOf(Gone);
    await expect(o.authorize(bob, "delete", privateDoc)).rejects.toBeInstanceOf(Gone);
    // bob may "delete" (the read action here) a doc he owns, not "write" it
    await expect(o.authorize(bob, "write", new Doc("bob", false))).resolves.toBeUndefined();
    const own = new Doc("carol", false);
    const o2 = await oso({ readAction: "read", forbiddenError: Nope });
    await expect(o2.authorize(bob, "write", publicDoc)).rejects.toBeInstanceOf(Nope);
    await expect(o2.authorize(bob, "write", own, { checkRead: false })).rejects.toBeInstanceOf(Nope);
  });
  test("an error in the read check of a denial rejects; it never allows", async () => {
    const o = await oso();
    let reads = 0;
    const flaky = {
      owner: "alice",
      get isPublic(): boolean {
        // the first decision (write) does not read it; the read check does, and fails
        reads++;
        throw new Error("db down");
      },
    };
    Object.setPrototypeOf(flaky, Doc.prototype);
    const e = await o.authorize(bob, "write", flaky as Doc).catch((x: unknown) => x);
    expect(reads).toBeGreaterThan(0);
    expect((e as PolarError).code).toBe("application_error");
    expect(() => o.authorizeSync(bob, "write", flaky as Doc)).toThrow(/db down/);
  });
  test("an undefined actor or resource is refused, never decided on", async () => {
    const o = quietOso();
    // "nobody" and "nothing" would unify
    await o.loadStr("allow(actor, _, resource) if actor = resource;");
    for (const call of [
      () => o.isAllowed(undefined, "read", undefined),
      () => o.authorize(undefined, "read", {}),
      () => o.authorizedActions({}, undefined),
      () => o.authorizedFields(undefined, "read", {}),
      () => o.authorizeField({}, "read", undefined, "title"),
      () => o.authorizeRequest(undefined, {}),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: "invalid_argument" });
    }
    expect(() => o.isAllowedSync({}, "read", undefined)).toThrow(/resource is undefined/);
    expect(() => o.authorizeSync(undefined, "read", {})).toThrow(/actor is undefined/);
    // null is nil, a value like any other
    expect(await o.isAllowed(null, "read", null)).toBe(true);
  });
  test("an error during the decision rejects; it never allows", async () => {
    const o = await oso();
    const broken = {
      owner: "alice",
      get isPublic(): boolean {
        throw new Error("db down");
      },
    };
    Object.setPrototypeOf(broken, Doc.prototype);
    const e = await o.authorize(alice, "read", broken as Doc).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PolarError);
    expect((e as PolarError).code).toBe("application_error");
  });
  test("the sync twin", async () => {
    const o = await oso();
    expect(() => o.authorizeSync(alice, "write", privateDoc)).not.toThrow();
    expect(() => o.authorizeSync(bob, "write", publicDoc)).toThrow(ForbiddenError);
    expect(() => o.authorizeSync(bob, "write", privateDoc)).toThrow(NotFoundError);
  });
});

describe("Oso#authorizeMaybeSync", () => {
  test("answers without a Promise when nothing waits", async () => {
    const o = await oso();
    expect(o.authorizeMaybeSync(alice, "write", privateDoc)).toBeUndefined();
    expect(() => o.authorizeMaybeSync(bob, "write", publicDoc)).toThrow(ForbiddenError);
    expect(() => o.authorizeMaybeSync(bob, "write", privateDoc)).toThrow(NotFoundError);
  });
  test("returns a Promise when a host call returns one", async () => {
    const o = await oso();
    const later = { owner: "alice", isPublic: Promise.resolve(true) };
    Object.setPrototypeOf(later, Doc.prototype);
    const r = o.authorizeMaybeSync(bob, "read", later as unknown as Doc);
    expect(r).toBeInstanceOf(Promise);
    await expect(r).resolves.toBeUndefined();
    const denied = o.authorizeMaybeSync(bob, "write", later as unknown as Doc);
    await expect(denied).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("Oso#authorizedActions", () => {
  test("every action, once", async () => {
    const o = await oso();
    expect(await o.authorizedActions(alice, publicDoc)).toEqual(new Set(["read", "write", "delete"]));
    expect(await o.authorizedActions(bob, publicDoc)).toEqual(new Set(["read"]));
    expect(await o.authorizedActions(bob, privateDoc)).toEqual(new Set());
  });
  test("an unconstrained action is refused unless allowWildcard", async () => {
    const o = quietOso();
    o.registerClass(User);
    await o.loadStr("allow(_u: User, _action, _r);");
    const e = await o.authorizedActions(alice, 1).catch((x: unknown) => x);
    expect((e as PolarError).code).toBe("wildcard_result");
    expect(await o.authorizedActions(alice, 1, { allowWildcard: true })).toEqual(new Set(["*"]));
  });
});

describe("fields and requests", () => {
  test("authorizedFields / authorizeField", async () => {
    const o = await oso();
    expect(await o.authorizedFields(bob, "read", privateDoc)).toEqual(new Set(["title"]));
    expect(await o.authorizedFields(alice, "read", privateDoc)).toEqual(new Set(["title", "body"]));
    await expect(o.authorizeField(bob, "read", privateDoc, "body")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(o.authorizeField(alice, "read", privateDoc, "body")).resolves.toBeUndefined();
  });
  test("authorizeRequest", async () => {
    const o = await oso();
    await expect(o.authorizeRequest(alice, { owner: "alice" })).resolves.toBeUndefined();
    await expect(o.authorizeRequest(alice, { owner: "bob" })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("queries", () => {
  test("queryRule with Variables, queryRuleOnce, options form", async () => {
    const o = await oso();
    const actions: unknown[] = [];
    for await (const s of o.queryRule("allow", alice, new Variable("a"), privateDoc))
      actions.push(s.get("a"));
    expect(actions).toEqual(["read", "write", "delete"]);
    expect(await o.queryRuleOnce("allow", alice, "read", privateDoc)).toBe(true);
    const opts: unknown[] = [];
    for await (const s of o.queryRule(
      { acceptExpression: true },
      "allow",
      bob,
      new Variable("a"),
      publicDoc,
    )) {
      opts.push(s.get("a"));
    }
    expect(opts).toEqual(["read"]);
  });
  test("query with bindings", async () => {
    const o = await oso();
    const out: unknown[] = [];
    for await (const s of o.query('allow(u, "read", d)', { bindings: { u: bob, d: publicDoc } }))
      out.push(s.size);
    expect(out).toEqual([2]);
  });
  test("querySync / queryRuleSync", async () => {
    const o = await oso();
    expect([...o.querySync("x in [1, 2]")].map((s) => s.get("x"))).toEqual([1, 2]);
    expect([...o.queryRuleSync("allow", bob, new Variable("a"), publicDoc)].map((s) => s.get("a"))).toEqual([
      "read",
    ]);
  });
  test("a parse error in a query is a ParseError with a position", async () => {
    const o = await oso();
    const e = await (async () => {
      for await (const _ of o.query("x = ")) void _;
    })().catch((x: unknown) => x);
    expect((e as PolarError).kind).toBe("parse");
    expect((e as PolarError).column).toBe(5);
  });
  test("queryRule without a name", async () => {
    const o = await oso();
    await expect(o.queryRule({}, 1 as unknown as string).next()).rejects.toMatchObject({
      code: "invalid_argument",
    });
  });
});

describe("an HTTP status thrown by a host method", () => {
  class Gate {
    constructor(private readonly error: unknown) {}
    check(): boolean {
      throw this.error;
    }
    async checkLater(): Promise<boolean> {
      throw this.error;
    }
  }
  async function gated() {
    const o = quietOso();
    o.registerClass(Gate);
    await o.loadStr(`
      allow(_actor, "sync", gate: Gate) if gate.check();
      allow(_actor, "async", gate: Gate) if gate.checkLater();`);
    return o;
  }
  const httpError = (status: unknown, extra = {}) =>
    Object.assign(new Error("conflict"), { status, expose: true, ...extra });

  test.each([
    ["a ForbiddenError", () => new ForbiddenError(), 403],
    ["an http-errors-like error (status)", () => httpError(409), 409],
    ["an http-errors-like error (statusCode only)", () => httpError(undefined, { statusCode: 503 }), 503],
  ])("%s: wrapped as application_error, original as cause, status kept", async (_what, make, status) => {
    const o = await gated();
    for (const action of ["sync", "async"]) {
      const original = make();
      const e = (await o
        .authorize("alice", action, new Gate(original))
        .catch((x: unknown) => x)) as PolarError & {
        status?: number;
        statusCode?: number;
        expose?: boolean;
      };
      expect(e.code).toBe("application_error");
      expect(e.cause).toBe(original);
      expect([e.status, e.statusCode, e.expose]).toEqual([status, status, false]);
      expect(e.line).toBe(action === "sync" ? 2 : 3);
    }
  });

  test.each([
    ["no status", new Error("db down")],
    ["a 2xx status", httpError(200)],
    ["a 3xx status", httpError(302)],
    ["a status out of range", httpError(600)],
    ["a fractional status", httpError(403.5)],
    ["a string status", httpError("403")],
    ["a thrown string", "boom"],
  ])("%s: no status on the wrapper (a 500)", async (_what, original) => {
    const o = await gated();
    const e = (await o.authorize("alice", "sync", new Gate(original)).catch((x: unknown) => x)) as {
      code: string;
      status?: number;
      cause?: unknown;
    };
    expect(e.code).toBe("application_error");
    expect(e.cause).toBe(original);
    expect(e.status).toBeUndefined();
  });
});

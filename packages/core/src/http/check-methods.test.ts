/**
 * `installCheckMethods`: the handler's own checks, defined once on a request prototype.
 */
import { describe, expect, test } from "vitest";
import { ForbiddenError, NotFoundError } from "../errors.js";
import { type CheckMethods, installCheckMethods } from "./check-methods.js";
import { RequestAuthorizer } from "./request-authorization.js";

interface Req {
  user?: string;
  locals: object;
}

const oso = {
  async authorize(actor: unknown, action: string, resource: unknown) {
    if (actor === "alice" && resource === "page1") return;
    throw action === "read" ? new NotFoundError() : new ForbiddenError();
  },
  async authorizedActions(actor: unknown) {
    return new Set(actor === "alice" ? ["read", "write"] : []);
  },
};

function setup() {
  const proto: object = {};
  installCheckMethods(proto, (r) => (r as Req).locals, "req");
  const authorizer = new RequestAuthorizer<Req>({ oso, actor: (req) => req.user });
  const request = (user?: string): Req & CheckMethods => {
    const req = Object.assign(Object.create(proto), { user, locals: {} }) as Req & CheckMethods;
    authorizer.attach(req, req.locals);
    return req;
  };
  return { proto, request };
}

describe("installCheckMethods", () => {
  test("the methods check against the request they are read from", async () => {
    const { request } = setup();
    const alice = request("alice");
    const bob = request("bob");
    await expect(alice.authorize("write", "page1")).resolves.toBe("page1");
    await expect(bob.authorize("read", "page1")).rejects.toBeInstanceOf(NotFoundError);
    await expect(alice.authorizedActions("page1")).resolves.toEqual(new Set(["read", "write"]));
  });

  test("destructured, they still know their request", async () => {
    const { request } = setup();
    const { authorize, authorizedActions } = request("alice");
    await expect(authorize("read", "page1")).resolves.toBe("page1");
    await expect(authorizedActions("page1")).resolves.toEqual(new Set(["read", "write"]));
  });

  test("nothing is added to the requests themselves", () => {
    const { request } = setup();
    expect(Object.keys(request("alice")).sort()).toEqual(["locals", "user"]);
  });

  test("a request osoMiddleware did not see: a rejection that says so", async () => {
    const { proto } = setup();
    const stray = Object.assign(Object.create(proto), { locals: {} }) as CheckMethods;
    await expect(stray.authorize("read", "page1")).rejects.toThrow(
      /req\.authorize\(\) needs osoMiddleware\(\)/,
    );
  });

  test("installing twice keeps the first installation; assigning shadows the getter", () => {
    const { proto, request } = setup();
    const getter = Object.getOwnPropertyDescriptor(proto, "authorize")?.get;
    installCheckMethods(proto, () => ({}), "other");
    expect(Object.getOwnPropertyDescriptor(proto, "authorize")?.get).toBe(getter);
    const req = request("alice") as Req & { authorize: unknown };
    req.authorize = "mine";
    expect(req.authorize).toBe("mine");
  });
});

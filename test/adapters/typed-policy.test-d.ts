/**
 * Type tests of `@oso-ts/express` and `@oso-ts/koa` with a typed policy (run by vitest's
 * typecheck): `authorize` as it is typed once an application registers a policy binding in
 * `AuthorizationTypes` (here `Authorize<Policy, User>`, so that this program's other tests
 * stay untyped), and `authorized(res)` / `authorized(ctx)` and the locals / state inferring
 * what the route's `authorize` loaded. The same checks for both, side by side: types cannot
 * be run in a loop over the frameworks, so each framework's block states them in its own types.
 */
import Router from "@koa/router";
import type { Authorized, PolicyBinding } from "@oso-ts/core";
import * as E from "@oso-ts/express";
import * as K from "@oso-ts/koa";
import express, { type Request } from "express";
import type { Context } from "koa";
import { describe, expectTypeOf, test } from "vitest";

// as `oso-ts types` generates it for a GitClub-like policy
interface PolicyTypes {
  resources: {
    User: { actions: never; roles: never; relations: {} };
    Org: { actions: "read" | "create_repo"; roles: "owner"; relations: {} };
    Repo: { actions: "read" | "create_issue"; roles: "reader"; relations: { parent: "Org" } };
  };
  actors: "User";
  otherActions: "list";
}
interface User {
  userId: number;
}
interface Org {
  id: number;
  name: string;
}
interface Repo {
  id: number;
  name: string;
  org: Org;
}
type Policy = PolicyBinding<PolicyTypes, { User: User; Org: Org; Repo: Repo }>;

declare function findRepo(id: string, by: User): Promise<Repo | undefined>;
declare function findOrg(id: string): Org | null;

describe("@oso-ts/express with a typed policy", () => {
  const authorize = null as unknown as E.Authorize<Policy, User>;
  const loadRepo = (req: Request, actor: User) => findRepo(String(req.params.repo), actor);
  const loadOrg = (req: Request) => findOrg(String(req.params.org));

  test("the loader's resource type decides the actions", () => {
    expectTypeOf(authorize("create_issue", loadRepo)).toEqualTypeOf<E.AuthorizeHandler<Repo, User>>();
    expectTypeOf(authorize("create_repo", loadOrg)).toEqualTypeOf<E.AuthorizeHandler<Org, User>>();
    expectTypeOf(authorize((req) => (req.method === "GET" ? "read" : "create_issue"), loadRepo)).toExtend<
      E.AuthorizeHandler<Repo, User>
    >();
    // @ts-expect-error "raed" is no action
    authorize("raed", loadRepo);
    // @ts-expect-error an Org has no create_issue
    authorize("create_issue", loadOrg);
    // @ts-expect-error a Repo has no create_repo (though it has every field of an Org)
    authorize("create_repo", loadRepo);
    // @ts-expect-error an action function returning a misspelt action
    authorize(() => "raed" as const, loadRepo);
  });

  test("routes without a loader accept any action of the policy, and only those", () => {
    authorize("read");
    authorize("list", { resource: "orgs" });
    // @ts-expect-error "raed" is no action
    authorize("raed");
    // @ts-expect-error "lsit" is no action
    authorize("lsit", { resource: "orgs" });
  });

  test("the loader gets the actor, typed", () => {
    authorize("read", (_req, actor) => {
      expectTypeOf(actor).toEqualTypeOf<User>();
      return findOrg(String(actor.userId));
    });
  });

  test("authorized(res) and res.locals carry what the route's authorize loaded, without a type argument", () => {
    const app = express();
    app.get("/orgs/:org/repos/:repo", authorize("read", loadRepo), (_req, res) => {
      expectTypeOf(E.authorized(res)).toEqualTypeOf<Authorized<Repo>>();
      expectTypeOf(E.authorized(res).resource).toEqualTypeOf<Repo>();
      expectTypeOf(res.locals.resource).toEqualTypeOf<Repo>();
      expectTypeOf(res.locals.actor).toEqualTypeOf<User>();
    });
    app.get("/orgs/:org", authorize("read", loadOrg), (_req, res) => {
      expectTypeOf(E.authorized(res).resource).toEqualTypeOf<Org>();
      // @ts-expect-error the resource is an Org, not a Repo
      const repo: Repo = E.authorized(res).resource;
      void repo;
    });
  });

  test("a handler after no authorize gets unknown, or the type it gives", () => {
    express().get("/", (_req, res) => {
      expectTypeOf(E.authorized(res)).toEqualTypeOf<Authorized<unknown>>();
      expectTypeOf(E.authorized<Org>(res)).toEqualTypeOf<Authorized<Org>>();
    });
  });
});

describe("@oso-ts/koa with a typed policy", () => {
  const authorize = null as unknown as K.Authorize<Policy, User>;
  const loadRepo = (ctx: Context, actor: User) => findRepo(String(ctx.params.repo), actor);
  const loadOrg = (ctx: Context) => findOrg(String(ctx.params.org));

  test("the loader's resource type decides the actions", () => {
    expectTypeOf(authorize("create_issue", loadRepo)).toEqualTypeOf<K.AuthorizeMiddleware<Repo, User>>();
    expectTypeOf(authorize("create_repo", loadOrg)).toEqualTypeOf<K.AuthorizeMiddleware<Org, User>>();
    expectTypeOf(authorize((ctx) => (ctx.method === "GET" ? "read" : "create_issue"), loadRepo)).toExtend<
      K.AuthorizeMiddleware<Repo, User>
    >();
    // @ts-expect-error "raed" is no action
    authorize("raed", loadRepo);
    // @ts-expect-error an Org has no create_issue
    authorize("create_issue", loadOrg);
    // @ts-expect-error a Repo has no create_repo (though it has every field of an Org)
    authorize("create_repo", loadRepo);
    // @ts-expect-error an action function returning a misspelt action
    authorize(() => "raed" as const, loadRepo);
  });

  test("routes without a loader accept any action of the policy, and only those", () => {
    authorize("read");
    authorize("list", { resource: "orgs" });
    // @ts-expect-error "raed" is no action
    authorize("raed");
    // @ts-expect-error "lsit" is no action
    authorize("lsit", { resource: "orgs" });
  });

  test("the loader gets the actor, typed", () => {
    authorize("read", (_ctx, actor) => {
      expectTypeOf(actor).toEqualTypeOf<User>();
      return findOrg(String(actor.userId));
    });
  });

  test("authorized(ctx) and ctx.state carry what the route's authorize loaded, without a type argument", () => {
    const router = new Router();
    router.get("/orgs/:org/repos/:repo", authorize("read", loadRepo), (ctx) => {
      expectTypeOf(K.authorized(ctx)).toEqualTypeOf<Authorized<Repo>>();
      expectTypeOf(K.authorized(ctx).resource).toEqualTypeOf<Repo>();
      expectTypeOf(ctx.state.resource).toEqualTypeOf<Repo>();
      expectTypeOf(ctx.state.actor).toEqualTypeOf<User>();
    });
    router.get("/orgs/:org", authorize("read", loadOrg), (ctx) => {
      expectTypeOf(K.authorized(ctx).resource).toEqualTypeOf<Org>();
      // @ts-expect-error the resource is an Org, not a Repo
      const repo: Repo = K.authorized(ctx).resource;
      void repo;
    });
  });

  test("a handler after no authorize gets unknown, or the type it gives", () => {
    new Router().get("/", (ctx) => {
      expectTypeOf(K.authorized(ctx)).toEqualTypeOf<Authorized<unknown>>();
      expectTypeOf(K.authorized<Org>(ctx)).toEqualTypeOf<Authorized<Org>>();
    });
  });
});

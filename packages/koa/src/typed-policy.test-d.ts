/**
 * Type tests of `@oso-ts/koa` with a typed policy (run by vitest's typecheck): `authorize`
 * as it is typed once an application registers a policy binding in `AuthorizationTypes`
 * (here `Authorize<Policy, User>`, so that this program's other tests stay untyped), and
 * `authorized(ctx)` / `ctx.state` inferring what the route's `authorize` loaded.
 */
import Router from "@koa/router";
import type { Authorized, PolicyBinding } from "@oso-ts/core";
import type { Context } from "koa";
import { describe, expectTypeOf, test } from "vitest";
import { type Authorize, type AuthorizeMiddleware, authorized } from "./index.js";

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

declare const authorize: Authorize<Policy, User>;
declare function findRepo(id: string, by: User): Promise<Repo | undefined>;
declare function findOrg(id: string): Org | null;
const loadRepo = (ctx: Context, actor: User) => findRepo(String(ctx.params.repo), actor);
const loadOrg = (ctx: Context) => findOrg(String(ctx.params.org));

describe("@oso-ts/koa with a typed policy", () => {
  test("the loader's resource type decides the actions", () => {
    expectTypeOf(authorize("create_issue", loadRepo)).toEqualTypeOf<AuthorizeMiddleware<Repo, User>>();
    expectTypeOf(authorize("create_repo", loadOrg)).toEqualTypeOf<AuthorizeMiddleware<Org, User>>();
    // @ts-expect-error "raed" is no action
    authorize("raed", loadRepo);
    // @ts-expect-error an Org has no create_issue
    authorize("create_issue", loadOrg);
    // @ts-expect-error a Repo has no create_repo (though it has every field of an Org)
    authorize("create_repo", loadRepo);
  });

  test("routes without a loader accept any action of the policy, and only those", () => {
    authorize("read");
    authorize("list", { resource: "orgs" });
    // @ts-expect-error "raed" is no action
    authorize("raed");
  });

  test("the loader gets the actor, typed", () => {
    authorize("read", (_ctx, actor) => {
      expectTypeOf(actor).toEqualTypeOf<User>();
      return findOrg(String(actor.userId));
    });
  });

  test("authorized(ctx) and ctx.state carry what the route's authorize loaded", () => {
    const router = new Router();
    router.get("/orgs/:org/repos/:repo", authorize("read", loadRepo), (ctx) => {
      expectTypeOf(authorized(ctx)).toEqualTypeOf<Authorized<Repo>>();
      expectTypeOf(ctx.state.resource).toEqualTypeOf<Repo>();
      expectTypeOf(ctx.state.actor).toEqualTypeOf<User>();
    });
    router.get("/orgs/:org", authorize("read", loadOrg), (ctx) => {
      expectTypeOf(authorized(ctx).resource).toEqualTypeOf<Org>();
    });
    router.get("/", (ctx) => {
      expectTypeOf(authorized(ctx)).toEqualTypeOf<Authorized<unknown>>();
    });
  });
});

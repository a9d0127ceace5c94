/**
 * Type tests of `@oso-ts/express` with a typed policy (run by vitest's typecheck):
 * `authorize` as it is typed once an application registers a policy binding in
 * `AuthorizationTypes` (here `Authorize<Policy, User>`, so that this program's other tests
 * stay untyped), and `authorized(res)` inferring what the route's `authorize` loaded.
 */
import type { Authorized, PolicyBinding } from "@oso-ts/core";
import express, { type Request } from "express";
import { describe, expectTypeOf, test } from "vitest";
import { type Authorize, type AuthorizeHandler, authorized } from "./index.js";

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
const loadRepo = (req: Request, actor: User) => findRepo(String(req.params.repo), actor);
const loadOrg = (req: Request) => findOrg(String(req.params.org));

describe("@oso-ts/express with a typed policy", () => {
  test("the loader's resource type decides the actions", () => {
    expectTypeOf(authorize("create_issue", loadRepo)).toEqualTypeOf<AuthorizeHandler<Repo, User>>();
    expectTypeOf(authorize("create_repo", loadOrg)).toEqualTypeOf<AuthorizeHandler<Org, User>>();
    expectTypeOf(authorize((req) => (req.method === "GET" ? "read" : "create_issue"), loadRepo)).toExtend<
      AuthorizeHandler<Repo, User>
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

  test("authorized(res) returns what the route's authorize loaded, without a type argument", () => {
    const app = express();
    app.get("/orgs/:org/repos/:repo", authorize("read", loadRepo), (_req, res) => {
      expectTypeOf(authorized(res)).toEqualTypeOf<Authorized<Repo>>();
      expectTypeOf(authorized(res).resource).toEqualTypeOf<Repo>();
      expectTypeOf(res.locals.actor).toEqualTypeOf<User>();
    });
    app.get("/orgs/:org", authorize("read", loadOrg), (_req, res) => {
      expectTypeOf(authorized(res).resource).toEqualTypeOf<Org>();
      // @ts-expect-error the resource is an Org, not a Repo
      const repo: Repo = authorized(res).resource;
      void repo;
    });
  });
});

describe("authorized(res) elsewhere", () => {
  test("a handler after no authorize gets unknown, or the type it gives", () => {
    express().get("/", (_req, res) => {
      expectTypeOf(authorized(res)).toEqualTypeOf<Authorized<unknown>>();
      expectTypeOf(authorized<Org>(res)).toEqualTypeOf<Authorized<Org>>();
    });
  });
});

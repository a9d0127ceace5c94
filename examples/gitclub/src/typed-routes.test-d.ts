/**
 * Type tests of GitClub's typed policy (checked by `tsc -b`, which builds this example):
 * with the types `oso-ts types` generated from `authorization.polar` registered in
 * `actor.ts`, a GitClub-like route with a misspelt action, or an action its resource's type
 * does not have, does not compile.
 */
import { authorize, authorized } from "@oso-ts/express";
import express, { type Request } from "express";
import { expectTypeOf } from "vitest";
import type { Store } from "./db/store.js";
import { type Issue, Org, Repo, type User } from "./models.js";
import { createOso } from "./oso.js";
import type { PolicyTypes } from "./policy-types.js";

declare const store: Store;
const loadRepo = (req: Request) => store.repo(String(req.params.org), String(req.params.repo));
const loadOrg = (req: Request) => store.org(String(req.params.org));
const router = express.Router();

// the routes as GitClub writes them: the resource comes from resourceParam
router.get("/orgs/:org", authorize("read"), (_req, res) => {
  expectTypeOf(authorized(res).actor).toEqualTypeOf<User>();
});
// @ts-expect-error "raed" is no action of the policy
router.get("/orgs/:org", authorize("raed"), () => {});
router.get("/repos", authorize("list", { resource: "repos" }), () => {});
// @ts-expect-error "lsit" is no action of the policy
router.get("/repos", authorize("lsit", { resource: "repos" }), () => {});

// with a loader, the loaded resource's type decides
router.post("/orgs/:org/repos/:repo/issues", authorize("create_issue", loadRepo), (_req, res) => {
  expectTypeOf(authorized(res).resource).toEqualTypeOf<Repo>();
  expectTypeOf(res.locals.actor).toEqualTypeOf<User>();
});
// @ts-expect-error a Repo has no create_repo (an Org has)
router.post("/orgs/:org/repos/:repo", authorize("create_repo", loadRepo), () => {});
// @ts-expect-error an Org has no create_issue (a Repo has)
router.post("/orgs/:org", authorize("create_issue", loadOrg), () => {});
// the loader gets the actor
authorize("read", (_req, actor) => {
  expectTypeOf(actor).toEqualTypeOf<User>();
  return store.org("acme");
});

// the handler's own checks and the Oso instance
router.get("/orgs/:org/repos/:repo/issues/:issue", async (req) => {
  const issue = {} as Issue;
  await req.authorize("close", issue);
  // @ts-expect-error an Issue has no create_issue
  await req.authorize("create_issue", issue);
  // lists: the class decides
  await req.authorizedResources("create_issue", Repo);
  await req.authorizedQuery("create_repo", "Org");
  // @ts-expect-error a Repo has no create_repo
  await req.authorizedResources("create_repo", Repo);
  // @ts-expect-error "raed" is no action
  await req.authorizedQuery("raed", Org);
  const oso = await createOso();
  const user = {} as User;
  await oso.authorize(user, "create_repo", {} as Org);
  // @ts-expect-error an Org has no close
  await oso.authorize(user, "close", {} as Org);
  // @ts-expect-error an Org is not an actor
  await oso.authorize({} as Org, "read", issue);
});

expectTypeOf<PolicyTypes["resources"]["Issue"]["actions"]>().toEqualTypeOf<
  "read" | "update" | "close" | "delete"
>();

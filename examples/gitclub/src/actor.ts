/**
 * GitClub's types, registered with oso-ts: the actor (`osoMiddleware`'s resolver must
 * return a `User`, and `authorized(res).actor` is one) and the policy, whose types
 * `oso-ts types` generates into `policy-types.ts`, bound to the model classes: a route's
 * `authorize(action, ...)` then accepts only the actions of the policy (of the loaded
 * resource's type, when it has a loader), so a misspelt action does not compile.
 * @module
 */
import type { PolicyBinding } from "@oso-ts/core";
import type { Issue, Org, Repo, User } from "./models.js";
import type { PolicyTypes } from "./policy-types.js";

/** GitClub's policy types bound to its classes. */
export type GitClubPolicy = PolicyBinding<PolicyTypes, { User: User; Org: Org; Repo: Repo; Issue: Issue }>;

declare module "@oso-ts/core" {
  interface AuthorizationTypes {
    actor: User;
    policy: GitClubPolicy;
  }
}

/**
 * Type tests of typed policies (run by vitest's typecheck): with a policy binding, the
 * decision APIs accept only the actions of the resource's type, and the actor type of the
 * policy; without one, any string as before.
 */
import { describe, expectTypeOf, test } from "vitest";
import {
  type ActionFor,
  type ActionForClass,
  type ActorFor,
  Oso,
  type PolicyAction,
  type PolicyBinding,
  type PolicyTypeOf,
  type TypedOso,
} from "./index.js";

// as `oso-ts types` generates it for a GitClub-like policy
interface PolicyTypes {
  resources: {
    User: { actions: never; roles: never; relations: {} };
    Org: { actions: "read" | "create_repo"; roles: "owner" | "member"; relations: {} };
    Repo: { actions: "read" | "create_issue"; roles: "reader"; relations: { parent: "Org" } };
  };
  actors: "User";
  otherActions: "list";
}
class User {
  constructor(
    readonly name: string,
    readonly email: string,
  ) {}
}
class Org {
  constructor(
    readonly id: number,
    readonly name: string,
  ) {}
}
// every field of an Org, and more: a Repo is assignable to Org, yet must count as a Repo
class Repo {
  constructor(
    readonly id: number,
    readonly name: string,
    readonly org: Org,
  ) {}
}
class Comment {
  readonly text = "";
}
type Policy = PolicyBinding<PolicyTypes, { User: User; Org: Org; Repo: Repo }>;

const user = new User("alice", "alice@example.com");
const org = new Org(1, "acme");
const repo = new Repo(2, "anvil", org);

describe("mapping a value's type to its policy type", () => {
  test("the most specific bound class wins", () => {
    expectTypeOf<PolicyTypeOf<Policy, Repo>>().toEqualTypeOf<"Repo">();
    expectTypeOf<PolicyTypeOf<Policy, Org>>().toEqualTypeOf<"Org">();
    expectTypeOf<PolicyTypeOf<Policy, Comment>>().toEqualTypeOf<never>();
    expectTypeOf<ActionFor<Policy, Repo>>().toEqualTypeOf<"read" | "create_issue">();
    expectTypeOf<ActionFor<Policy, Org>>().toEqualTypeOf<"read" | "create_repo">();
  });

  test("a value of no bound class takes every action of the policy", () => {
    expectTypeOf<PolicyAction<Policy>>().toEqualTypeOf<"read" | "create_repo" | "create_issue" | "list">();
    expectTypeOf<ActionFor<Policy, "orgs">>().toEqualTypeOf<PolicyAction<Policy>>();
    expectTypeOf<ActionFor<Policy, unknown>>().toEqualTypeOf<PolicyAction<Policy>>();
  });

  test("classes and policy names for data filtering", () => {
    expectTypeOf<ActionForClass<Policy, typeof Repo>>().toEqualTypeOf<"read" | "create_issue">();
    expectTypeOf<ActionForClass<Policy, "Org">>().toEqualTypeOf<"read" | "create_repo">();
    expectTypeOf<ActionForClass<undefined, typeof Repo>>().toEqualTypeOf<string>();
  });

  test("the actor type, and none for a policy without actor blocks", () => {
    expectTypeOf<ActorFor<Policy>>().toEqualTypeOf<User>();
    type NoActors = PolicyBinding<
      {
        resources: { Page: { actions: "read"; roles: never; relations: {} } };
        actors: never;
        otherActions: never;
      },
      { Page: Org }
    >;
    expectTypeOf<ActorFor<NoActors>>().toEqualTypeOf<unknown>();
    expectTypeOf<ActorFor<undefined>>().toEqualTypeOf<unknown>();
  });

  test("a binding must map every resource type of the policy", () => {
    // @ts-expect-error Repo is not mapped
    type Missing = PolicyBinding<PolicyTypes, { User: User; Org: Org }>;
    expectTypeOf<Missing>().not.toBeNever();
  });
});

describe("a TypedOso", () => {
  const oso: TypedOso<Policy> = new Oso();

  test("accepts the actions of the resource's type", () => {
    void oso.authorize(user, "create_issue", repo);
    void oso.authorize(user, "create_repo", org);
    void oso.isAllowed(user, "read", repo);
    oso.authorizeSync(user, "read", org);
    void oso.authorizeMaybeSync(user, "read", org);
    expectTypeOf(oso.isAllowedSync(user, "read", org)).toEqualTypeOf<boolean>();
  });

  test("refuses a misspelt action", () => {
    // @ts-expect-error "raed" is no action
    void oso.authorize(user, "raed", repo);
    // @ts-expect-error "raed" is no action
    void oso.isAllowed(user, "raed", org);
    // @ts-expect-error "raed" is no action, whatever the resource
    void oso.authorize(user, "raed", "orgs");
  });

  test("refuses an action the resource's type does not have", () => {
    // @ts-expect-error an Org has no create_issue
    void oso.authorize(user, "create_issue", org);
    // @ts-expect-error a Repo has no create_repo, though it has every field of an Org
    void oso.isAllowed(user, "create_repo", repo);
    // @ts-expect-error "list" is for the allow rules' literal resources, not a Repo
    oso.isAllowedSync(user, "list", repo);
  });

  test("takes the policy's actor type", () => {
    // @ts-expect-error an Org is not an actor
    void oso.authorize(org, "read", repo);
    // @ts-expect-error the actor may be undefined
    void oso.authorize(undefined as User | undefined, "read", repo);
  });

  test("types authorizedActions and data filtering", async () => {
    expectTypeOf(await oso.authorizedActions(user, repo)).toEqualTypeOf<Set<"read" | "create_issue" | "*">>();
    void oso.authorizedQuery(user, "create_issue", Repo);
    void oso.authorizedResources(user, "create_repo", "Org");
    // @ts-expect-error an Org has no create_issue
    void oso.authorizedQuery(user, "create_issue", Org);
    // @ts-expect-error "raed" is no action
    void oso.authorizedFilter(user, "raed", Repo);
  });

  test("is an Oso to code that takes the untyped one", () => {
    const untyped: Oso = oso;
    expectTypeOf(untyped).toEqualTypeOf<Oso>();
  });

  test("a resource of no bound class accepts the policy's actions", () => {
    void oso.authorize(user, "list", "orgs");
    void oso.isAllowed(user, "read", new Comment());
  });
});

describe("an untyped Oso", () => {
  test("accepts any string, as before", async () => {
    const oso = new Oso();
    void oso.authorize(user, "raed", repo);
    void oso.authorizedQuery(user, "anything", Repo);
    expectTypeOf(await oso.authorizedActions(user, repo)).toEqualTypeOf<Set<string>>();
  });
});

/**
 * The quickstart's users and their roles, chosen per request by the `X-User` header.
 * @module
 */
import { Page } from "./page.js";

/** A role on one page, in the shape the quickstart's policy reads: `{ name, resource }`. */
export interface Role {
  readonly name: "user" | "admin";
  readonly resource: Page;
}

/** A user of the site, with roles on some pages. */
export class User {
  constructor(
    readonly name: string,
    private readonly roles: readonly Role[],
  ) {}

  /**
   * The user's roles. Spelled `get_roles` because the policy is Oso's quickstart policy
   * verbatim (`role in actor.get_roles()`), written for a Python app.
   */
  get_roles(): readonly Role[] {
    return this.roles;
  }

  /** The user named by the request (the `X-User` header), or `undefined` for nobody or a stranger. */
  static getCurrentUser(name: string | undefined): User | undefined {
    return name === undefined ? undefined : USERS.get(name);
  }
}

const [page0, page1, page2] = Page.pages as [Page, Page, Page];

/**
 * alice reads page 0, and administers page 1 (so reads it too: admin implies user);
 * bob administers page 2; carol has no role at all.
 */
const USERS: ReadonlyMap<string, User> = new Map([
  [
    "alice",
    new User("alice", [
      { name: "user", resource: page0 },
      { name: "admin", resource: page1 },
    ]),
  ],
  ["bob", new User("bob", [{ name: "admin", resource: page2 }])],
  ["carol", new User("carol", [])],
]);

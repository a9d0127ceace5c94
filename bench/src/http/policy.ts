/**
 * The HTTP benchmark's world: S1 of the decision benchmark in plain Polar rules (a user
 * holds role names; users read pages, admins write them, and admin implies user), its
 * classes, and the pages the routes serve.
 * @module
 */

export class User {
  constructor(
    readonly name: string,
    readonly roles: readonly string[],
  ) {}
}

export class Page {
  constructor(
    readonly id: number,
    readonly title: string,
  ) {}
}

export const POLICY = `
allow(user: User, "read", _page: Page) if has_role(user, "user");
allow(user: User, "write", _page: Page) if has_role(user, "admin");

has_role(user: User, name: String) if name in user.roles;
has_role(user: User, "user") if has_role(user, "admin");
`;

export const PAGES: ReadonlyMap<number, Page> = new Map(
  Array.from({ length: 100 }, (_, i) => [i, new Page(i, `page ${i}`)] as const),
);

/**
 * The requesting users (`x-user`): alice is an admin, so reading goes through the
 * implication (the slowest S1 decision); mallory has no role, so she may not read.
 */
export const USERS: ReadonlyMap<string, User> = new Map([
  ["alice", new User("alice", ["admin"])],
  ["mallory", new User("mallory", [])],
]);

/** The page of a request path's id (sync, as a cache hit would be). */
export function findPage(id: string | undefined): Page | undefined {
  return PAGES.get(Number(id));
}

/** The page every timed request reads. */
export const READABLE_PAGE = 10;

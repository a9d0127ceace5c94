/**
 * The world of the adapter tests: users, pages, a small policy with an async host method,
 * and the probe every app reports through (loader calls, handler runs, errors seen).
 * @module
 */
import { Oso } from "@oso-ts/core";

export class User {
  constructor(
    readonly name: string,
    readonly isAdmin = false,
  ) {}
}

/** The actor of the anonymous-actor tests. */
export class Guest {}

export class Page {
  constructor(
    readonly id: number,
    readonly owner: string,
    readonly isPublic: boolean,
    private readonly editorNames: readonly string[] = [],
  ) {}

  /** Async on purpose: the policy awaits a host Promise. */
  async editors(): Promise<readonly string[]> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return [this.owner, ...this.editorNames];
  }

  /** A host method that fails while the policy runs. */
  explode(): never {
    throw new Error("host method exploded");
  }
}

/** The marker resource of collection-level actions (`"create"`). */
export class PageCollection {}
export const PAGES = new PageCollection();

export const POLICY = `
allow(_user: User, "read", page: Page) if page.isPublic;
allow(user: User, "read", page: Page) if user.name = page.owner;
allow(user: User, "read", _page: Page) if user.isAdmin;
allow(user: User, "write", page: Page) if user.name in page.editors();
allow(user: User, "write", _page: Page) if user.isAdmin;
allow(user: User, "create", _pages: PageCollection) if user.isAdmin;
allow(_user: User, "explode", page: Page) if page.id = 3 and page.explode();
allow(_guest: Guest, "read", page: Page) if page.isPublic;
`;

export const USERS: ReadonlyMap<string, User> = new Map([
  ["alice", new User("alice")],
  ["bob", new User("bob")],
  ["carol", new User("carol", true)],
  ["dave", new User("dave")],
]);

/** Page 1: alice's, private, dave may edit. Page 2: alice's, public. Page 3: public, its `explode` rule throws. Others: none. */
export const PAGE_STORE: ReadonlyMap<number, Page> = new Map([
  [1, new Page(1, "alice", false, ["dave"])],
  [2, new Page(2, "alice", true)],
  [3, new Page(3, "alice", true)],
]);

/** A fresh Oso with the test policy loaded. */
export async function makeOso(): Promise<Oso> {
  const oso = new Oso({ onWarning: () => {} });
  oso.registerClass(User);
  oso.registerClass(Guest);
  oso.registerClass(Page);
  oso.registerClass(PageCollection);
  await oso.loadStr(POLICY);
  return oso;
}

/** What an app under test reports. */
export interface Probe {
  loaderCalls: number;
  handlerRuns: number;
  /** Errors the app's own error handler saw. */
  seen: unknown[];
}

export function newProbe(): Probe {
  return { loaderCalls: 0, handlerRuns: 0, seen: [] };
}

/** A small async pause, to interleave concurrent requests. */
export function tick(ms = 1): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The user named by the `x-user` header: "crash" makes the resolver throw, anything unknown is nobody. */
export async function userFromHeader(header: string | string[] | undefined): Promise<User | undefined> {
  await tick(0);
  if (header === "crash") throw new Error("actor resolver exploded");
  return typeof header === "string" ? USERS.get(header) : undefined;
}

/** Find a page (async, counted). */
export async function findPage(probe: Probe, id: string | undefined): Promise<Page | undefined> {
  probe.loaderCalls++;
  await tick(0);
  if (id === "crash") throw new Error("loader exploded");
  return PAGE_STORE.get(Number(id));
}

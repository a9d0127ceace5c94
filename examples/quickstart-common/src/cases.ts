/**
 * What both quickstart apps must answer, as data: each app's test replays it.
 * @module
 */

/** One request and the answer it must get. */
export interface QuickstartCase {
  readonly title: string;
  readonly method: "get" | "put" | "post" | "delete" | "patch";
  readonly path: string;
  /** The `X-User` header (none when undefined). */
  readonly user: string | undefined;
  readonly status: number;
  readonly body: string;
  /** Headers the answer must carry. */
  readonly headers?: Readonly<Record<string, string>>;
}

const A_PAGE = (n: number) => `<h1>A Page</h1><p>this is page ${n}</p>`;
const WRITTEN = (n: number) => `<h1>A Page</h1><p>you may write page ${n}</p>`;
const SORRY = "<h1>Sorry</h1><p>You are not allowed to see this page</p>";
const NOT_FOUND = "<h1>Not Found</h1><p>There is no such page</p>";
const WHO = "<h1>Who are you?</h1><p>Say who you are with an X-User header</p>";
const METHOD_NOT_ALLOWED = "<h1>Method Not Allowed</h1><p>A page takes GET and PUT</p>";

// Who may do what, from the quickstart's policy and roles (admin implies user):
// alice: user of page 0, admin of page 1; bob: admin of page 2; carol: no role.
const GRANTS: ReadonlyArray<readonly [user: string, page: number, read: boolean, write: boolean]> = [
  ["alice", 0, true, false],
  ["alice", 1, true, true],
  ["alice", 2, false, false],
  ["bob", 0, false, false],
  ["bob", 1, false, false],
  ["bob", 2, true, true],
  ["carol", 0, false, false],
  ["carol", 1, false, false],
  ["carol", 2, false, false],
];

/** Every user × page × read/write, missing pages, requests from nobody, and methods a page does not take. */
export const QUICKSTART_CASES: readonly QuickstartCase[] = [
  ...GRANTS.flatMap(([user, page, read, write]): QuickstartCase[] => [
    {
      title: `${user} reads page ${page}: ${read ? "the page" : "Sorry (403)"}`,
      method: "get",
      path: `/page/${page}`,
      user,
      status: read ? 200 : 403,
      body: read ? A_PAGE(page) : SORRY,
    },
    {
      title: `${user} writes page ${page}: ${write ? "allowed" : "Sorry (403)"}`,
      method: "put",
      path: `/page/${page}`,
      user,
      status: write ? 200 : 403,
      body: write ? WRITTEN(page) : SORRY,
    },
  ]),
  ...["3", "99", "01", "1.0", "-1", "x"].flatMap((page): QuickstartCase[] =>
    (["get", "put"] as const).map((method) => ({
      title: `${method.toUpperCase()} page ${page}, which does not exist: 404`,
      method,
      path: `/page/${page}`,
      user: "alice",
      status: 404,
      body: NOT_FOUND,
    })),
  ),
  ...[undefined, "mallory"].map(
    (user): QuickstartCase => ({
      title: `${user === undefined ? "no X-User header" : "an unknown user"}: 401`,
      method: "get",
      path: "/page/0",
      user,
      status: 401,
      body: WHO,
      headers: { "www-authenticate": 'X-User realm="quickstart"' },
    }),
  ),
  // a method the route does not take: 405 with the ones it takes, before anyone is identified
  ...(["post", "delete", "patch"] as const).flatMap((method): QuickstartCase[] =>
    [undefined, "alice"].map((user) => ({
      title: `${method.toUpperCase()} a page${user === undefined ? ", from nobody" : ""}: 405 with Allow`,
      method,
      path: "/page/1",
      user,
      status: 405,
      body: METHOD_NOT_ALLOWED,
      headers: { allow: "GET, HEAD, PUT" },
    })),
  ),
];

/**
 * The HTML the quickstart answers with: Oso's quickstart pages, and one for each denial.
 * @module
 */
import type { Page } from "./page.js";

/** The body of an allowed read, as in Oso's quickstart. */
export function pageHtml(page: Page): string {
  return `<h1>A Page</h1><p>this is page ${page.id}</p>`;
}

/** The body of an allowed write (the quickstart stores nothing: the route stands for an edit). */
export function writtenHtml(page: Page): string {
  return `<h1>A Page</h1><p>you may write page ${page.id}</p>`;
}

/** The body of a 403, as in Oso's quickstart. */
export const SORRY_HTML = "<h1>Sorry</h1><p>You are not allowed to see this page</p>";

/** The body of a 404: no such page. */
export const NOT_FOUND_HTML = "<h1>Not Found</h1><p>There is no such page</p>";

/** The body of a 401: no `X-User` header, or one naming nobody we know. */
export const WHO_ARE_YOU_HTML = "<h1>Who are you?</h1><p>Say who you are with an X-User header</p>";

/** The 401's `WWW-Authenticate`: how to authenticate here (RFC 9110 asks 401s to say). */
export const WWW_AUTHENTICATE = 'X-User realm="quickstart"';

/** The body of a 405: the page routes take GET (and HEAD) and PUT, nothing else. */
export const METHOD_NOT_ALLOWED_HTML = "<h1>Method Not Allowed</h1><p>A page takes GET and PUT</p>";

/** The 405's `Allow`: the methods the page routes take (RFC 9110 requires it on a 405). */
export const PAGE_METHODS = "GET, HEAD, PUT";

/** The body that goes with a denial's status. */
export function denialHtml(status: number): string {
  if (status === 401) return WHO_ARE_YOU_HTML;
  if (status === 404) return NOT_FOUND_HTML;
  return SORRY_HTML;
}

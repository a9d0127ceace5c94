/**
 * Answering with JSON or HTML, as the client asks (`Accept`).
 * @module
 */
import type { Response } from "express";

/**
 * Send `json`, or the page `html()` builds for a client that prefers HTML (a browser,
 * `curl -H "Accept: text/html"`). JSON when the client takes anything; 406 when it takes
 * neither.
 */
export function respond(res: Response, json: unknown, html: () => string): void {
  res.format({
    json: () => res.json(json),
    html: () => res.send(html()),
  });
}

/** A set of actions as a sorted list, for JSON. */
export function sortedActions(actions: ReadonlySet<string>): string[] {
  return [...actions].sort();
}

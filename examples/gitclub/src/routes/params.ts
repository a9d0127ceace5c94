/**
 * The resources of the route parameters `:org`, `:repo` and `:issue`, loaded for
 * `authorize(action)` by `resourceParam`: on a nested route, the innermost one is the
 * route's resource (`/orgs/:org/repos/:repo` is about the repository).
 * @module
 */
import { resourceParam } from "@oso-ts/express";
import type { Request, Router } from "express";
import type { Store } from "../db/store.js";

/** A route parameter as one string (Express types a `*name` wildcard as a list). */
function param(req: Request, name: string): string {
  const value = req.params[name];
  return Array.isArray(value) ? value.join("/") : (value ?? "");
}

/** Issue numbers as GitHub writes them: 1, 2, ... (not `01`, `1.0` or `-1`). */
function issueNumber(text: string): number | undefined {
  return /^[1-9][0-9]{0,8}$/.test(text) ? Number(text) : undefined;
}

/** Declare the loaders of `:org`, `:repo` and `:issue` on `router`. Nothing found: 404. */
export function resourceParams(router: Router, store: Store): void {
  router.param(
    "org",
    resourceParam((name) => store.org(name)),
  );
  router.param(
    "repo",
    resourceParam((name, req) => store.repo(param(req, "org"), name)),
  );
  router.param(
    "issue",
    resourceParam(async (text, req) => {
      const number = issueNumber(text);
      if (number === undefined) return undefined;
      const repo = await store.repo(param(req, "org"), param(req, "repo"));
      return repo === undefined ? undefined : store.issue(repo, number);
    }),
  );
}

/**
 * Helpers for the core's own tests (not exported from the package entry).
 * @module
 */

import { Variable } from "./engine/terms.js";
import { Oso, type OsoOptions } from "./oso.js";

/** A quiet Oso (warnings and prints collected instead of written). */
export function quietOso(options: OsoOptions = {}): Oso & { warnings: string[]; printed: string[] } {
  const warnings: string[] = [];
  const printed: string[] = [];
  const oso = new Oso({
    onWarning: (w) => warnings.push(w.summary),
    print: (m) => printed.push(m),
    ...options,
  }) as Oso & { warnings: string[]; printed: string[] };
  oso.warnings = warnings;
  oso.printed = printed;
  return oso;
}

/** Every solution of `query` as a plain object (unbound variables shown as `Variable(name)`). */
export async function solve(oso: Oso, query: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const s of oso.query(query)) out.push(plain(s));
  return out;
}

/** A solution map as a plain object, for `toEqual`. */
export function plain(s: Map<string, unknown>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of s) o[k] = v instanceof Variable ? `Variable(${v.name})` : v;
  return o;
}

/**
 * Issue 13's policy (the benchmark's S2/S3): Org -> Repo -> Issue resource blocks, roles
 * assigned as `{name, resource}` objects in `user.roleAssignments`.
 */
export const HIERARCHY_POLICY = `
actor User {}
resource Org { roles = ["member", "owner"]; }
resource Repo {
  permissions = ["read"];
  roles = ["reader", "maintainer"];
  relations = { parent: Org };
  "read" if "reader";
  "reader" if "maintainer";
  "maintainer" if "owner" on "parent";
}
resource Issue {
  permissions = ["read"];
  relations = { repo: Repo };
  "read" if "reader" on "repo";
}
has_relation(org: Org, "parent", repo: Repo) if repo.org = org;
has_relation(repo: Repo, "repo", issue: Issue) if issue.repo = repo;
has_role(user: User, name: String, resource: Resource) if
  role in user.roleAssignments and
  role matches { name: name, resource: resource };
allow(actor, action, resource) if has_permission(actor, action, resource);
`;

/** The classes of {@link HIERARCHY_POLICY} (users are the tests' own). */
export class Org {
  constructor(readonly id: string) {}
}
export class Repo {
  constructor(
    readonly id: string,
    readonly org: Org,
  ) {}
}
export class Issue {
  constructor(
    readonly id: string,
    readonly repo: Repo,
  ) {}
}

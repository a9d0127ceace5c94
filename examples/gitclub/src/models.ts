/**
 * GitClub's domain: users with their role assignments, organizations, repositories and
 * issues. The policy reads these objects directly (`repo.org`, `user.orgRoles`, ...).
 * @module
 */

/** The roles a user may hold on an organization. */
export const ORG_ROLES = ["owner", "member"] as const;
/** The roles a user may hold on a repository. */
export const REPO_ROLES = ["admin", "maintainer", "reader"] as const;

/** A role on one organization. */
export interface OrgRole {
  readonly orgId: number;
  readonly name: (typeof ORG_ROLES)[number];
}

/** A role on one repository. */
export interface RepoRole {
  readonly repoId: number;
  readonly name: (typeof REPO_ROLES)[number];
}

/** A signed-in user, loaded with every role they hold. */
export class User {
  constructor(
    readonly id: number,
    readonly name: string,
    readonly orgRoles: readonly OrgRole[],
    readonly repoRoles: readonly RepoRole[],
  ) {}
}

/** An organization. */
export class Org {
  constructor(
    readonly id: number,
    readonly name: string,
    readonly description: string,
  ) {}
}

/** A repository, loaded with its organization (the policy's `parent` relation). */
export class Repo {
  constructor(
    readonly id: number,
    readonly name: string,
    readonly description: string,
    readonly org: Org,
  ) {}
}

/** An issue, loaded with its repository (the policy's `parent` relation). */
export class Issue {
  constructor(
    readonly id: number,
    readonly number: number,
    readonly title: string,
    readonly body: string,
    readonly closed: boolean,
    readonly creatorId: number,
    readonly creatorName: string,
    readonly repo: Repo,
  ) {}
}

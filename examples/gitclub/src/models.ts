/**
 * GitClub's domain: users with their role assignments, organizations, repositories,
 * issues and organization members. The policy reads the user's role assignments from the
 * user, and the relations (`repo.org`, `issue.repo`, `member.org`) through the data
 * filtering adapter, by the foreign keys (`orgId`, `repoId`): see `oso.ts`.
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

/**
 * A repository, loaded with its organization for display. The policy reads `repo.org`
 * through the adapter, by `orgId` (a declared Relation), not this copy.
 */
export class Repo {
  /** The organization's id: the key of the `org` relation (the `org_id` column). */
  readonly orgId: number;

  constructor(
    readonly id: number,
    readonly name: string,
    readonly description: string,
    readonly org: Org,
  ) {
    this.orgId = org.id;
  }
}

/**
 * An issue, loaded with its repository for display. The policy reads `issue.repo` through
 * the adapter, by `repoId` (a declared Relation), not this copy.
 */
export class Issue {
  /** The repository's id: the key of the `repo` relation (the `repo_id` column). */
  readonly repoId: number;

  constructor(
    readonly id: number,
    readonly number: number,
    readonly title: string,
    readonly body: string,
    readonly closed: boolean,
    readonly creatorId: number,
    readonly creatorName: string,
    readonly repo: Repo,
  ) {
    this.repoId = repo.id;
  }
}

/** A user's role on an organization (a row of `org_roles`), as the members list reads it. */
export class Member {
  constructor(
    readonly userId: number,
    readonly orgId: number,
    readonly name: (typeof ORG_ROLES)[number],
  ) {}
}

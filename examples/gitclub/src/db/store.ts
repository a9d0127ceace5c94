/**
 * Reading and writing GitClub's data: every query the app makes, returning the domain
 * objects the policy reads. better-sqlite3 is synchronous, so loaders are too.
 * @module
 */
import { Issue, Org, type OrgRole, Repo, type RepoRole, User } from "../models.js";
import type { Db } from "./schema.js";

interface OrgRow {
  id: number;
  name: string;
  description: string;
}
interface RepoRow {
  id: number;
  name: string;
  description: string;
  org_id: number;
  org_name: string;
  org_description: string;
}
interface IssueRow {
  id: number;
  number: number;
  title: string;
  body: string;
  closed: number;
  creator_id: number;
  creator_name: string;
}

const REPO_SELECT = `
  SELECT repos.id, repos.name, repos.description,
         orgs.id AS org_id, orgs.name AS org_name, orgs.description AS org_description
  FROM repos JOIN orgs ON orgs.id = repos.org_id`;
const ISSUE_SELECT = `
  SELECT issues.id, issues.number, issues.title, issues.body, issues.closed,
         issues.creator_id, users.name AS creator_name
  FROM issues JOIN users ON users.id = issues.creator_id`;

/** What a repository or issue row becomes. */
const toOrg = (row: OrgRow) => new Org(row.id, row.name, row.description);
const toRepo = (row: RepoRow) =>
  new Repo(row.id, row.name, row.description, new Org(row.org_id, row.org_name, row.org_description));
const toIssue = (repo: Repo) => (row: IssueRow) =>
  new Issue(
    row.id,
    row.number,
    row.title,
    row.body,
    row.closed !== 0,
    row.creator_id,
    row.creator_name,
    repo,
  );

/** GitClub's data access. Lists come in name (or number) order. */
export class Store {
  constructor(private readonly db: Db) {}

  /** The user holding `token`, with their roles; `undefined` for an unknown token. */
  userByToken(token: string): User | undefined {
    const row = this.db
      .prepare<[string], { id: number; name: string }>("SELECT id, name FROM users WHERE token = ?")
      .get(token);
    if (row === undefined) return undefined;
    const orgRoles = this.db
      .prepare<[number], OrgRole>("SELECT org_id AS orgId, name FROM org_roles WHERE user_id = ?")
      .all(row.id);
    const repoRoles = this.db
      .prepare<[number], RepoRole>("SELECT repo_id AS repoId, name FROM repo_roles WHERE user_id = ?")
      .all(row.id);
    return new User(row.id, row.name, orgRoles, repoRoles);
  }

  /** Every organization. */
  orgs(): Org[] {
    return this.db.prepare<[], OrgRow>("SELECT * FROM orgs ORDER BY name").all().map(toOrg);
  }

  /** The organization named `name`. */
  org(name: string): Org | undefined {
    const row = this.db.prepare<[string], OrgRow>("SELECT * FROM orgs WHERE name = ?").get(name);
    return row && toOrg(row);
  }

  /** Every repository, or those of `org`. */
  repos(org?: Org): Repo[] {
    const rows =
      org === undefined
        ? this.db.prepare<[], RepoRow>(`${REPO_SELECT} ORDER BY orgs.name, repos.name`).all()
        : this.db
            .prepare<[number], RepoRow>(`${REPO_SELECT} WHERE orgs.id = ? ORDER BY repos.name`)
            .all(org.id);
    return rows.map(toRepo);
  }

  /** The repository `name` of the organization named `orgName`. */
  repo(orgName: string, name: string): Repo | undefined {
    const row = this.db
      .prepare<[string, string], RepoRow>(`${REPO_SELECT} WHERE orgs.name = ? AND repos.name = ?`)
      .get(orgName, name);
    return row && toRepo(row);
  }

  /** The issues of `repo`. */
  issues(repo: Repo): Issue[] {
    return this.db
      .prepare<[number], IssueRow>(`${ISSUE_SELECT} WHERE issues.repo_id = ? ORDER BY issues.number`)
      .all(repo.id)
      .map(toIssue(repo));
  }

  /** Issue number `number` of `repo`. */
  issue(repo: Repo, number: number): Issue | undefined {
    const row = this.db
      .prepare<[number, number], IssueRow>(`${ISSUE_SELECT} WHERE issues.repo_id = ? AND issues.number = ?`)
      .get(repo.id, number);
    return row && toIssue(repo)(row);
  }

  /** Add a user who signs in with `token`. */
  createUser(name: string, token: string): void {
    this.db.prepare("INSERT INTO users (name, token) VALUES (?, ?)").run(name, token);
  }

  /** Add an organization. */
  createOrg(name: string, description: string): Org {
    const { lastInsertRowid } = this.db
      .prepare("INSERT INTO orgs (name, description) VALUES (?, ?)")
      .run(name, description);
    return new Org(Number(lastInsertRowid), name, description);
  }

  /** Add a repository to `org`; its creator, if any, becomes its admin. */
  createRepo(org: Org, name: string, description: string, creator?: User): Repo {
    return this.db.transaction(() => {
      const { lastInsertRowid } = this.db
        .prepare("INSERT INTO repos (org_id, name, description) VALUES (?, ?, ?)")
        .run(org.id, name, description);
      const repo = new Repo(Number(lastInsertRowid), name, description, org);
      if (creator !== undefined) this.grantRepoRole(creator.name, repo, "admin");
      return repo;
    })();
  }

  /** Open an issue in `repo`, numbered after the last one ever opened there. */
  createIssue(repo: Repo, title: string, body: string, creatorName: string): Issue {
    return this.db.transaction(() => {
      const number = this.db
        .prepare<[number], { next_issue: number }>(
          "UPDATE repos SET next_issue = next_issue + 1 WHERE id = ? RETURNING next_issue - 1 AS next_issue",
        )
        .get(repo.id)!.next_issue;
      this.db
        .prepare(`INSERT INTO issues (repo_id, number, title, body, creator_id)
                  SELECT ?, ?, ?, ?, id FROM users WHERE name = ?`)
        .run(repo.id, number, title, body, creatorName);
      return this.issue(repo, number)!;
    })();
  }

  /** Give `userName` the role `role` on `org`. */
  grantOrgRole(userName: string, org: Org, role: OrgRole["name"]): void {
    this.db
      .prepare("INSERT INTO org_roles (user_id, org_id, name) SELECT id, ?, ? FROM users WHERE name = ?")
      .run(org.id, role, userName);
  }

  /** Give `userName` the role `role` on `repo`. */
  grantRepoRole(userName: string, repo: Repo, role: RepoRole["name"]): void {
    this.db
      .prepare("INSERT INTO repo_roles (user_id, repo_id, name) SELECT id, ?, ? FROM users WHERE name = ?")
      .run(repo.id, role, userName);
  }

  /** Change an organization's description. */
  updateOrg(org: Org, description: string): Org {
    this.db.prepare("UPDATE orgs SET description = ? WHERE id = ?").run(description, org.id);
    return new Org(org.id, org.name, description);
  }

  /** Change a repository's description. */
  updateRepo(repo: Repo, description: string): Repo {
    this.db.prepare("UPDATE repos SET description = ? WHERE id = ?").run(description, repo.id);
    return new Repo(repo.id, repo.name, description, repo.org);
  }

  /** Change an issue's title, body and state. */
  updateIssue(issue: Issue, change: { title?: string; body?: string; closed?: boolean }): Issue {
    const title = change.title ?? issue.title;
    const body = change.body ?? issue.body;
    const closed = change.closed ?? issue.closed;
    this.db
      .prepare("UPDATE issues SET title = ?, body = ?, closed = ? WHERE id = ?")
      .run(title, body, closed ? 1 : 0, issue.id);
    return this.issue(issue.repo, issue.number)!;
  }

  /** Delete an organization, its repositories, their issues and every role on them. */
  deleteOrg(org: Org): void {
    this.db.prepare("DELETE FROM orgs WHERE id = ?").run(org.id);
  }

  /** Delete a repository, its issues and the roles on it. */
  deleteRepo(repo: Repo): void {
    this.db.prepare("DELETE FROM repos WHERE id = ?").run(repo.id);
  }

  /** Delete an issue. */
  deleteIssue(issue: Issue): void {
    this.db.prepare("DELETE FROM issues WHERE id = ?").run(issue.id);
  }
}

/**
 * Reading and writing GitClub's data: every query the app makes, through Kysely (SQLite or
 * PostgreSQL alike), returning the domain objects the policy reads.
 * @module
 */
import type { AuthorizedQuery } from "@oso-ts/kysely";
import type { Kysely } from "kysely";
import type { Page } from "../http/page.js";
import { Issue, Org, type OrgRole, Repo, type RepoRole, User } from "../models.js";
import type { Database, Tables } from "./schema.js";

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
  closed: number | boolean;
  creator_id: number;
  creator_name: string;
}

/** What a row becomes. */
const toOrg = (row: OrgRow) => new Org(row.id, row.name, row.description);
const toRepo = (row: RepoRow) =>
  new Repo(row.id, row.name, row.description, new Org(row.org_id, row.org_name, row.org_description));
const toIssue = (repo: Repo) => (row: IssueRow) =>
  new Issue(
    row.id,
    row.number,
    row.title,
    row.body,
    // SQLite: 0/1; PostgreSQL: a boolean
    row.closed === true || row.closed === 1,
    row.creator_id,
    row.creator_name,
    repo,
  );

/** Repositories with their organization. */
const repoSelect = (db: Kysely<Tables>) =>
  db
    .selectFrom("repos")
    .innerJoin("orgs", "orgs.id", "repos.org_id")
    .select([
      "repos.id",
      "repos.name",
      "repos.description",
      "orgs.id as org_id",
      "orgs.name as org_name",
      "orgs.description as org_description",
    ]);

/** Issues with their creator's name. */
const issueSelect = (db: Kysely<Tables>) =>
  db
    .selectFrom("issues")
    .innerJoin("users", "users.id", "issues.creator_id")
    .select([
      "issues.id",
      "issues.number",
      "issues.title",
      "issues.body",
      "issues.closed",
      "issues.creator_id",
      "users.name as creator_name",
    ]);

/** A member of an organization, as the members list shows them. */
export interface MemberRow {
  readonly user: string;
  readonly role: string;
}

/** `query` limited to `page`. */
const paged = (query: AuthorizedQuery, page: Page) => query.limit(page.limit).offset(page.offset);

/** GitClub's data access. Lists come in name (or number) order. */
export class Store {
  constructor(private readonly db: Database) {}

  private get kysely(): Kysely<Tables> {
    return this.db.kysely;
  }

  /** The user holding `token`, with their roles; `undefined` for an unknown token. */
  async userByToken(token: string): Promise<User | undefined> {
    const row = await this.kysely
      .selectFrom("users")
      .select(["id", "name"])
      .where("token", "=", token)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    const orgRoles = await this.kysely
      .selectFrom("org_roles")
      .select(["org_id as orgId", "name"])
      .where("user_id", "=", row.id)
      .execute();
    const repoRoles = await this.kysely
      .selectFrom("repo_roles")
      .select(["repo_id as repoId", "name"])
      .where("user_id", "=", row.id)
      .execute();
    return new User(row.id, row.name, orgRoles as OrgRole[], repoRoles as RepoRole[]);
  }

  /**
   * A page of the organizations `authorized` selects (the policy's query, from
   * `req.authorizedQuery("read", Org)`), by name: one SQL query.
   */
  async orgPage(authorized: AuthorizedQuery, page: Page): Promise<Org[]> {
    const rows = await paged(authorized.orderBy("Org.name"), page).execute();
    return rows.map((row) => toOrg(row as unknown as OrgRow));
  }

  /**
   * A page of the repositories `authorized` selects (`authorizedQuery("read", Repo)`), all
   * or `org`'s, by organization and name, each with its organization: one SQL query.
   */
  async repoPage(authorized: AuthorizedQuery, page: Page, org?: Org): Promise<Repo[]> {
    let query = authorized
      .innerJoin("orgs", "orgs.id", "Repo.org_id")
      .select(["orgs.name as org_name", "orgs.description as org_description"])
      .orderBy("orgs.name")
      .orderBy("Repo.name");
    if (org !== undefined) query = query.where("Repo.org_id", "=", org.id);
    const rows = await paged(query, page).execute();
    return rows.map((row) => toRepo(row as unknown as RepoRow));
  }

  /**
   * A page of `repo`'s issues that `authorized` selects (`authorizedQuery("read", Issue)`),
   * by number, each with its creator's name: one SQL query.
   */
  async issuePage(authorized: AuthorizedQuery, page: Page, repo: Repo): Promise<Issue[]> {
    const query = authorized
      .innerJoin("users", "users.id", "Issue.creator_id")
      .select("users.name as creator_name")
      .where("Issue.repo_id", "=", repo.id)
      .orderBy("Issue.number");
    const rows = await paged(query, page).execute();
    return rows.map((row) => toIssue(repo)(row as unknown as IssueRow));
  }

  /**
   * A page of `org`'s members that `authorized` selects (`authorizedQuery("read", Member)`,
   * rows of `org_roles`), by user name: one SQL query.
   */
  async memberPage(authorized: AuthorizedQuery, page: Page, org: Org): Promise<MemberRow[]> {
    const query = authorized
      .innerJoin("users", "users.id", "Member.user_id")
      .select("users.name as user_name")
      .where("Member.org_id", "=", org.id)
      .orderBy("users.name");
    const rows = await paged(query, page).execute();
    return rows.map((row) => ({ user: String(row.user_name), role: String(row.name) }));
  }

  /** The organization named `name`. */
  async org(name: string): Promise<Org | undefined> {
    const row = await this.kysely.selectFrom("orgs").selectAll().where("name", "=", name).executeTakeFirst();
    return row && toOrg(row);
  }

  /** The repository `name` of the organization named `orgName`. */
  async repo(orgName: string, name: string): Promise<Repo | undefined> {
    const row = await repoSelect(this.kysely)
      .where("orgs.name", "=", orgName)
      .where("repos.name", "=", name)
      .executeTakeFirst();
    return row && toRepo(row);
  }

  /** Issue number `number` of `repo`. */
  async issue(repo: Repo, number: number): Promise<Issue | undefined> {
    const row = await issueSelect(this.kysely)
      .where("issues.repo_id", "=", repo.id)
      .where("issues.number", "=", number)
      .executeTakeFirst();
    return row && toIssue(repo)(row);
  }

  /** Add a user who signs in with `token`. */
  async createUser(name: string, token: string): Promise<void> {
    await this.kysely.insertInto("users").values({ name, token }).execute();
  }

  /** Add an organization. */
  async createOrg(name: string, description: string): Promise<Org> {
    const { id } = await this.kysely
      .insertInto("orgs")
      .values({ name, description })
      .returning("id")
      .executeTakeFirstOrThrow();
    return new Org(id, name, description);
  }

  /** Add a repository to `org`; its creator, if any, becomes its admin. */
  async createRepo(org: Org, name: string, description: string, creator?: User): Promise<Repo> {
    return this.transaction(async (store) => {
      const { id } = await store.kysely
        .insertInto("repos")
        .values({ org_id: org.id, name, description })
        .returning("id")
        .executeTakeFirstOrThrow();
      const repo = new Repo(id, name, description, org);
      if (creator !== undefined) await store.grantRepoRole(creator.name, repo, "admin");
      return repo;
    });
  }

  /** Open an issue in `repo`, numbered after the last one ever opened there. */
  async createIssue(repo: Repo, title: string, body: string, creatorName: string): Promise<Issue> {
    return this.transaction(async (store) => {
      const { number } = await store.kysely
        .updateTable("repos")
        .set((eb) => ({ next_issue: eb("next_issue", "+", 1) }))
        .where("id", "=", repo.id)
        .returning((eb) => eb("next_issue", "-", 1).as("number"))
        .executeTakeFirstOrThrow();
      await store.kysely
        .insertInto("issues")
        .values({ repo_id: repo.id, number, title, body, creator_id: await store.userId(creatorName) })
        .execute();
      return (await store.issue(repo, number))!;
    });
  }

  /** Give `userName` the role `role` on `org`. */
  async grantOrgRole(userName: string, org: Org, role: OrgRole["name"]): Promise<void> {
    const user_id = await this.userId(userName);
    await this.kysely.insertInto("org_roles").values({ user_id, org_id: org.id, name: role }).execute();
  }

  /** Give `userName` the role `role` on `repo`. */
  async grantRepoRole(userName: string, repo: Repo, role: RepoRole["name"]): Promise<void> {
    const user_id = await this.userId(userName);
    await this.kysely.insertInto("repo_roles").values({ user_id, repo_id: repo.id, name: role }).execute();
  }

  /** Change an organization's description. */
  async updateOrg(org: Org, description: string): Promise<Org> {
    await this.kysely.updateTable("orgs").set({ description }).where("id", "=", org.id).execute();
    return new Org(org.id, org.name, description);
  }

  /** Change a repository's description. */
  async updateRepo(repo: Repo, description: string): Promise<Repo> {
    await this.kysely.updateTable("repos").set({ description }).where("id", "=", repo.id).execute();
    return new Repo(repo.id, repo.name, description, repo.org);
  }

  /** Change an issue's title, body and state. */
  async updateIssue(
    issue: Issue,
    change: { title?: string; body?: string; closed?: boolean },
  ): Promise<Issue> {
    await this.kysely
      .updateTable("issues")
      .set({
        title: change.title ?? issue.title,
        body: change.body ?? issue.body,
        closed: this.db.bool(change.closed ?? issue.closed),
      })
      .where("id", "=", issue.id)
      .execute();
    return (await this.issue(issue.repo, issue.number))!;
  }

  /** Delete an organization, its repositories, their issues and every role on them. */
  async deleteOrg(org: Org): Promise<void> {
    await this.kysely.deleteFrom("orgs").where("id", "=", org.id).execute();
  }

  /** Delete a repository, its issues and the roles on it. */
  async deleteRepo(repo: Repo): Promise<void> {
    await this.kysely.deleteFrom("repos").where("id", "=", repo.id).execute();
  }

  /** Delete an issue. */
  async deleteIssue(issue: Issue): Promise<void> {
    await this.kysely.deleteFrom("issues").where("id", "=", issue.id).execute();
  }

  /** The id of the user named `name`. */
  private async userId(name: string): Promise<number> {
    const row = await this.kysely
      .selectFrom("users")
      .select("id")
      .where("name", "=", name)
      .executeTakeFirst();
    if (row === undefined) throw new Error(`no user named ${name}`);
    return row.id;
  }

  /** Runs `work` in a transaction, with a store on it (or on the current one, inside one). */
  private async transaction<T>(work: (store: Store) => Promise<T>): Promise<T> {
    if (this.kysely.isTransaction) return work(this);
    return this.kysely.transaction().execute((trx) => work(new Store({ ...this.db, kysely: trx })));
  }
}

/**
 * Where each resource lives, and which request performs each of its actions.
 * @module
 */
import type { Issue, Org, Repo } from "../models.js";

/** The URL of an organization. */
export const orgUrl = (org: Org) => `/orgs/${encodeURIComponent(org.name)}`;
/** The URL of a repository. */
export const repoUrl = (repo: Repo) => `${orgUrl(repo.org)}/repos/${encodeURIComponent(repo.name)}`;
/** The URL of an issue. */
export const issueUrl = (issue: Issue) => `${repoUrl(issue.repo)}/issues/${issue.number}`;

/** The request that performs each action of an organization. */
export function orgRequests(org: Org): Record<string, string> {
  const url = orgUrl(org);
  return {
    read: `GET ${url}`,
    update: `PATCH ${url}`,
    delete: `DELETE ${url}`,
    create_repo: `POST ${url}/repos`,
  };
}

/** The request that performs each action of a repository. */
export function repoRequests(repo: Repo): Record<string, string> {
  const url = repoUrl(repo);
  return {
    read: `GET ${url}`,
    update: `PATCH ${url}`,
    delete: `DELETE ${url}`,
    create_issue: `POST ${url}/issues`,
  };
}

/** The request that performs each action of an issue. */
export function issueRequests(issue: Issue): Record<string, string> {
  const url = issueUrl(issue);
  return {
    read: `GET ${url}`,
    update: `PATCH ${url}`,
    close: `POST ${url}/close`,
    delete: `DELETE ${url}`,
  };
}

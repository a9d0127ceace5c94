/**
 * What the API answers for each resource, as JSON.
 * @module
 */
import type { Issue, Org, Repo } from "../models.js";
import { issueUrl, orgUrl, repoUrl } from "./urls.js";

/** An organization as JSON. */
export function orgJson(org: Org) {
  return { name: org.name, description: org.description, url: orgUrl(org) };
}

/** A repository as JSON. */
export function repoJson(repo: Repo) {
  return { org: repo.org.name, name: repo.name, description: repo.description, url: repoUrl(repo) };
}

/** An issue as JSON. */
export function issueJson(issue: Issue) {
  return {
    org: issue.repo.org.name,
    repo: issue.repo.name,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    closed: issue.closed,
    creator: issue.creatorName,
    url: issueUrl(issue),
  };
}

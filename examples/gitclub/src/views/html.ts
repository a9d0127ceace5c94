/**
 * The small HTML page of each resource: what it is, and what the signed-in user may do
 * with it (from `authorizedActions`), each action with the request that performs it.
 * @module
 */
import type { Issue, Org, Repo, User } from "../models.js";
import { issueRequests, orgRequests, orgUrl, repoRequests, repoUrl } from "./urls.js";

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text made safe to put in HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** The page of an organization. */
export function orgPage(org: Org, user: User, actions: ReadonlySet<string>): string {
  return page(org.name, user, [
    `<p>${escapeHtml(org.description)}</p>`,
    `<p><a href="${orgUrl(org)}/repos">Repositories</a></p>`,
    actionList(actions, orgRequests(org)),
  ]);
}

/** The page of a repository. */
export function repoPage(repo: Repo, user: User, actions: ReadonlySet<string>): string {
  return page(`${repo.org.name}/${repo.name}`, user, [
    `<p>${escapeHtml(repo.description)}</p>`,
    `<p>In <a href="${orgUrl(repo.org)}">${escapeHtml(repo.org.name)}</a>. <a href="${repoUrl(repo)}/issues">Issues</a></p>`,
    actionList(actions, repoRequests(repo)),
  ]);
}

/** The page of an issue. */
export function issuePage(issue: Issue, user: User, actions: ReadonlySet<string>): string {
  const repo = issue.repo;
  return page(`${repo.org.name}/${repo.name}#${issue.number}: ${issue.title}`, user, [
    `<p>${issue.closed ? "Closed" : "Open"}, opened by ${escapeHtml(issue.creatorName)} in <a href="${repoUrl(repo)}">${escapeHtml(repo.org.name)}/${escapeHtml(repo.name)}</a></p>`,
    issue.body === "" ? "" : `<p>${escapeHtml(issue.body)}</p>`,
    actionList(actions, issueRequests(issue)),
  ]);
}

function page(title: string, user: User, sections: readonly string[]): string {
  return [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · GitClub</title></head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
    ...sections.filter((s) => s !== ""),
    `<footer>Signed in as ${escapeHtml(user.name)}</footer>`,
    "</body></html>",
  ].join("\n");
}

function actionList(actions: ReadonlySet<string>, requests: Readonly<Record<string, string>>): string {
  const items = Object.entries(requests)
    .filter(([action]) => actions.has(action))
    .map(
      ([action, request]) =>
        `<li><strong>${escapeHtml(action)}</strong>: <code>${escapeHtml(request)}</code></li>`,
    );
  return `<h2>What you may do here</h2>\n<ul class="actions">\n${items.join("\n")}\n</ul>`;
}

/**
 * Issues: list a repository's, open one, show, update, close, delete.
 * @module
 */
import { authorize, authorized } from "@oso-ts/express";
import type { Router } from "express";
import { stringFields } from "../http/body.js";
import { pageOf } from "../http/page.js";
import { respond, sortedActions } from "../http/respond.js";
import { Issue, type Repo } from "../models.js";
import { issuePage } from "../views/html.js";
import { issueJson } from "../views/json.js";
import { issueUrl } from "../views/urls.js";
import type { Deps } from "./deps.js";

const TITLE = { maxLength: 200, nonBlank: true };
const BODY = { maxLength: 10_000 };

/** The routes of issues, on `router`. */
export function issueRoutes(router: Router, { store }: Deps): void {
  const issues = "/orgs/:org/repos/:repo/issues";

  // the repository's issues the user may read: one SQL query
  router.get(issues, authorize("read"), async (req, res) => {
    const { resource: repo } = authorized<Repo>(res);
    const page = pageOf(req);
    res.json((await store.issuePage(await req.authorizedQuery("read", Issue), page, repo)).map(issueJson));
  });

  router.post(issues, authorize("create_issue"), async (req, res) => {
    const { actor, resource: repo } = authorized<Repo>(res);
    const { title = "", body = "" } = stringFields(req.body, {
      title: { ...TITLE, required: true },
      body: BODY,
    });
    const issue = await store.createIssue(repo, title, body, actor.name);
    res.status(201).location(issueUrl(issue)).json(issueJson(issue));
  });

  router.get(`${issues}/:issue`, authorize("read"), async (req, res) => {
    const { actor, resource: issue } = authorized<Issue>(res);
    const actions = await req.authorizedActions(issue);
    respond(res, { ...issueJson(issue), actions: sortedActions(actions) }, () =>
      issuePage(issue, actor, actions),
    );
  });

  router.patch(`${issues}/:issue`, authorize("update"), async (req, res) => {
    const change = stringFields(req.body, { title: TITLE, body: BODY });
    res.json(issueJson(await store.updateIssue(authorized<Issue>(res).resource, change)));
  });

  // closing an issue is its own action: its creator may close it, not edit it
  router.post(`${issues}/:issue/close`, authorize("close"), async (_req, res) => {
    res.json(issueJson(await store.updateIssue(authorized<Issue>(res).resource, { closed: true })));
  });

  router.delete(`${issues}/:issue`, authorize("delete"), async (_req, res) => {
    await store.deleteIssue(authorized<Issue>(res).resource);
    res.status(204).end();
  });
}

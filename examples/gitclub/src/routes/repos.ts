/**
 * Repositories: list (all, or an organization's), create in an organization, show,
 * update, delete.
 * @module
 */
import { authorize, authorized } from "@oso-ts/express";
import type { Router } from "express";
import { NAME_PATTERN, stringFields } from "../http/body.js";
import { HttpError } from "../http/errors.js";
import { pageOf } from "../http/page.js";
import { respond, sortedActions } from "../http/respond.js";
import { type Org, Repo } from "../models.js";
import { repoPage } from "../views/html.js";
import { repoJson } from "../views/json.js";
import { repoUrl } from "../views/urls.js";
import type { Deps } from "./deps.js";

/** The routes of repositories, on `router`. */
export function repoRoutes(router: Router, { store }: Deps): void {
  // every repository the user may read, in any organization: one SQL query
  router.get("/repos", authorize("list", { resource: "repos" }), async (req, res) => {
    const page = pageOf(req);
    const repos = await store.repoPage(await req.authorizedQuery("read", Repo), page);
    res.json(repos.map(repoJson));
  });

  // an organization's repositories, for its members: those they may read
  router.get("/orgs/:org/repos", authorize("read"), async (req, res) => {
    const { resource: org } = authorized<Org>(res);
    const page = pageOf(req);
    const repos = await store.repoPage(await req.authorizedQuery("read", Repo), page, org);
    res.json(repos.map(repoJson));
  });

  router.post("/orgs/:org/repos", authorize("create_repo"), async (req, res) => {
    const { actor, resource: org } = authorized<Org>(res);
    const { name = "", description = "" } = stringFields(req.body, {
      name: { required: true, maxLength: 100, pattern: NAME_PATTERN },
      description: { maxLength: 1000 },
    });
    if ((await store.repo(org.name, name)) !== undefined) {
      throw new HttpError(409, `${org.name} already has a repository named ${name}`);
    }
    const repo = await store.createRepo(org, name, description, actor);
    res.status(201).location(repoUrl(repo)).json(repoJson(repo));
  });

  router.get("/orgs/:org/repos/:repo", authorize("read"), async (req, res) => {
    const { actor, resource: repo } = authorized<Repo>(res);
    const actions = await req.authorizedActions(repo);
    respond(res, { ...repoJson(repo), actions: sortedActions(actions) }, () =>
      repoPage(repo, actor, actions),
    );
  });

  router.patch("/orgs/:org/repos/:repo", authorize("update"), async (req, res) => {
    const { description } = stringFields(req.body, { description: { required: true, maxLength: 1000 } });
    res.json(repoJson(await store.updateRepo(authorized<Repo>(res).resource, description ?? "")));
  });

  router.delete("/orgs/:org/repos/:repo", authorize("delete"), async (_req, res) => {
    await store.deleteRepo(authorized<Repo>(res).resource);
    res.status(204).end();
  });
}

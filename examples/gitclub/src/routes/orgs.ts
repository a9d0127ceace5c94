/**
 * Organizations: list, show, update, delete; an organization's members.
 * @module
 */
import { authorize, authorized } from "@oso-ts/express";
import type { Router } from "express";
import { stringFields } from "../http/body.js";
import { pageOf } from "../http/page.js";
import { respond, sortedActions } from "../http/respond.js";
import { Member, Org } from "../models.js";
import { orgPage } from "../views/html.js";
import { orgJson } from "../views/json.js";
import type { Deps } from "./deps.js";

/** The routes of organizations, on `router`. */
export function orgRoutes(router: Router, { store }: Deps): void {
  // the organizations the user may read (those where they are a member): one SQL query
  router.get("/orgs", authorize("list", { resource: "orgs" }), async (req, res) => {
    const page = pageOf(req);
    const orgs = await store.orgPage(await req.authorizedQuery("read", Org), page);
    res.json(orgs.map(orgJson));
  });

  // an organization's members, for those who may read it
  router.get("/orgs/:org/members", authorize("read"), async (req, res) => {
    const { resource: org } = authorized<Org>(res);
    const page = pageOf(req);
    res.json(await store.memberPage(await req.authorizedQuery("read", Member), page, org));
  });

  router.get("/orgs/:org", authorize("read"), async (req, res) => {
    const { actor, resource: org } = authorized<Org>(res);
    const actions = await req.authorizedActions(org);
    respond(res, { ...orgJson(org), actions: sortedActions(actions) }, () => orgPage(org, actor, actions));
  });

  router.patch("/orgs/:org", authorize("update"), async (req, res) => {
    const { description } = stringFields(req.body, { description: { required: true, maxLength: 1000 } });
    res.json(orgJson(await store.updateOrg(authorized<Org>(res).resource, description ?? "")));
  });

  router.delete("/orgs/:org", authorize("delete"), async (_req, res) => {
    await store.deleteOrg(authorized<Org>(res).resource);
    res.status(204).end();
  });
}

/**
 * The Oso instance of GitClub: its classes, with the fields data filtering needs, its
 * policy, and the Kysely adapter that turns the policy into SQL for the list routes.
 * @module
 */
import { fileURLToPath } from "node:url";
import { type Adapter, Oso, Relation, type TypedOso } from "@oso-ts/core";
import { type KyselyAdapter, kyselyAdapter } from "@oso-ts/kysely";
import type { GitClubPolicy } from "./actor.js";
import type { Database } from "./db/schema.js";
import { Issue, Member, Org, Repo, User } from "./models.js";

/** GitClub's policy file, beside `src/` and `dist/` so both find it. */
export const POLICY_FILE = fileURLToPath(new URL("../authorization.polar", import.meta.url));

/**
 * Register GitClub's classes. `fields` declares what the policy reads on a resource, so a
 * list can be filtered in SQL; a `Relation` is read through the adapter, by its key, in
 * decisions too (as in Oso). The user's role assignments are plain lists: the user is the
 * actor, known when a list is filtered, so the filter inlines their ids.
 */
export function registerClasses(oso: Oso): void {
  oso.registerClass(User, { fields: { id: Number, name: String, orgRoles: Array, repoRoles: Array } });
  oso.registerClass(Org, { fields: { id: Number, name: String, description: String } });
  oso.registerClass(Repo, {
    fields: {
      id: Number,
      name: String,
      description: String,
      orgId: Number,
      org: new Relation("one", "Org", "orgId", "id"),
    },
  });
  oso.registerClass(Issue, {
    fields: {
      id: Number,
      number: Number,
      title: String,
      body: String,
      closed: Boolean,
      creatorId: Number,
      repoId: Number,
      repo: new Relation("one", "Repo", "repoId", "id"),
    },
  });
  oso.registerClass(Member, {
    fields: {
      userId: Number,
      orgId: Number,
      name: String,
      org: new Relation("one", "Org", "orgId", "id"),
    },
  });
}

/** The Kysely adapter over GitClub's tables: the classes' tables and snake_case columns. */
export function gitclubAdapter(db: Database): KyselyAdapter {
  return kyselyAdapter(db.kysely, {
    tables: { User: "users", Org: "orgs", Repo: "repos", Issue: "issues", Member: "org_roles" },
    types: {
      Repo: { columns: { orgId: "org_id" } },
      Issue: { columns: { repoId: "repo_id", creatorId: "creator_id" } },
      Member: { columns: { userId: "user_id", orgId: "org_id" } },
    },
  });
}

/**
 * An `Oso` that knows GitClub's classes and has loaded its policy, with `adapter` as its
 * data filtering adapter (the app gives {@link gitclubAdapter}; decisions that read a
 * relation need one). Typed by the policy, so `oso.authorize(user, "create_issue", org)` does
 * not compile.
 */
export async function createOso(adapter?: Adapter): Promise<TypedOso<GitClubPolicy>> {
  const oso: TypedOso<GitClubPolicy> = new Oso();
  registerClasses(oso);
  if (adapter !== undefined) oso.setDataFilteringAdapter(adapter);
  await oso.loadFiles([POLICY_FILE]);
  return oso;
}

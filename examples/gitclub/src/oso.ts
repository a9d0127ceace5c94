/**
 * The Oso instance of GitClub: its classes and its policy.
 * @module
 */
import { fileURLToPath } from "node:url";
import { Oso, type TypedOso } from "@oso-ts/core";
import type { GitClubPolicy } from "./actor.js";
import { Issue, Org, Repo, User } from "./models.js";

/** GitClub's policy file, beside `src/` and `dist/` so both find it. */
export const POLICY_FILE = fileURLToPath(new URL("../authorization.polar", import.meta.url));

/**
 * An `Oso` that knows GitClub's classes and has loaded its policy; typed by the policy, so
 * `oso.authorize(user, "create_issue", org)` does not compile.
 */
export async function createOso(): Promise<TypedOso<GitClubPolicy>> {
  const oso: TypedOso<GitClubPolicy> = new Oso();
  for (const cls of [User, Org, Repo, Issue]) oso.registerClass(cls);
  await oso.loadFiles([POLICY_FILE]);
  return oso;
}

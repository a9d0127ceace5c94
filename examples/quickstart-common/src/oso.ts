/**
 * The Oso instance of the quickstart: the two classes, the built-in roles and the policy.
 * @module
 */
import { fileURLToPath } from "node:url";
import { Oso } from "@oso-ts/core";
import { Page } from "./page.js";
import { User } from "./user.js";

/** The quickstart's policy file, beside `src/` and `dist/` so both find it. */
export const POLICY_FILE = fileURLToPath(new URL("../authorization.polar", import.meta.url));

/** An `Oso` that knows `User` and `Page` and has loaded the quickstart's policy. */
export async function createOso(): Promise<Oso> {
  const oso = new Oso();
  oso.registerClass(User);
  oso.registerClass(Page);
  // the policy calls role_allow(), which comes with the built-in roles
  await oso.enableRoles();
  await oso.loadFiles([POLICY_FILE]);
  return oso;
}

/**
 * The Oso instance of the quickstart: the two classes, the built-in roles and the policy.
 * @module
 */
import { fileURLToPath } from "node:url";
import { Oso, type TypedOso } from "@oso-ts/core";
import { Page } from "./page.js";
import type { QuickstartPolicy } from "./policy.js";
import { User } from "./user.js";

/** The quickstart's policy file, beside `src/` and `dist/` so both find it. */
export const POLICY_FILE = fileURLToPath(new URL("../authorization.polar", import.meta.url));

/**
 * An `Oso` that knows `User` and `Page` and has loaded the quickstart's policy; typed by the
 * policy, so only "read" and "write" are actions on a `Page`.
 */
export async function createOso(): Promise<TypedOso<QuickstartPolicy>> {
  const oso: TypedOso<QuickstartPolicy> = new Oso();
  oso.registerClass(User);
  oso.registerClass(Page);
  // the policy calls role_allow(), which comes with the built-in roles
  await oso.enableRoles();
  await oso.loadFiles([POLICY_FILE]);
  return oso;
}

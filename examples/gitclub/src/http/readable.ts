/**
 * Filtering lists down to what the actor may see.
 * @module
 */
import type { Defined, Oso } from "@oso-ts/core";

/**
 * The items `actor` may perform `action` on, in their order: one `isAllowed` per item.
 * The core has no data filtering (no `authorizedQuery`), so a list asks the policy about
 * each row it loaded; fine for GitClub's sizes, a query per page of results for bigger ones.
 */
export async function allowedOnly<T extends Defined<unknown>>(
  oso: Oso,
  actor: Defined<unknown>,
  action: string,
  items: readonly T[],
): Promise<T[]> {
  const allowed: T[] = [];
  for (const item of items) {
    if (await oso.isAllowed(actor, action, item)) allowed.push(item);
  }
  return allowed;
}

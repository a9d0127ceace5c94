/**
 * What the routes work with.
 * @module
 */
import type { Oso } from "@oso-ts/core";
import type { Store } from "../db/store.js";

/** The data and the policy, handed to each group of routes. */
export interface Deps {
  readonly store: Store;
  readonly oso: Oso;
}

/**
 * GitClub's actor type, registered with oso-ts: `osoMiddleware`'s resolver must return a
 * `User`, and `authorized(res).actor` is one.
 * @module
 */
import type { User } from "./models.js";

declare module "@oso-ts/core" {
  interface AuthorizationTypes {
    actor: User;
  }
}

/**
 * Who is asking: the user whose token comes in `Authorization: Bearer <token>`.
 * @module
 */
import type { Request } from "express";
import type { Store } from "../db/store.js";
import type { User } from "../models.js";

/** The 401's `WWW-Authenticate` header: a bearer token is what this API wants. */
export const WWW_AUTHENTICATE = 'Bearer realm="gitclub"';

/** The token of an `Authorization: Bearer <token>` header (RFC 6750), or `undefined`. */
export function bearerToken(header: string | undefined): string | undefined {
  // the scheme is case-insensitive (RFC 9110); the token is RFC 6750's b64token
  return /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header ?? "")?.[1];
}

/** The actor resolver of `osoMiddleware`: the user holding the request's token, if any. */
export function actorFrom(store: Store): (req: Request) => Promise<User | undefined> {
  return (req) => {
    const token = bearerToken(req.get("Authorization"));
    return token === undefined ? Promise.resolve(undefined) : store.userByToken(token);
  };
}

/**
 * What GitClub's tests share: a fresh app on a seeded in-memory database, and requests
 * made as each kind of caller.
 * @module
 */
import type { Express } from "express";
import request from "supertest";
import { createApp } from "./app.js";
import { openDatabase } from "./db/schema.js";
import { SEED_USERS, type SeedUser } from "./db/seed.js";

/** Who makes a request: a seeded user, nobody (no token), or a stranger (a token nobody has). */
export type Caller = SeedUser | "nobody" | "stranger";

/** Every kind of caller, seeded users first. */
export const CALLERS: readonly Caller[] = [...SEED_USERS.map((u) => u.name), "nobody", "stranger"];

/** A GitClub on a new in-memory database, seeded, with its own Oso (its adapter is on that database). */
export async function newApp(): Promise<Express> {
  return createApp({ db: (await openDatabase(":memory:")).db });
}

/** HTTP methods of the API. */
export type Method = "get" | "post" | "patch" | "delete";

/** A request to `app` as `caller`, with `body` as JSON when given. */
export function send(
  app: Express,
  caller: Caller,
  method: Method,
  path: string,
  body?: unknown,
): request.Test {
  const req = request(app)[method](path);
  const token = caller === "stranger" ? "not-a-token" : SEED_USERS.find((u) => u.name === caller)?.token;
  if (token !== undefined) req.set("Authorization", `Bearer ${token}`);
  return body === undefined ? req : req.send(body as object);
}

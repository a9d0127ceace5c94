/**
 * What a quickstart server prints when it starts: where it is and what to try.
 * @module
 */
import type { AddressInfo } from "node:net";

/** The start-up banner of a quickstart listening at `address` (the port it really got). */
export function banner(framework: string, address: AddressInfo | string | null): string {
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const url = `http://localhost:${port}`;
  return [
    `oso-ts quickstart (${framework}) on ${url}`,
    "alice is a user of page 0 and an admin of page 1 (admin implies user); bob is an admin of page 2;",
    "carol has no role. Try:",
    "",
    `  curl -H "X-User: alice" ${url}/page/1          # 200: A Page`,
    `  curl -H "X-User: alice" ${url}/page/2          # 403: Sorry`,
    `  curl -X PUT -H "X-User: bob" ${url}/page/2     # 200: an admin writes`,
    `  curl -X PUT -H "X-User: alice" ${url}/page/0   # 403: a user only reads`,
    `  curl -i ${url}/page/0                          # 401: who are you?`,
  ].join("\n");
}

/** The Koa quickstart's `server.ts`: the tests both quickstarts share. */
import { serverSuite } from "@oso-ts/example-quickstart-common/server-suite";

serverSuite("Koa", () => import("./server.js"));

/** The Express quickstart's `server.ts`: the tests both quickstarts share. */
import { serverSuite } from "@oso-ts/example-quickstart-common/server-suite";

serverSuite("Express", () => import("./server.js"));

/**
 * `node dist/server.js`: the quickstart on `PORT` (default 3001), saying what to try.
 * @module
 */
import { createServer } from "node:http";
import { banner } from "@oso-ts/example-quickstart-common";
import { createApp } from "./app.js";

const server = createServer(await createApp());
server.once("error", (err) => {
  console.error(`The quickstart did not start: ${err.message}`);
  process.exitCode = 1;
});
server.listen(Number(process.env.PORT ?? 3001), () => console.log(banner("Express", server.address())));

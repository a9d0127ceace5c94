/**
 * `node dist/server.js`: the quickstart on `PORT` (default 3002), saying what to try.
 * @module
 */
import { createServer } from "node:http";
import { banner } from "@oso-ts/example-quickstart-common";
import { createApp } from "./app.js";

const server = createServer((await createApp()).callback());
server.once("error", (err) => {
  console.error(`The quickstart did not start: ${err.message}`);
  process.exitCode = 1;
});
server.listen(Number(process.env.PORT ?? 3002), () => console.log(banner("Koa", server.address())));

/**
 * `node dist/server.js`: the quickstart on `PORT` (default 3001), saying what to try.
 * @module
 */
import { createServer } from "node:http";
import { createApp } from "./app.js";

const port = Number(process.env.PORT ?? 3001);
const app = await createApp();
const server = createServer(app);
server.once("error", (err) => {
  console.error(`The quickstart did not start: ${err.message}`);
  process.exitCode = 1;
});
server.listen(port, () => {
  const url = `http://localhost:${port}`;
  console.log(`oso-ts quickstart (Express) on ${url}`);
  console.log(
    "alice is a user of page 0 and an admin of page 1 (admin implies user); bob is an admin of page 2;",
  );
  console.log("carol has no role. Try:\n");
  console.log(`  curl -H "X-User: alice" ${url}/page/1          # 200: A Page`);
  console.log(`  curl -H "X-User: alice" ${url}/page/2          # 403: Sorry`);
  console.log(`  curl -X PUT -H "X-User: bob" ${url}/page/2     # 200: an admin writes`);
  console.log(`  curl -X PUT -H "X-User: alice" ${url}/page/0   # 403: a user only reads`);
  console.log(`  curl -i ${url}/page/0                          # 401: who are you?`);
});

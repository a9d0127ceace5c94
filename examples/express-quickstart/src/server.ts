/**
 * `node dist/server.js`: the quickstart on `PORT` (default 3001), saying what to try; a bad
 * `PORT` or a port in use is said in one line, with exit code 1.
 * @module
 */
import { serve } from "@oso-ts/example-quickstart-common";
import { createApp } from "./app.js";

/** The listening server (undefined when it could not start). */
export const server = await serve(await createApp(), { framework: "Express", defaultPort: 3001 });

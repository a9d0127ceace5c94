/**
 * The child process of the HTTP benchmark's in-process part: measures one framework's apps
 * and its adapter's loop in a fresh process, sends the results to the parent over IPC and
 * exits. One framework per process: after Express's requests (each object with a hidden
 * class of its own), the inline caches of Node's HTTP code stay megamorphic, and Koa's
 * requests measured in the same process cost about twice as much.
 *
 * Usage (by `measureInChild`): `fork(in-process-child.js, [framework, rounds, requests])`.
 * @module
 */
import { adapterLoop } from "./adapter-loop.js";
import { FRAMEWORKS, type Framework } from "./apps.js";
import { type ChildMessage, measureInProcess } from "./in-process.js";

async function main(): Promise<void> {
  const framework = process.argv[2] as Framework;
  const [rounds, requests] = process.argv.slice(3, 5).map(Number);
  if (
    !process.send ||
    !FRAMEWORKS.includes(framework) ||
    !Number.isInteger(rounds) ||
    !Number.isInteger(requests)
  ) {
    throw new Error("usage: fork(in-process-child.js, [framework, rounds, requests]) from the benchmark");
  }
  const message: ChildMessage = {
    result: await measureInProcess(framework, rounds!, requests!),
    adapterLoop: adapterLoop(framework, rounds!, requests! * 4),
  };
  process.send(message, () => process.exit(0));
}

await main();

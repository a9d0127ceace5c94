/**
 * The child process of the HTTP benchmark: serves every variant of one framework on
 * 127.0.0.1 (ephemeral ports), reports the ports to the parent over IPC, and stops by
 * itself when the parent disconnects, says "stop", or after `MAX_LIFETIME_MS` at most.
 * Asked "cpu", it answers the CPU time it has used, so the parent can tell the server's
 * CPU time per request apart from the machine's noise.
 *
 * Usage (by http.ts): `fork(server.js, [framework])`.
 * @module
 */
import { createServer, type Server } from "node:http";
import { buildApp, FRAMEWORKS, type Framework, VARIANTS, type Variant } from "./apps.js";

/** The child exits on its own after this long, whatever happens to the parent. */
export const MAX_LIFETIME_MS = 5 * 60_000;

/** The child's answer to "cpu": the CPU time it has used so far (µs). */
export interface CpuMessage {
  readonly cpu: NodeJS.CpuUsage;
}

/** What the child sends once it listens. */
export interface ReadyMessage {
  readonly ready: true;
  readonly ports: Readonly<Record<Variant, number>>;
}

async function main(): Promise<void> {
  const framework = process.argv[2] as Framework;
  if (!FRAMEWORKS.includes(framework) || !process.send) {
    throw new Error(`usage: fork(server.js, [${FRAMEWORKS.join(" | ")}]) from the benchmark`);
  }
  const servers: Server[] = [];
  const ports = {} as Record<Variant, number>;
  for (const variant of VARIANTS) {
    const server = createServer(await buildApp(framework, variant));
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    ports[variant] = typeof address === "object" && address ? address.port : 0;
    servers.push(server);
  }
  const stop = () => {
    for (const s of servers) s.closeAllConnections();
    process.exit(0);
  };
  setTimeout(stop, MAX_LIFETIME_MS).unref();
  process.on("disconnect", stop);
  process.on("message", (m) => {
    if (m === "stop") stop();
    if (m === "cpu") process.send?.({ cpu: process.cpuUsage() } satisfies CpuMessage);
  });
  process.send({ ready: true, ports } satisfies ReadyMessage);
}

await main();

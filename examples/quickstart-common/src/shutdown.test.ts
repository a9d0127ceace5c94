import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { stopOnSignals } from "./shutdown.js";

/** A server that answers "ok", except to /hang, which it never answers. */
async function listening(): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url !== "/hang") res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  return server;
}

/** The handler stopOnSignals added for `signal` (the last one added). */
const handler = (signal: "SIGINT" | "SIGTERM") => process.listeners(signal).at(-1) as () => void;

describe("stopOnSignals", () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) if (s.listening) await new Promise((resolve) => s.close(resolve));
  });

  it.each(["SIGINT", "SIGTERM"] as const)(
    "on %s, closes the server, open connections included, and exits with 0",
    async (signal) => {
      const server = await listening();
      servers.push(server);
      const before = process.listenerCount(signal);
      const exit = vi.fn();
      stopOnSignals(server, exit);
      expect(process.listenerCount(signal)).toBe(before + 1);
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect(await (await fetch(`${url}/`)).text()).toBe("ok");
      // a request in flight would hold close() open until it is answered
      const received = new Promise((resolve) => server.once("request", resolve));
      const hanging = fetch(`${url}/hang`).catch((err: unknown) => err);
      await received;

      const stop = handler(signal);
      stop();
      stop(); // pnpm forwards the terminal's SIGINT: a second one while closing changes nothing
      await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0), { timeout: 2000 });
      expect(exit).toHaveBeenCalledTimes(1);
      expect(server.listening).toBe(false);
      expect(await hanging).toBeInstanceOf(Error);
      // still there, so that a signal arriving before the exit is not node's default (status 130)
      expect(process.listenerCount(signal)).toBe(before + 1);
      for (const s of ["SIGINT", "SIGTERM"] as const) process.off(s, stop);
    },
  );

  it("removes its handlers when the server closes for another reason", async () => {
    const server = await listening();
    const before = [process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")];
    const exit = vi.fn();
    stopOnSignals(server, exit);
    await new Promise((resolve) => server.close(resolve));
    expect([process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")]).toEqual(before);
    expect(exit).not.toHaveBeenCalled();
  });
});

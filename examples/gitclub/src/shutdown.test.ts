import { createServer, type Server } from "node:http";
import { describe, expect, it, vi } from "vitest";
import { stopOnSignals } from "./shutdown.js";

describe("stopOnSignals", () => {
  it("on SIGINT (twice, as under pnpm), closes the server and exits with 0, once", async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, resolve));
    const exit = vi.fn();
    stopOnSignals(server, exit);
    const stop = process.listeners("SIGINT").at(-1) as () => void;
    stop();
    stop();
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0), { timeout: 2000 });
    expect(exit).toHaveBeenCalledTimes(1);
    expect(server.listening).toBe(false);
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.off(signal, stop);
  });

  it("removes its handlers when the server closes for another reason", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, resolve));
    const before = [process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")];
    stopOnSignals(server, vi.fn());
    await new Promise((resolve) => server.close(resolve));
    expect([process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")]).toEqual(before);
  });
});

/**
 * The tests both quickstarts' `server.ts` must pass (a test helper: only test files import
 * it): it listens on `PORT` and says what to try, or says in one line why it cannot start
 * (a bad `PORT`), with exit code 1.
 * @module
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";

/**
 * Define the server tests of the quickstart on `framework`. `load` imports its
 * `server.ts` afresh (`() => import("./server.js")`), which starts it.
 */
export function serverSuite(
  framework: "Express" | "Koa",
  load: () => Promise<{ server: Server | undefined }>,
): void {
  async function start(port: string) {
    vi.resetModules();
    vi.stubEnv("PORT", port);
    return (await load()).server;
  }

  describe(`the ${framework} quickstart's server`, () => {
    const exitCode = process.exitCode;
    afterEach(() => {
      process.exitCode = exitCode;
      vi.unstubAllEnvs();
      vi.restoreAllMocks();
    });

    it("listens on PORT, says where, and answers", async () => {
      const log = vi.spyOn(console, "log").mockImplementation(() => {});
      const server = await start("0");
      expect(server).toBeDefined();
      try {
        const { port } = server!.address() as AddressInfo;
        expect(log.mock.calls[0]?.[0]).toContain(
          `oso-ts quickstart (${framework}) on http://localhost:${port}`,
        );
        const res = await fetch(`http://127.0.0.1:${port}/page/1`, { headers: { "X-User": "alice" } });
        expect(res.status).toBe(200);
        expect(process.exitCode).toBe(exitCode);
      } finally {
        await new Promise((resolve) => server!.close(resolve));
      }
    });

    it.each(["abc", "99999", "-1"])("refuses PORT=%s in one line, with exit code 1", async (port) => {
      const error = vi.spyOn(console, "error").mockImplementation(() => {});
      expect(await start(port)).toBeUndefined();
      expect(error.mock.calls).toEqual([
        [`The quickstart did not start: PORT must be a port number from 0 to 65535, not "${port}"`],
      ]);
      expect(process.exitCode).toBe(1);
    });
  });
}

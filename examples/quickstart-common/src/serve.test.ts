import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { portFromEnv, serve } from "./serve.js";

describe("portFromEnv", () => {
  it.each([
    [undefined, 3001],
    ["", 3001],
    ["  ", 3001],
    ["0", 0],
    ["8080", 8080],
    [" 8080 ", 8080],
    ["65535", 65535],
  ])("reads %j as %d", (value, port) => {
    expect(portFromEnv(value, 3001)).toBe(port);
  });

  it.each(["abc", "3000abc", "-1", "1.5", "1e3", "0x50", "65536", "99999999999999999999", "Infinity"])(
    "refuses %j, naming PORT and the value",
    (value) => {
      expect(() => portFromEnv(value, 3001)).toThrow(
        `PORT must be a port number from 0 to 65535, not ${JSON.stringify(value)}`,
      );
    },
  );
});

describe("serve", () => {
  const servers: Server[] = [];
  const exitCode = process.exitCode;
  afterEach(async () => {
    process.exitCode = exitCode;
    vi.restoreAllMocks();
    for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
  });
  const ok = (_req: unknown, res: { end(text: string): void }) => res.end("ok");

  it("listens on PORT and prints the banner with the port it got", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const server = await serve(ok, { framework: "Test", defaultPort: 1, env: { PORT: "0" } });
    expect(server?.listening).toBe(true);
    servers.push(server!);
    const { port } = server!.address() as AddressInfo;
    expect(log).toHaveBeenCalledWith(
      expect.stringContaining(`oso-ts quickstart (Test) on http://localhost:${port}`),
    );
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("ok");
    expect(process.exitCode).toBe(exitCode);
  });

  it("says in one line that a bad PORT is bad, and sets the exit code, without listening", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await expect(
      serve(ok, { framework: "Test", defaultPort: 0, env: { PORT: "abc" } }),
    ).resolves.toBeUndefined();
    expect(error.mock.calls).toEqual([
      ['The quickstart did not start: PORT must be a port number from 0 to 65535, not "abc"'],
    ]);
    expect(log).not.toHaveBeenCalled();
    expect(process.exitCode).toBe(1);
  });

  it("says in one line that the port is taken", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    servers.push(taken);
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const port = String((taken.address() as AddressInfo).port);
    await expect(
      serve(ok, { framework: "Test", defaultPort: 0, env: { PORT: port } }),
    ).resolves.toBeUndefined();
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0]?.[0]).toMatch(/^The quickstart did not start: listen EADDRINUSE/);
    expect(process.exitCode).toBe(1);
  });
});

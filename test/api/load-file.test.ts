/**
 * `loadFile` (singular, as issue 3 names it): one policy file from disk, with the same
 * checks as `loadFiles([file])`: the `.polar` extension, a file that is not there, and
 * errors that point into the file.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { OperationalError, Oso, ParseError, PolarError } from "@oso-ts/core";
import { afterAll, describe, expect, it } from "vitest";

class User {
  constructor(
    readonly name: string,
    readonly roles: readonly string[],
  ) {}
}
class Page {
  constructor(readonly id: number) {}
}

const POLICY = `allow(user: User, "read", _page: Page) if "reader" in user.roles;
allow(user: User, "write", _page: Page) if "writer" in user.roles;
`;

const dir = mkdtempSync(join(tmpdir(), "oso-ts-load-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function newOso(): Oso {
  const oso = new Oso({ onWarning: () => {} });
  oso.registerClass(User);
  oso.registerClass(Page);
  return oso;
}

/** What `promise` rejected with (failing the test if it resolved). */
async function rejection(promise: Promise<unknown>): Promise<PolarError> {
  const e = await promise.then(
    () => expect.unreachable("resolved"),
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(PolarError);
  return e as PolarError;
}

const reader = new User("ann", ["reader"]);
const writer = new User("bob", ["reader", "writer"]);
const page = new Page(1);

describe("loadFile", () => {
  it("loads a real .polar file, and its rules decide", async () => {
    const oso = newOso();
    await expect(oso.loadFile(file("authorization.polar", POLICY))).resolves.toBeUndefined();
    expect(await oso.isAllowed(reader, "read", page)).toBe(true);
    expect(await oso.isAllowed(reader, "write", page)).toBe(false);
    expect(await oso.isAllowed(writer, "write", page)).toBe(true);
  });

  it("takes a path relative to the current directory", async () => {
    const oso = newOso();
    await oso.loadFile(relative(process.cwd(), file("relative.polar", POLICY)));
    expect(oso.isAllowedSync(reader, "read", page)).toBe(true);
  });

  it("is loadFiles with one file: a second load is refused until clearRules", async () => {
    const oso = newOso();
    const path = file("once.polar", POLICY);
    await oso.loadFile(path);
    const e = await rejection(oso.loadFile(path));
    expect(e.code).toBe("multiple_load");
    oso.clearRules();
    await oso.loadFile(path);
    expect(await oso.isAllowed(writer, "write", page)).toBe(true);
  });

  it("refuses a missing file with file_not_found, naming it, and loads nothing", async () => {
    const oso = newOso();
    const missing = join(dir, "missing.polar");
    const e = await rejection(oso.loadFile(missing));
    expect(e).toBeInstanceOf(OperationalError);
    expect(e.code).toBe("file_not_found");
    expect(e.message).toContain(`Could not find file: ${missing}`);
    expect((e.cause as NodeJS.ErrnoException | undefined)?.code).toBe("ENOENT");
    // nothing was loaded: a later load works and decides
    await oso.loadFile(file("after-missing.polar", POLICY));
    expect(await oso.isAllowed(reader, "read", page)).toBe(true);
  });

  it("refuses a file that is not .polar with file_extension, even when it exists", async () => {
    const oso = newOso();
    for (const name of ["policy.txt", "policy.polar.bak", "policy.POLAR", "policy"]) {
      const e = await rejection(oso.loadFile(file(name, POLICY)));
      expect(e).toBeInstanceOf(OperationalError);
      expect(e.code, name).toBe("file_extension");
      expect(e.message).toContain(
        `Polar files must have .polar extension. Offending file: ${join(dir, name)}`,
      );
    }
    // nor is a missing file with another extension reported as missing
    expect((await rejection(oso.loadFile(join(dir, "nowhere.txt")))).code).toBe("file_extension");
    await oso.loadFile(file("after-extension.polar", POLICY));
    expect(await oso.isAllowed(reader, "read", page)).toBe(true);
  });

  it("refuses what is not a file name with invalid_argument", async () => {
    const oso = newOso();
    for (const bad of [undefined, 42, ["authorization.polar"], Buffer.from("x.polar")]) {
      // a JavaScript caller can pass anything
      const e = await rejection(oso.loadFile(bad as unknown as string));
      expect(e.code, String(bad)).toBe("invalid_argument");
      expect(e.message).toContain("loadFile() takes a file name");
    }
  });

  it("points an error into the file: its name, line and column", async () => {
    const oso = newOso();
    const path = file("broken.polar", `${POLICY}allow(user, "read", page) if user.name = ;\n`);
    const e = await rejection(oso.loadFile(path));
    expect(e).toBeInstanceOf(ParseError);
    expect(e.file).toBe(path);
    expect(e.line).toBe(3);
    expect(e.column).toBeGreaterThan(1);
    expect(e.message).toContain(path);
    // a failed load installs nothing
    await oso.loadFile(file("after-broken.polar", POLICY));
    expect(await oso.isAllowed(writer, "write", page)).toBe(true);
  });
});

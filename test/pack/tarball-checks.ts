/**
 * What a package tarball must hold to be published: the checks are on the files of one
 * tarball ({@link readTarball}'s map), so that every package under packages/ gets them.
 * @module
 */

/** Every problem of a tarball (none: an empty list), each a sentence naming the file. */
export function tarballProblems(files: ReadonlyMap<string, Buffer>): string[] {
  const problems: string[] = [];
  const manifest = JSON.parse(files.get("package.json")?.toString("utf8") ?? "{}") as {
    license?: string;
    exports?: unknown;
    bin?: string | Record<string, string>;
    main?: string;
    types?: string;
  };
  const license = files.get("LICENSE")?.toString("utf8");
  if (license === undefined) problems.push("no LICENSE");
  else if (manifest.license === "Apache-2.0" && !/Apache License\s+Version 2\.0/.test(license))
    problems.push("LICENSE is not the Apache License 2.0 that package.json declares");

  for (const path of files.keys()) {
    if (path.endsWith(".tsbuildinfo")) problems.push(`${path}: TypeScript's build state is not for users`);
    if (/\.test(-d)?\.ts$|__fixtures__|test-helpers/.test(path)) problems.push(`${path}: a test file`);
  }

  // every source map's sources are in the tarball, so that a stack trace names real files
  for (const [path, body] of files) {
    if (!path.endsWith(".map")) continue;
    const dir = path.split("/").slice(0, -1);
    const { sources = [] } = JSON.parse(body.toString("utf8")) as { sources?: string[] };
    for (const source of sources) {
      const resolved = resolve(dir, source);
      if (!files.has(resolved)) problems.push(`${path}: its source ${source} (${resolved}) is not shipped`);
    }
  }

  // every file the manifest points at, under every export condition, exists
  const targets: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === "string") targets.push(value);
    else if (value !== null && typeof value === "object") for (const v of Object.values(value)) collect(v);
  };
  collect(manifest.exports);
  collect(manifest.bin);
  collect(manifest.main);
  collect(manifest.types);
  for (const target of targets) {
    const resolved = resolve([], target);
    if (!files.has(resolved)) problems.push(`package.json points at ${target}, which is not shipped`);
  }
  return problems;
}

/** `relative` resolved against the directory `dir` (as path segments), within the tarball. */
function resolve(dir: readonly string[], relative: string): string {
  const parts = [...dir];
  for (const segment of relative.split("/")) {
    if (segment === "..") parts.pop();
    else if (segment !== "." && segment !== "") parts.push(segment);
  }
  return parts.join("/");
}

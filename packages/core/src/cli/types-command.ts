/**
 * `oso-ts types <file.polar>... [--out file.ts] [--check]`: TypeScript types generated from
 * a policy's resource blocks and built-in roles' `resource(...)` rules (see
 * `types-gen/`). With `--check`, nothing is written: the command fails when the file given
 * to `--out` differs from what it would write, so CI catches a policy changed without
 * regenerating.
 * @module
 */
import { readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, relative, sep } from "node:path";
import { type CliIo, printDiagnostics } from "../cli.js";
import { makeSource, type Source } from "../source.js";
import { emitPolicyTypes } from "../types-gen/emit.js";
import { policyModel } from "../types-gen/policy-model.js";

/** The CLI's I/O, plus where `--out` writes (tests pass their own). */
export interface TypesIo extends CliIo {
  writeFile?(path: string, text: string): void;
}

export const TYPES_USAGE = `usage: oso-ts types <file.polar>... [--out file.ts] [--check]

Generates TypeScript types from a policy: for each resource type (resource and
actor blocks, the built-in roles' resource(_type: C, ...) rules) its actions,
roles and relations as string-literal unions, in one PolicyTypes interface.
Prints to standard output, or writes the file given to --out. With --check,
writes nothing and fails when that file is not what it would write.

Exit status: 0 written (or up to date), 1 policy errors or stale file, 2 bad usage.
`;

/**
 * Run `oso-ts types` with its arguments (after `types`).
 * @returns the exit status: 0 done or up to date, 1 policy errors or a stale file, 2 bad usage.
 */
export function typesCommand(args: readonly string[], io: TypesIo): number {
  const files: string[] = [];
  let out: string | undefined;
  let check = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--out" || arg.startsWith("--out=")) {
      const value = arg === "--out" ? args[++i] : arg.slice("--out=".length);
      if (value === undefined || value === "" || value.startsWith("-"))
        return usage(io, "--out needs a file name");
      out = value;
    } else if (arg === "--check") check = true;
    else if (arg.startsWith("-")) return usage(io, `unknown option '${arg}'`);
    else files.push(arg);
  }
  if (files.length === 0) return usage(io, "no policy files given");
  if (check && out === undefined) return usage(io, "--check needs --out, the file to compare");
  const read = io.readFile ?? ((path: string) => readFileSync(path, "utf8"));
  const sources: Source[] = [];
  for (const file of files) {
    if (!file.endsWith(".polar")) return usage(io, `'${file}' is not a .polar file`);
    try {
      sources.push(makeSource(read(file), file));
    } catch (e) {
      return usage(io, `cannot read '${file}' (${reason(e)})`);
    }
  }
  const { model, errors } = policyModel(sources);
  if (!model) return printDiagnostics(sources, { errors, warnings: [] }, io);
  // the header names the policy files relative to the generated file, so the text (and
  // --check) does not depend on the directory the command runs from
  const named = out === undefined ? files : files.map((f) => posix(relative(dirname(out), f)));
  const text = emitPolicyTypes(model, named, out === undefined ? undefined : basename(out));
  if (out === undefined) {
    io.stdout(text);
    return 0;
  }
  if (check) {
    let current: string | undefined;
    try {
      current = read(out);
    } catch {
      current = undefined;
    }
    if (current === text) {
      io.stdout(`${out}: up to date\n`);
      return 0;
    }
    io.stdout(
      `${out}: ${current === undefined ? "missing" : "out of date"}: regenerate with oso-ts types ${files.join(" ")} --out ${out}\n`,
    );
    return 1;
  }
  try {
    (io.writeFile ?? ((path: string, t: string) => writeFileSync(path, t)))(out, text);
  } catch (e) {
    return usage(io, `cannot write '${out}' (${reason(e)})`);
  }
  io.stdout(`${out}: written\n`);
  return 0;
}

function usage(io: CliIo, problem: string): number {
  io.stderr(`oso-ts: ${problem}\n${TYPES_USAGE}`);
  return 2;
}

function reason(e: unknown): string {
  return e instanceof Error && "code" in e ? String(e.code) : String(e);
}

function posix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

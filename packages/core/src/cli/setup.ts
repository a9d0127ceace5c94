/**
 * `--setup module`: the application's own configuration of Oso, for the command-line tools.
 *
 * The module is imported (a path, relative to the current directory) and must export one of:
 * - `oso` (a named export) or a default export that is an `Oso`, or a Promise of one: it is
 *   used as it is, with its classes, constants, options and any policy it has loaded;
 * - `setup` (a named export) or a default export that is a function: it is called with a new
 *   `Oso` made by the tool (with the tool's options, such as the REPL's `--timeout`), and
 *   registers the application's classes and constants on it; it may return a Promise.
 *
 * A named `oso` is used before `setup`, and both before the default export.
 * @module
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { isPolarError, type PolarError, polarError } from "../errors.js";
import { Oso } from "../oso.js";

/** The methods the tools call: an instance of another copy of this package has them too. */
const OSO_METHODS = ["query", "loadFiles", "clearRules", "toolView", "isAllowed"] as const;

function isOso(value: unknown): value is Oso {
  if (value instanceof Oso) return true;
  if (typeof value !== "object" || value === null) return false;
  return OSO_METHODS.every((m) => typeof (value as Record<string, unknown>)[m] === "function");
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === "string" && name !== "" && name !== "Object" ? `a ${name}` : "an object";
  }
  return typeof value === "function" ? "a function" : `${typeof value} ${String(value)}`;
}

function setupError(module: string, problem: string, cause?: unknown): PolarError {
  return polarError("setup_module", `--setup ${module}: ${problem}`, { cause });
}

function reason(e: unknown): string {
  if (isPolarError(e)) return `${e.code}: ${e.summary}`;
  return e instanceof Error ? e.message : String(e);
}

/**
 * Import the setup module `module` and return its `Oso`.
 * @param makeOso makes the `Oso` handed to a setup function.
 * @returns the `Oso`, and whether the tool made it (a setup function) or the module did.
 * @throws {PolarError} `setup_module` when the module cannot be imported, throws, exports
 *   nothing usable, or its `oso` is not an `Oso`.
 */
export async function loadSetup(module: string, makeOso: () => Oso): Promise<{ oso: Oso; made: boolean }> {
  let exports: Record<string, unknown>;
  try {
    exports = (await import(pathToFileURL(resolve(module)).href)) as Record<string, unknown>;
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    if (code === "ERR_MODULE_NOT_FOUND" && String((e as Error).message).includes(resolve(module))) {
      throw setupError(module, "no such module", e);
    }
    throw setupError(module, `importing it failed: ${reason(e)}`, e);
  }
  const chosen =
    exports.oso !== undefined
      ? { name: "oso", value: exports.oso }
      : typeof exports.setup === "function"
        ? { name: "setup", value: exports.setup }
        : exports.default !== undefined
          ? { name: "default", value: exports.default }
          : undefined;
  if (chosen === undefined) {
    throw setupError(
      module,
      "exports no `oso`: export an Oso (`export const oso = ...` or `export default oso`), " +
        "or a function that registers your classes on the Oso it is given (`export function setup(oso)`)",
    );
  }
  const { name, value } = chosen;
  if (typeof value === "function" && !isOso(value)) {
    const oso = makeOso();
    try {
      await (value as (oso: Oso) => unknown)(oso);
    } catch (e) {
      throw setupError(
        module,
        `its ${name === "default" ? "default export" : name}(oso) threw: ${reason(e)}`,
        e,
      );
    }
    return { oso, made: true };
  }
  let oso: unknown;
  try {
    oso = await value;
  } catch (e) {
    throw setupError(module, `its \`${name}\` Promise rejected: ${reason(e)}`, e);
  }
  if (!isOso(oso)) {
    throw setupError(
      module,
      `its ${name === "default" ? "default export" : `\`${name}\``} is ${describe(oso)}, not an Oso ` +
        "(if it is one, the module imports another copy of @oso-ts/core: run the project's own oso-ts)",
    );
  }
  return { oso, made: false };
}

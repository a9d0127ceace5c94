/**
 * The two engines behind one interface, and the normalization of their answers.
 *
 * Each case runs in a fresh `Oso` per engine: setups, then `loadStr(policy)`, then the
 * query or API call. Results become JSON-able {@link Outcome}s:
 * - numbers stay numbers, except NaN/±Infinity/-0 (`{"@num": "NaN"}`...) and bigints
 *   (`{"@bigint": "..."}`);
 * - lists become arrays; dictionaries (either engine's `Dict`) plain objects with sorted keys;
 * - unbound variables `{"@var": name}`;
 * - fixture objects `{"@ref": label}`, registered classes `{"@class": name}`, other host
 *   objects `{"@instance": constructor name, fields: {...}}`.
 * Keys starting with `@` cannot be Polar dictionary keys, so the tags never collide.
 * @module
 */
import {
  Dict as TsDict,
  Expression as TsExpression,
  Oso as TsOso,
  Predicate as TsPredicate,
  Variable as TsVariable,
} from "@oso-ts/core";
import { Oso as RefOso, Variable as RefVariable } from "oso";
import { Expression as RefExpression } from "oso/dist/src/Expression.js";
import { Predicate as RefPredicate } from "oso/dist/src/Predicate.js";
import { Dict as RefDict } from "oso/dist/src/types.js";
import { osoCategory, osoTsCategory } from "./errors.js";
import { DictArg, labelOf, type Registrar, SETUPS, type SetupName, VarArg } from "./fixtures.js";
import type { Case, Json, Outcome } from "./types.js";

/** The API both `Oso` classes share, as far as the suite uses it. */
interface AnyOso extends Registrar {
  loadStr(text: string): Promise<void>;
  query(q: string): AsyncIterable<Map<string, unknown>>;
  queryRule(name: string, ...args: unknown[]): AsyncIterable<Map<string, unknown>>;
  isAllowed(actor: unknown, action: unknown, resource: unknown): Promise<boolean>;
  authorizedActions(
    actor: unknown,
    resource: unknown,
    options?: { allowWildcard?: boolean },
  ): Promise<Set<unknown>>;
}

/** One engine: how to build an Oso, and how to read its values and errors. */
export interface Engine {
  readonly name: "oso" | "oso-ts";
  /** A fresh Oso whose `print` output goes to `printed`, plus a disposer. */
  create(printed: string[]): { oso: AnyOso; dispose(): void };
  toEngine(arg: unknown): unknown;
  isDict(v: object): boolean;
  variableName(v: object): string | undefined;
  expression(v: object): { operator: string; args: readonly unknown[] } | undefined;
  predicate(v: object): { name: string; args: readonly unknown[] } | undefined;
  category(e: unknown): string;
}

function translateArg(
  arg: unknown,
  mkVar: (name: string) => unknown,
  mkDict: (f: Record<string, unknown>) => unknown,
): unknown {
  if (arg instanceof VarArg) return mkVar(arg.name);
  if (arg instanceof DictArg) {
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(arg.fields)) fields[k] = translateArg(v, mkVar, mkDict);
    return mkDict(fields);
  }
  if (Array.isArray(arg)) return arg.map((a) => translateArg(a, mkVar, mkDict));
  return arg;
}

/** Oso 0.27.3, the reference. */
export const reference: Engine = {
  name: "oso",
  create(printed) {
    // Oso reads this variable when a Polar is constructed; set it only for that moment.
    const previous = process.env.POLAR_IGNORE_NO_ALLOW_WARNING;
    process.env.POLAR_IGNORE_NO_ALLOW_WARNING = "1";
    const oso = new RefOso();
    if (previous === undefined) delete process.env.POLAR_IGNORE_NO_ALLOW_WARNING;
    else process.env.POLAR_IGNORE_NO_ALLOW_WARNING = previous;
    // Oso prints with console.log / console.warn: route them while this Oso is in use.
    // (console.error: a panic inside Oso's WebAssembly core is reported there.)
    const { log, warn, error } = console;
    console.log = (...m: unknown[]) => printed.push(m.map(String).join(" "));
    console.warn = () => {};
    console.error = () => {};
    return {
      oso: oso as unknown as AnyOso,
      dispose() {
        console.log = log;
        console.warn = warn;
        console.error = error;
        try {
          oso.free();
        } catch {
          // an Oso whose core panicked cannot be freed; it is dropped with the case
        }
      },
    };
  },
  toEngine: (arg) =>
    translateArg(
      arg,
      (n) => new RefVariable(n),
      (f) => new RefDict(f),
    ),
  isDict: (v) => v instanceof RefDict,
  variableName: (v) => (v instanceof RefVariable ? v.name : undefined),
  expression: (v) => (v instanceof RefExpression ? { operator: v.operator, args: v.args } : undefined),
  predicate: (v) => (v instanceof RefPredicate ? { name: v.name, args: v.args } : undefined),
  category: osoCategory,
};

/** oso-ts, the engine under test. */
export const candidate: Engine = {
  name: "oso-ts",
  create(printed) {
    const oso = new TsOso({
      onWarning: () => {},
      print: (m) => printed.push(m),
      ignoreNoAllowWarning: true,
    });
    return { oso: oso as unknown as AnyOso, dispose() {} };
  },
  toEngine: (arg) =>
    translateArg(
      arg,
      (n) => new TsVariable(n),
      (f) => new TsDict(f),
    ),
  isDict: (v) => v instanceof TsDict,
  variableName: (v) => (v instanceof TsVariable ? v.name : undefined),
  expression: (v) => (v instanceof TsExpression ? { operator: v.operator, args: v.args } : undefined),
  predicate: (v) => (v instanceof TsPredicate ? { name: v.name, args: v.args } : undefined),
  category: osoTsCategory,
};

export const ENGINES = [reference, candidate] as const;

// ---------------------------------------------------------------------------------------
// Normalization

const REGISTERED_CLASSES = new Set<unknown>();
for (const setup of Object.values(SETUPS)) {
  setup({ registerClass: (cls) => REGISTERED_CLASSES.add(cls), registerConstant: () => {} });
}

/** A JSON-able form of a value returned by `engine`. */
export function normalize(engine: Engine, v: unknown, depth = 0): Json {
  if (depth > 8) return "@deep";
  switch (typeof v) {
    case "string":
    case "boolean":
      return v;
    case "number":
      if (Number.isNaN(v)) return { "@num": "NaN" };
      if (!Number.isFinite(v)) return { "@num": v > 0 ? "Infinity" : "-Infinity" };
      if (Object.is(v, -0)) return { "@num": "-0" };
      return v;
    case "bigint":
      return { "@bigint": String(v) };
    case "undefined":
      return { "@undefined": true };
    case "symbol":
      return { "@symbol": String(v) };
    case "function": {
      const l = labelOf(v);
      if (l) return { "@ref": l };
      if (REGISTERED_CLASSES.has(v)) return { "@class": v.name };
      return { "@function": v.name };
    }
  }
  if (v === null) return null;
  const o = v as object;
  const label = labelOf(o);
  if (label) return { "@ref": label };
  if (Array.isArray(o)) return o.map((x) => normalize(engine, x, depth + 1));
  const name = engine.variableName(o);
  if (name !== undefined) return { "@var": name };
  if (engine.isDict(o)) return sortedFields(engine, o, depth);
  const ex = engine.expression(o);
  if (ex) return { "@expr": ex.operator, args: ex.args.map((a) => normalize(engine, a, depth + 1)) };
  const pr = engine.predicate(o);
  if (pr) return { "@pred": pr.name, args: pr.args.map((a) => normalize(engine, a, depth + 1)) };
  if (o === Math) return { "@class": "Math" };
  if (o instanceof Map) return { "@map": [...o].map((e) => normalize(engine, e, depth + 1)) };
  if (o instanceof Set) return { "@set": [...o].map((e) => normalize(engine, e, depth + 1)) };
  if (o instanceof Promise) return { "@promise": true };
  return { "@instance": o.constructor?.name ?? "null-prototype", fields: sortedFields(engine, o, depth) };
}

function sortedFields(engine: Engine, o: object, depth: number): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const k of Object.keys(o).sort())
    out[k] = normalize(engine, (o as Record<string, unknown>)[k], depth + 1);
  return out;
}

function solution(engine: Engine, s: Map<string, unknown>): Json {
  const out: { [key: string]: Json } = {};
  for (const k of [...s.keys()].sort()) out[k] = normalize(engine, s.get(k));
  return out;
}

// ---------------------------------------------------------------------------------------
// Running a case

function setups(c: Case): SetupName[] {
  if (!c.setup) return [];
  return Array.isArray(c.setup) ? c.setup : [c.setup as SetupName];
}

/** Run `c` on `engine` and normalize what happened. */
export async function run(engine: Engine, c: Case): Promise<Outcome> {
  const printed: string[] = [];
  const { oso, dispose } = engine.create(printed);
  const out: Outcome = {};
  const fail = (phase: "setup" | "load" | "query", e: unknown): Outcome => {
    out.error = { phase, category: engine.category(e) };
    return out;
  };
  try {
    try {
      for (const s of setups(c)) SETUPS[s](oso);
    } catch (e) {
      return fail("setup", e);
    }
    if (c.policy !== undefined) {
      try {
        await oso.loadStr(c.policy);
        if (c.secondPolicy !== undefined) await oso.loadStr(c.secondPolicy);
      } catch (e) {
        return fail("load", e);
      }
    }
    try {
      if (c.query !== undefined || c.rule) {
        const solutions: Json[] = [];
        out.result = solutions;
        let stream: AsyncIterable<Map<string, unknown>>;
        try {
          stream =
            c.query !== undefined
              ? oso.query(c.query)
              : oso.queryRule(c.rule![0], ...c.rule!.slice(1).map(engine.toEngine));
        } catch (e) {
          if (c.observeThrowSite) out.thrownBy = "query()";
          throw e;
        }
        if (c.observeThrowSite) out.thrownBy = "iteration";
        for await (const s of stream) {
          solutions.push(solution(engine, s));
          if (c.limit !== undefined && solutions.length >= c.limit) break;
        }
      } else if (c.isAllowed) {
        const [actor, action, resource] = c.isAllowed.map(engine.toEngine);
        out.result = await oso.isAllowed(actor, action, resource);
      } else if (c.authorizedActions) {
        const [actor, resource, allowWildcard] = c.authorizedActions;
        const actions = await oso.authorizedActions(engine.toEngine(actor), engine.toEngine(resource), {
          allowWildcard: allowWildcard ?? false,
        });
        out.result = [...actions].map((a) => normalize(engine, a)).sort(byJson);
      }
    } catch (e) {
      fail("query", e);
    }
    return out;
  } finally {
    if (c.capturePrint) out.printed = printed;
    dispose();
  }
}

function byJson(a: Json, b: Json): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

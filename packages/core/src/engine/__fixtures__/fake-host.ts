/**
 * A fake host for engine tests: the engine's `HostPort` over plain test objects, with no
 * class registry, that counts every call the engine makes through the port and logs every
 * piece of application code that runs (methods and getters of the test objects, whether
 * the engine reached them through the port or directly, as the list-scan fast path does).
 *
 * It also runs policies without the `Polar` class: load, compile and query straight on the
 * engine, so a test can compare runs with and without the fast paths (see fast-paths.ts).
 */
import { isPolarError, polarError } from "../../errors.js";
import { loadSources } from "../../load/loader.js";
import { makeSource } from "../../source.js";
import { parseTerm } from "../../syntax/parser.js";
import { compileQuery } from "../compile.js";
import { type HostPort, MISSING } from "../host-port.js";
import { KnowledgeBase } from "../kb.js";
import type { Limits } from "../limits.js";
import { Machine, RUN_DONE, RUN_SOLUTION } from "../machine.js";
import { compare } from "../operators.js";
import { type ConstantCell, newFrame } from "../templates.js";
import { Dict, deref, Internal, Var } from "../terms.js";

/** An application object of the fake world: a class name, an id and fields. */
export class Obj {
  constructor(
    readonly cls: string,
    readonly id: number,
    fields: Record<string, unknown> = {},
  ) {
    Object.assign(this, fields);
  }
}

/** What ran: port calls by name, and application code in order. */
export interface HostLog {
  readonly port: Map<string, number>;
  readonly app: string[];
}

export class FakeHost implements HostPort {
  readonly log: HostLog = { port: new Map(), app: [] };
  /** Functions the fake host refuses to let fast paths call directly (as call-guards.ts' built-ins). */
  readonly guarded = new Set<unknown>();
  /** Field names the fake host reads "through an adapter" (HostPort.isRelationField). */
  readonly relationFields = new Set<string>();

  constructor(
    private readonly classes: ReadonlySet<string>,
    readonly structuralEquality = true,
  ) {}

  private count(name: string): void {
    this.log.port.set(name, (this.log.port.get(name) ?? 0) + 1);
  }

  checkName(name: string): void {
    if (name === "constructor" || name === "__proto__" || name === "prototype")
      throw polarError("forbidden_lookup", `Forbidden lookup: ${name}`);
  }
  checkLookup(receiver: unknown, name: string): void {
    this.checkName(name);
    if (typeof receiver === "function" && (name === "call" || name === "apply" || name === "bind"))
      throw polarError("forbidden_lookup", `Forbidden lookup: ${name} on a function`);
  }
  lookupField(receiver: unknown, name: string): unknown {
    this.count("lookupField");
    this.checkLookup(receiver, name);
    if (typeof receiver !== "object" || receiver === null || !(name in receiver))
      throw polarError("application_error", `${name} not found on ${this.repr(receiver)}.`);
    return (receiver as Record<string, unknown>)[name];
  }
  callMethod(receiver: unknown, name: string, args: unknown[]): unknown {
    this.count("callMethod");
    this.checkLookup(receiver, name);
    const f =
      typeof receiver === "object" && receiver !== null
        ? (receiver as Record<string, unknown>)[name]
        : undefined;
    if (typeof f !== "function")
      throw polarError("application_error", `${this.repr(receiver)}.${name} is not a function`);
    if (this.guarded.has(f)) throw polarError("forbidden_call", `Refused call: ${name}`);
    if (args.some((a) => typeof a === "function"))
      throw polarError("forbidden_call", `Refused call: a function argument to ${name}`);
    return f.apply(receiver, args);
  }
  patternField(receiver: unknown, name: string): unknown {
    this.count("patternField");
    this.checkLookup(receiver, name);
    if (typeof receiver !== "object" || receiver === null || !(name in receiver)) return MISSING;
    return (receiver as Record<string, unknown>)[name];
  }
  isa(value: unknown, tag: string): boolean {
    this.count("isa");
    if (!this.classes.has(tag)) throw polarError("unregistered_class", `Unregistered class: ${tag}`);
    return value instanceof Obj && value.cls === tag;
  }
  membershipKey(): object | null {
    return null;
  }
  iterate(value: unknown): Iterator<unknown> | AsyncIterator<unknown> {
    this.count("iterate");
    const it = (value as { [Symbol.iterator]?: () => Iterator<unknown> })?.[Symbol.iterator];
    if (typeof it !== "function") throw polarError("type_error", "Type error: not iterable");
    return it.call(value);
  }
  construct(tag: string): unknown {
    this.count("construct");
    throw polarError("unregistered_class", `Unregistered class: ${tag}`);
  }
  /** Fields read through a data-filtering adapter: none here (fast paths then read them directly). */
  isRelationField(_receiver: unknown, name: string): boolean {
    return this.relationFields.has(name);
  }
  mayBeRelation(name: string): boolean {
    return this.relationFields.has(name);
  }
  isGuarded(f: unknown): boolean {
    return this.guarded.has(f);
  }
  print(): void {}
  repr(value: unknown): string {
    return value instanceof Obj ? `${value.cls}#${value.id}` : String(value);
  }
  equal(a: unknown, b: unknown): boolean {
    this.count("equal");
    if (a === b) return true;
    if (!this.structuralEquality || !(a instanceof Obj) || !(b instanceof Obj)) return false;
    // copies of one row are equal (as the default equality compares own fields)
    return a.cls === b.cls && a.id === b.id;
  }
  equalityProbe(key: object): { proto: object; field: string; value: unknown } | null {
    this.count("equalityProbe");
    // objects of one class with another id are not equal (see equal)
    if (!this.structuralEquality || !(key instanceof Obj)) return null;
    return { proto: Object.getPrototypeOf(key) as object, field: "id", value: key.id };
  }
  compare(op: number, a: unknown, b: unknown): boolean {
    this.count("compare");
    return compare(op, a, b, this);
  }
  isSubclassFirst(): boolean {
    return false;
  }
  isHostInstance(value: unknown): boolean {
    return value instanceof Obj;
  }
}

/** The limits fake worlds run with, unless a test says otherwise. */
export const FAKE_LIMITS: Limits = {
  maxSteps: 100_000,
  maxDepth: 1_000,
  maxChoices: 10_000,
  timeoutMs: 0,
  maxHostValueSize: 1_000,
};

/** A policy loaded on the engine alone, with constants. */
export class FakeWorld {
  readonly kb = new KnowledgeBase();
  private readonly cells = new Map<string, ConstantCell>();

  constructor(
    readonly host: FakeHost,
    classes: Iterable<string>,
    constants: Record<string, unknown>,
    policy: string,
  ) {
    for (const c of classes) this.cells.set(c, { name: c, value: c });
    for (const [name, value] of Object.entries(constants)) this.cells.set(name, { name, value });
    const env = {
      constant: (n: string) => this.cells.get(n),
      hasClass: (n: string) => [...classes].includes(n),
      isSubclass: (a: string, b: string) => a === b,
      builtinRule: () => false,
      ignoreNoAllowWarning: true,
    };
    const loaded = loadSources([makeSource(policy)], env);
    if (loaded.errors.length > 0) throw loaded.errors[0];
    for (const r of loaded.rules) this.kb.add(r);
    for (const [k, v] of loaded.unions) this.kb.unions.set(k, v);
    this.kb.finalize();
  }

  /** Every solution of `query` (each variable shown by {@link show}), or the error that ended it. */
  async solve(
    query: string,
    limits: Partial<Limits> = {},
    max = 200,
  ): Promise<{ solutions: string[]; error?: string }> {
    const errors: ReturnType<typeof polarError>[] = [];
    const env = { constant: (n: string) => this.cells.get(n) };
    const compiled = compileQuery(parseTerm(makeSource(query)), env, errors);
    if (errors.length > 0) throw errors[0];
    const frame = newFrame(compiled.nslots);
    const m = new Machine(this.kb, this.host, { ...FAKE_LIMITS, ...limits });
    m.start(compiled.goals, frame);
    const solutions: string[] = [];
    try {
      for (let first = true; ; first = false) {
        if (!first) m.retry();
        let r = m.run();
        while (r !== RUN_SOLUTION && r !== RUN_DONE) {
          try {
            m.resume(await m.waitForHost());
          } catch (e) {
            m.resumeError(e);
          }
          r = m.run();
        }
        if (r === RUN_DONE) break;
        solutions.push(compiled.vars.map(({ name, slot }) => `${name}=${show(frame[slot])}`).join(","));
        if (solutions.length >= max) break;
      }
    } catch (e) {
      return { solutions, error: isPolarError(e) ? `${e.code}: ${e.message}` : `thrown: ${String(e)}` };
    } finally {
      m.close();
    }
    return { solutions };
  }
}

/** A value as a test compares it: application objects by identity (their id and class). */
export function show(v: unknown): string {
  const d = deref(v);
  if (d instanceof Obj) return `${d.cls}#${d.id}`;
  if (d instanceof Var) return "_";
  if (Array.isArray(d)) return `[${d.map(show).join(",")}]`;
  if (d instanceof Dict)
    return `{${Object.keys(d).map((k) => `${k}:${show((d as Record<string, unknown>)[k])}`)}}`;
  if (d instanceof Internal) return "<internal>";
  return `${typeof d}:${String(d)}`;
}

/**
 * The partial evaluator's terms and helpers: its logic variables and open lists, values
 * the host answers later, the role scan's pre-check, and how known values compare.
 * @module
 */

import { CMP_GEQ, CMP_GT, CMP_LEQ, CMP_LT } from "../engine/operators.js";
import { Dict, UNBOUND } from "../engine/terms.js";
import type { Host } from "../host/host.js";
import type { Term } from "../syntax/ast.js";
import { isSymbolic } from "./residual.js";

/** The per-rule variables a scan looks at. */
export interface ScanScope {
  readonly vars: Map<string, PVar>;
}

/** A logic variable of the partial evaluator. */
export class PVar {
  ref: unknown = UNBOUND;
  constructor(readonly name: string) {}
}

/** A value the host answers later: what the synchronous evaluation path hands on to be awaited. */
export class Pending {
  constructor(readonly p: Promise<unknown>) {}
}

/** `[a, b, *rest]` with an unbound rest. */
export class PList {
  constructor(
    readonly items: readonly unknown[],
    readonly rest: PVar,
  ) {}
}

export function pderef(v: unknown): unknown {
  while (v instanceof PVar) {
    if (v.ref === UNBOUND) return v;
    v = v.ref;
  }
  return v;
}

/**
 * `x in list` followed by tests `x.f = v` of known values (`role in user.roles and
 * role.name = "reader"`): a synchronous pre-check that skips the elements whose field
 * differs, as the machine's scans do, so they cost no trip through the search. Only plain
 * reads of primitive values are judged; anything else (a missing field, a getter's
 * Promise, an object, a declared Relation) is kept for the ordinary path to decide,
 * errors included.
 */
export function scanTest(
  goals: readonly Term[],
  i: number,
  ctx: ScanScope,
  ev: { knownValue(t: Term, ctx: ScanScope): unknown },
  host: { isRelationField(receiver: unknown, name: string): boolean },
): ((e: unknown) => boolean) | null {
  const item = goals[i]!.kind === "op" ? (goals[i] as Term & { kind: "op" }).args[0]! : null;
  if (item?.kind !== "variable" || item.name === "_") return null;
  const bound = ctx.vars.get(item.name);
  if (bound !== undefined && !(pderef(bound) instanceof PVar)) return null;
  const tests: [string, unknown][] = [];
  for (let j = i + 1; j < goals.length; j++) {
    const g = goals[j]!;
    if (g.kind !== "op" || (g.op !== "unify" && g.op !== "eq")) break;
    const [a, b] = g.args as [Term, Term];
    const field = (x: Term) =>
      x.kind === "op" &&
      x.op === "dot" &&
      x.args[0]!.kind === "variable" &&
      x.args[0]!.name === item.name &&
      x.args[1]!.kind === "string"
        ? (x.args[1] as Term & { kind: "string" }).value
        : null;
    const fa = field(a);
    const f = fa ?? field(b);
    if (f === null || FORBIDDEN_SCAN.has(f)) break;
    const v = ev.knownValue(fa !== null ? b : a, ctx);
    if (v === NOT_KNOWN) break;
    tests.push([f, v]);
  }
  if (tests.length === 0) return null;
  return (e) => {
    if (e === null || typeof e !== "object" || Array.isArray(e)) return true;
    for (const [f, v] of tests) {
      // a declared Relation is the adapter's to answer, not the object's own property
      if (!(f in e) || host.isRelationField(e, f)) return true;
      let fv: unknown;
      try {
        fv = (e as Record<string, unknown>)[f];
      } catch {
        return true;
      }
      const t = typeof fv;
      if (t !== "string" && t !== "number" && t !== "boolean" && t !== "bigint") return true;
      if (fv !== v && !sameKnown(fv, v, null)) return false;
    }
    return true;
  };
}

export const NOT_KNOWN = Symbol("not known");
/** Names a scan never reads directly: the host refuses them, and the ordinary path says so. */
const FORBIDDEN_SCAN: ReadonlySet<string> = new Set(["constructor", "__proto__", "prototype"]);

export function mirrorOp(op: number): number {
  switch (op) {
    case CMP_LT:
      return CMP_GT;
    case CMP_GT:
      return CMP_LT;
    case CMP_LEQ:
      return CMP_GEQ;
    case CMP_GEQ:
      return CMP_LEQ;
    default:
      return op;
  }
}

/** A value with PVars replaced by their bindings (lists rebuilt), for host calls. */
export function resolve(v: unknown, depth = 0): unknown {
  v = pderef(v);
  if (depth > 50) return v;
  if (v instanceof PList) {
    const rest = resolve(v.rest, depth + 1);
    return Array.isArray(rest) ? [...v.items.map((x) => resolve(x, depth + 1)), ...rest] : v;
  }
  if (Array.isArray(v)) {
    return v.some((x) => x instanceof PVar || x instanceof PList || Array.isArray(x))
      ? v.map((x) => resolve(x, depth + 1))
      : v;
  }
  return v;
}

export function containsSymbolic(v: unknown, depth = 0): boolean {
  v = pderef(v);
  if (isSymbolic(v) || v instanceof PVar || v instanceof PList) return true;
  if (depth > 50) return false;
  if (Array.isArray(v)) return v.some((x) => containsSymbolic(x, depth + 1));
  if (v instanceof Dict) return Object.values(v).some((x) => containsSymbolic(x, depth + 1));
  return false;
}

export function isObjectOfType(v: unknown, typeName: string, host: Host): boolean {
  if (v === null || typeof v !== "object" || Array.isArray(v) || v instanceof Dict) return false;
  return host.hasClass(typeName) && host.isa(v, typeName);
}

/** Known values unify as in the machine: primitives by value (number and bigint alike), objects by host equality. */
export function sameKnown(a: unknown, b: unknown, host: Host | null): boolean {
  if (a === b) return true;
  const ta = typeof a;
  const tb = typeof b;
  if ((ta === "number" || ta === "bigint") && (tb === "number" || tb === "bigint")) {
    // biome-ignore lint/suspicious/noDoubleEquals: exact comparison across number and bigint
    return a == b;
  }
  const prim = (t: string) => t === "string" || t === "boolean" || t === "number" || t === "bigint";
  if (prim(ta) && prim(tb)) return false;
  return host?.equal(a, b) ?? false;
}

export async function settle(v: unknown): Promise<unknown> {
  return v !== null && typeof v === "object" && typeof (v as { then?: unknown }).then === "function"
    ? await v
    : v;
}

export async function* toAsync(it: Iterator<unknown> | AsyncIterator<unknown>): AsyncGenerator<unknown> {
  for (;;) {
    const r = await it.next();
    if (r.done) return;
    yield r.value;
  }
}

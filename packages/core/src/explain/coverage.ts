/**
 * Rule coverage: which parts of the loaded policy the decisions made while recording
 * exercised.
 *
 * The items counted: every rule of the policy files (a rule is hit when its body
 * succeeded); for resource blocks, every shorthand line (an implication), every declared
 * permission (hit when a `has_permission` rule for it matched) and role (hit when a
 * `has_role` for it held); for the built-in roles, every declared role, each permission of
 * a role, and each implication, hit when a role assignment granted through it. The
 * library's generated rules are not items of their own: they are counted as the
 * declarations they came from.
 * @module
 */
import type { CompiledRule } from "../engine/compile.js";
import type { Goal } from "../engine/goals.js";
import { build, type Frame } from "../engine/templates.js";
import { deref } from "../engine/terms.js";
import type { Tracer } from "../engine/trace-hook.js";
import { declarationsOf } from "../roles/block-model.js";
import type { BlockEnv } from "../roles/resource-blocks.js";
import type { ResourceConfig } from "../roles/roles-config.js";
import { Grant, RolesRuntime } from "../roles/roles-runtime.js";
import type { Source, Span } from "../source.js";
import type { ResourceBlock, Rule } from "../syntax/ast.js";
import { parsePolicy } from "../syntax/parser.js";
import {
  blockTypeOf,
  formatLocation,
  isBlockRule,
  isBuiltInRolesRule,
  locationOf,
  textOf,
} from "./locations.js";
import type { TraceLocation } from "./types.js";

/** What a coverage item is. */
export type CoverageKind = "rule" | "implication" | "permission" | "role";

/** One thing of the policy that decisions may exercise. */
export interface CoverageItem {
  readonly kind: CoverageKind;
  /** As the policy states it: a rule's head, a block's line, `role "reader" on Repo`. */
  readonly text: string;
  readonly location: TraceLocation | null;
  /** How often decisions exercised it while recording. */
  readonly hits: number;
}

/** The coverage of the recorded decisions. */
export interface CoverageReport {
  /** Every item, in policy order. */
  readonly items: readonly CoverageItem[];
  readonly covered: number;
  readonly total: number;
  /** `covered / total` as a percentage (100 for a policy with nothing to cover). */
  readonly percent: number;
  /** The items no decision exercised. */
  readonly uncovered: readonly CoverageItem[];
  /** `Coverage: 9/10 (90.0%)` and a line per item not exercised, with `file:line`. */
  toString(): string;
}

/** Records coverage until stopped. */
export interface CoverageRecorder {
  /** Stop recording (queries started later are not traced); the report stays readable. */
  stop(): void;
  /** The coverage so far. */
  report(): CoverageReport;
}

/** What coverage needs to know of the loaded policy. */
export interface CoverageEnv {
  readonly sources: readonly Source[];
  readonly blockEnv: BlockEnv;
  /** The built-in roles' runtime, when they are enabled. */
  readonly roles: RolesRuntime | null;
}

/** An item's identity: its source and offset (spans of re-parsed text have the same). */
function keyOf(span: Span): string {
  return `${span.start}`;
}

/** The hits of a recording, shared by every query's tracer. */
export class CoverageHits {
  /** Per source, per offset of the rule (or shorthand line): the hits. */
  readonly rules = new Map<Source, Map<string, number>>();
  /** `permission|role` + `|Type|name` -> hits. */
  readonly decls = new Map<string, number>();

  bump(map: Map<string, number>, key: string): void {
    map.set(key, (map.get(key) ?? 0) + 1);
  }

  hitRule(span: Span): void {
    let m = this.rules.get(span.source);
    if (!m) {
      m = new Map();
      this.rules.set(span.source, m);
    }
    this.bump(m, keyOf(span));
  }

  ruleHits(span: Span): number {
    return this.rules.get(span.source)?.get(keyOf(span)) ?? 0;
  }
}

/** The tracer of one query while coverage records. */
export class CoverageTracer implements Tracer {
  caller: Frame = [];
  private readonly active = new WeakMap<Frame, { rule: CompiledRule; args: readonly unknown[] }>();
  private readonly grantActions = new WeakMap<Grant, string>();

  constructor(
    private readonly hits: CoverageHits,
    private readonly roles: RolesRuntime | null,
  ) {}

  enter(rule: CompiledRule, args: readonly unknown[], frame: Frame): void {
    if (rule.ast !== null) this.active.set(frame, { rule, args });
  }
  headFailed(): void {}
  fail(): void {}
  raise(): void {}

  exit(frame: Frame): void {
    const a = this.active.get(frame);
    if (a === undefined) return;
    const ast = a.rule.ast!;
    if (!isBuiltInRolesRule(a.rule)) this.hits.hitRule(ast.span);
    if ((ast.name === "has_role" || ast.name === "has_permission") && a.args.length === 3) {
      const name = deref(a.args[1]);
      const spec = ast.params[2]?.specializer;
      const type =
        spec?.kind === "instance-pattern" ? spec.tag : (constructorName(deref(a.args[2])) ?? undefined);
      if (typeof name === "string" && type !== undefined) {
        const kind = ast.name === "has_role" ? "role" : "permission";
        this.hits.bump(this.hits.decls, `${kind}|${type}|${name}`);
      }
    }
  }

  host(goal: Goal, frame: Frame, value: unknown): void {
    if (this.roles === null || typeof goal.b !== "string") return;
    const receiver = deref(build(goal.a, frame));
    if (receiver instanceof RolesRuntime && goal.b === "grants" && Array.isArray(value)) {
      for (const pair of value) {
        if (Array.isArray(pair) && pair[1] instanceof Grant)
          this.grantActions.set(pair[1], pair[0] as string);
      }
    } else if (receiver instanceof Grant && value === true && goal.c !== null) {
      const args = (goal.c as readonly unknown[]).map((t) => deref(build(t, frame)));
      let name: unknown;
      let on: unknown;
      if (goal.b === "has") {
        const role = args[0] as { name?: unknown; resource?: unknown } | null;
        name = role?.name;
        on = role?.resource;
      } else {
        [name, on] = args;
      }
      const action = this.grantActions.get(receiver);
      if (typeof name === "string" && action !== undefined) this.rolesGrant(receiver, action, name, on);
    }
  }

  /** Count the declarations a granting role went through: roles, implications, the permission. */
  private rolesGrant(grant: Grant, action: string, name: string, on: unknown): void {
    const roles = this.roles!;
    const types = grant.path.map((x) => roles.typeOf(x));
    const own = types[0];
    if (!own) return;
    // the level the assignment is on: the first whose resource it names and where it grants
    let start = -1;
    for (let i = 0; i < grant.levels.length; i++) {
      if (!grant.levels[i]!.has(name)) continue;
      if (typeof on === "object" && on !== null && grant.path[i] !== on) continue;
      start = i;
      break;
    }
    if (start < 0) start = grant.levels.findIndex((l) => l.has(name));
    if (start < 0) return;
    // breadth-first from the assigned role to a role holding the permission
    type Step = { level: number; role: string; prev: Step | null; via: string | null };
    const seen = new Set<string>();
    const queue: Step[] = [{ level: start, role: name, prev: null, via: null }];
    while (queue.length > 0) {
      const step = queue.shift()!;
      const t = types[step.level];
      const id = `${step.level}|${step.role}`;
      if (!t || seen.has(id)) continue;
      seen.add(id);
      const role = t.roles.get(step.role);
      if (!role) continue;
      const permission = step.level === 0 ? action : `${own.namespace}:${action}`;
      if (role.permissions.includes(permission)) {
        this.hits.bump(this.hits.decls, `rp|${t.type}|${step.role}|${permission}`);
        for (let s: Step | null = step; s !== null; s = s.prev) {
          this.hits.bump(this.hits.decls, `rr|${types[s.level]!.type}|${s.role}`);
          if (s.via !== null && s.prev !== null) {
            this.hits.bump(this.hits.decls, `ri|${types[s.prev.level]!.type}|${s.prev.role}|${s.via}`);
          }
        }
        return;
      }
      for (const implied of role.implies) {
        const colon = implied.indexOf(":");
        if (colon < 0) {
          queue.push({ level: step.level, role: implied, prev: step, via: implied });
          continue;
        }
        const ns = implied.slice(0, colon);
        for (let k = 0; k < step.level; k++) {
          if (types[k]?.namespace === ns) {
            queue.push({ level: k, role: implied.slice(colon + 1), prev: step, via: implied });
          }
        }
      }
    }
  }
}

function constructorName(v: unknown): string | null {
  if (typeof v !== "object" || v === null) return null;
  const name = (v as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" ? name : null;
}

/** The coverage report of `hits` over the loaded policy. */
export function coverageReport(env: CoverageEnv, hits: CoverageHits): CoverageReport {
  const items: CoverageItem[] = [];
  const blocks: ResourceBlock[] = [];
  const rolesRules = env.roles?.configs.map((c) => c.rule) ?? [];
  const isRolesRule = (r: Rule) =>
    rolesRules.some((x) => x.span.source === r.span.source && x.span.start === r.span.start);
  for (const source of env.sources) {
    const parsed = parsePolicy(source);
    for (const line of parsed.policy.lines) {
      if (line.kind === "block") {
        blocks.push(line);
      } else if (line.kind === "rule") {
        // the built-in roles' `resource` rules are counted per declaration below
        if (isRolesRule(line)) continue;
        items.push(ruleItem(line, hits));
      }
    }
  }
  if (blocks.length > 0) {
    for (const m of declarationsOf(blocks, env.blockEnv, []).values()) {
      for (const [name, span] of m.permissions) {
        items.push(
          declItem(
            "permission",
            `permission "${name}" on ${m.type}`,
            span,
            hits.decls.get(`permission|${m.type}|${name}`),
          ),
        );
      }
      for (const [name, span] of m.roles) {
        items.push(
          declItem("role", `role "${name}" on ${m.type}`, span, hits.decls.get(`role|${m.type}|${name}`)),
        );
      }
      for (const s of m.shorthands) {
        items.push({
          kind: "implication",
          text: `${textOf(s.span).replace(/;$/, "")} (resource ${m.type})`,
          location: locationOf(s.span),
          hits: hits.ruleHits(s.span),
        });
      }
    }
  }
  if (env.roles !== null) items.push(...rolesItems(env.roles.configs, hits));
  items.sort(byLocation);
  const covered = items.filter((i) => i.hits > 0).length;
  const total = items.length;
  const percent = total === 0 ? 100 : (covered / total) * 100;
  const uncovered = items.filter((i) => i.hits === 0);
  return {
    items,
    covered,
    total,
    percent,
    uncovered,
    toString: () => formatCoverage(covered, total, percent, uncovered),
  };
}

function ruleItem(rule: Rule, hits: CoverageHits): CoverageItem {
  const text = isBlockRule(rule)
    ? `${textOf(rule.span)} (resource ${blockTypeOf(rule)})`
    : textOf(rule.headSpan);
  return { kind: "rule", text, location: locationOf(rule.span), hits: hits.ruleHits(rule.span) };
}

function declItem(kind: CoverageKind, text: string, span: Span, hits: number | undefined): CoverageItem {
  return { kind, text, location: locationOf(span), hits: hits ?? 0 };
}

function rolesItems(configs: readonly ResourceConfig[], hits: CoverageHits): CoverageItem[] {
  const out: CoverageItem[] = [];
  for (const c of configs) {
    const location = locationOf(c.rule.span);
    for (const [name, role] of c.roles) {
      out.push({
        kind: "role",
        text: `role "${name}" on ${c.type}`,
        location,
        hits: hits.decls.get(`rr|${c.type}|${name}`) ?? 0,
      });
      for (const p of role.permissions) {
        out.push({
          kind: "permission",
          text: `permission "${p}" of role "${name}" on ${c.type}`,
          location,
          hits: hits.decls.get(`rp|${c.type}|${name}|${p}`) ?? 0,
        });
      }
      for (const i of role.implies) {
        out.push({
          kind: "implication",
          text: `role "${name}" implies "${i}" on ${c.type}`,
          location,
          hits: hits.decls.get(`ri|${c.type}|${name}|${i}`) ?? 0,
        });
      }
    }
  }
  return out;
}

function byLocation(a: CoverageItem, b: CoverageItem): number {
  const la = a.location;
  const lb = b.location;
  if (la === null || lb === null) return la === lb ? 0 : la === null ? 1 : -1;
  if (la.file !== lb.file) return la.file < lb.file ? -1 : 1;
  return la.line - lb.line || la.column - lb.column;
}

function formatCoverage(
  covered: number,
  total: number,
  percent: number,
  uncovered: readonly CoverageItem[],
): string {
  const lines = [`Coverage: ${covered}/${total} (${percent.toFixed(1)}%)`];
  if (uncovered.length > 0) lines.push("Not exercised:");
  for (const i of uncovered) lines.push(`  ${formatLocation(i.location)}  ${i.kind}: ${i.text}`);
  return lines.join("\n");
}

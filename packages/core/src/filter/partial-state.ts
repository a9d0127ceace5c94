/**
 * The partial evaluator's search state: the trail that undoes bindings and conditions on
 * backtracking, the conditions of the current proof, the symbolic rows (aliases, joins)
 * and the limits. The search itself is built on it, layer by layer, up to `partial.ts`.
 * @module
 */
import type { KnowledgeBase } from "../engine/kb.js";
import { UNBOUND } from "../engine/terms.js";
import { type PolarError, polarError } from "../errors.js";
import type { Host } from "../host/host.js";
import type { Term } from "../syntax/ast.js";
import type { PVar } from "./partial-terms.js";
import { type ResidualCondition, SymColumn, SymMany, SymRow } from "./residual.js";
import { Relation } from "./types.js";
import type { UserTypes } from "./user-types.js";

/** What the evaluator needs from its surroundings. */
export interface PartialEnv {
  readonly kb: KnowledgeBase;
  readonly host: Host;
  readonly types: UserTypes;
  readonly maxSteps: number;
  readonly maxDepth: number;
  readonly timeoutMs: number;
  /**
   * The adapter takes relations from a value: `x in obj.field` over a "many" Relation of a
   * known object binds `x` to a symbolic row instead of fetching the rows.
   */
  readonly relationSubqueries?: boolean;
}

/** A pending rule call, for spotting recursion over a self-relation. */
export interface CallEntry {
  readonly name: string;
  readonly args: readonly unknown[];
}

/** Marks a proof that went through the intercepted recursive call. */
export const RECURSE = Symbol("recurse");
export type Cond = ResidualCondition | typeof RECURSE;

/** A rule activation: `cut` prunes its remaining alternatives. */
export interface Activation {
  cut: boolean;
  readonly condMark: number;
  /** The machine orders this rule's alternatives by specificity per call: `cut` could prune others. */
  readonly sorted: boolean;
}

/** The scope of one rule body: its variables and its activation. */
export interface Ctx {
  readonly vars: Map<string, PVar>;
  readonly act: Activation;
}

/** The longest chain of relations from the resource (a recursion the closure does not catch stops here). */
const MAX_JOIN_DEPTH = 32;

function depthOf(row: SymRow): number {
  let n = 0;
  for (let r = row.from; r !== null; r = r.row.from) n++;
  return n;
}

export abstract class PartialState {
  protected readonly trail: (() => void)[] = [];
  protected readonly conds: Cond[] = [];
  /** Rows reached through "many" relations in the current proof (their count, per key). */
  protected readonly manyCounts = new Map<string, number>();
  protected readonly manyRows: SymRow[] = [];
  /** Rows by how they are reached, shared by all proofs ("one" joins) or per occurrence ("many"). */
  protected readonly rows = new Map<string, SymRow>();
  protected readonly aliasCount = new Map<string, number>();
  /** Known objects whose "many" Relations are rows of the filter, numbered for row keys. */
  private readonly valueIds = new Map<object, number>();
  protected readonly stack: CallEntry[] = [];
  protected steps = 0;
  protected readonly deadline: number;
  readonly root: SymRow;

  constructor(
    protected readonly env: PartialEnv,
    model: string,
    deadline?: number,
  ) {
    this.root = new SymRow(model, model, null);
    this.aliasCount.set(model, 1);
    this.deadline = deadline ?? (env.timeoutMs > 0 ? Date.now() + env.timeoutMs : Number.POSITIVE_INFINITY);
  }

  // ---- the trail ----

  protected mark(): number {
    return this.trail.length;
  }

  protected undo(mark: number): void {
    while (this.trail.length > mark) this.trail.pop()!();
  }

  protected bind(v: PVar, value: unknown): void {
    v.ref = value;
    this.trail.push(() => {
      v.ref = UNBOUND;
    });
  }

  protected addCond(c: Cond): void {
    this.conds.push(c);
    this.trail.push(() => {
      this.conds.pop();
    });
  }

  protected tick(): void {
    if (++this.steps > this.env.maxSteps) {
      throw polarError("step_limit", `Goal count exceeded! MAX_EXECUTED_GOALS = ${this.env.maxSteps}`);
    }
    if ((this.steps & 1023) === 0 && Date.now() > this.deadline) {
      throw polarError("query_timeout", `Query timeout: the filter took more than ${this.env.timeoutMs} ms`);
    }
  }

  // ---- rows ----

  protected newAlias(typeName: string): string {
    let n = this.aliasCount.get(typeName) ?? 0;
    this.aliasCount.set(typeName, n + 1);
    if (n === 0) return typeName;
    let alias = `${typeName}_${n}`;
    while (this.env.types.byName.has(alias) || this.aliasCount.has(alias)) alias = `${typeName}_${++n}`;
    return alias;
  }

  /** `row.field` on a symbolic row. */
  protected symField(row: SymRow, field: string, t: Term): unknown {
    const type = this.env.types.byName.get(row.typeName);
    const declared = type?.fields.get(field);
    if (declared === undefined) {
      throw polarError(
        "undeclared_field",
        `The policy reads ${row.typeName}.${field}, which is not a declared field of ${row.typeName}: declare it in registerClass(${row.typeName}, { fields: { ${field}: ... } }) to filter on it`,
        { span: t.span },
      );
    }
    if (!(declared instanceof Relation)) return new SymColumn(row, field);
    if (depthOf(row) >= MAX_JOIN_DEPTH) {
      throw this.unsupported(t, `A path of more than ${MAX_JOIN_DEPTH} relations from the resource`);
    }
    if (declared.kind === "many") return new SymMany(row, field);
    const key = `${row.alias}.${field}`;
    let target = this.rows.get(key);
    if (!target) {
      target = new SymRow(this.newAlias(declared.otherType), declared.otherType, { row, field });
      this.rows.set(key, target);
    }
    return target;
  }

  /** A row of `many` (one per occurrence in a proof: `x in r.issues and y in r.issues` are two). */
  protected manyRow(many: SymMany): SymRow {
    const rel = this.env.types.byName.get(many.row.typeName)!.fields.get(many.field) as Relation;
    const base = `${many.row.alias}.${many.field}`;
    const n = this.manyCounts.get(base) ?? 0;
    this.manyCounts.set(base, n + 1);
    this.manyRows.push(null as unknown as SymRow);
    this.trail.push(() => {
      this.manyCounts.set(base, n);
      this.manyRows.pop();
    });
    const key = `${base}#${n}`;
    let row = this.rows.get(key);
    if (!row) {
      row = new SymRow(this.newAlias(rel.otherType), rel.otherType, { row: many.row, field: many.field });
      this.rows.set(key, row);
    }
    this.manyRows[this.manyRows.length - 1] = row;
    // the join's own equation: the disjunct needs such a row to exist even when nothing
    // else is said of it (`_ in repo.issues`), and a condition naming the alias says so
    this.addCond({
      kind: "cmp",
      lhs: new SymColumn(row, rel.otherField),
      cmp: "Eq",
      rhs: new SymColumn(many.row, rel.myField),
    });
    return row;
  }

  /**
   * A row of `value.field`, a "many" Relation of the known object `value` (one per
   * occurrence in a proof, as {@link manyRow}), with the condition that ties it to the
   * object's key; `undefined` when the field is not such a Relation or the key is null
   * (the caller then fetches, as without subqueries).
   */
  protected valueManyRow(value: unknown, field: string): SymRow | undefined {
    const type = this.env.types.ofValue(value);
    const rel = type?.fields.get(field);
    if (!(rel instanceof Relation) || rel.kind !== "many") return undefined;
    const key = (value as Record<string, unknown>)[rel.myField];
    if (key === null || key === undefined) return undefined;
    let id = this.valueIds.get(value as object);
    if (id === undefined) {
      id = this.valueIds.size;
      this.valueIds.set(value as object, id);
    }
    const base = `@${id}.${field}`;
    const n = this.manyCounts.get(base) ?? 0;
    this.manyCounts.set(base, n + 1);
    this.manyRows.push(null as unknown as SymRow);
    this.trail.push(() => {
      this.manyCounts.set(base, n);
      this.manyRows.pop();
    });
    const rowKey = `${base}#${n}`;
    let row = this.rows.get(rowKey);
    if (!row) {
      row = new SymRow(this.newAlias(rel.otherType), rel.otherType, null, {
        value,
        typeName: type!.name,
        field,
      });
      this.rows.set(rowKey, row);
    }
    this.manyRows[this.manyRows.length - 1] = row;
    // the relation's restriction, written out: a disjunct that says nothing else of the row
    // still needs one to exist, and a condition naming the alias says so
    this.addCond({ kind: "cmp", lhs: new SymColumn(row, rel.otherField), cmp: "Eq", rhs: { value: key } });
    return row;
  }

  // ---- errors ----

  protected unsupported(t: Term, what: string): PolarError {
    const text = t.span.source.text.slice(t.span.start, t.span.end);
    return polarError("unsupported_in_filter", `${what} has no query equivalent: \`${text}\``, {
      span: t.span,
      hint: "Data filtering turns the policy into a query on the resource; rewrite this condition over the resource's declared fields and relations.",
    });
  }
}

/**
 * The compiler: syntax tree -> goals and templates.
 *
 * It performs Oso's rewriting (§6.2) on the way: value-producing operations inside terms
 * (`a.b`, `a + b`, `new C()`) become goals that run before the goal using them, with a
 * temporary holding the result; lookups in a rule head run after the body. A temporary
 * consumed by a `=` is fused into the producing goal (`x.name = n` looks up and unifies
 * directly), which saves a goal and a binding on the hottest path of role checks.
 * @module
 */
import { type PolarError, polarError } from "../errors.js";
import type { Field, Operation, Parameter, Rule, Term } from "../syntax/ast.js";
import { fastPaths } from "./fast-paths.js";
import {
  FAIL_GOAL,
  G_AND,
  G_ARITH,
  G_ASSIGN,
  G_CALL,
  G_CMP,
  G_CUT,
  G_DOT,
  G_IN,
  G_ISA,
  G_NEW,
  G_NOT,
  G_OR,
  G_PRINT,
  G_TRUTHY,
  G_UNIFY,
  Goal,
  TRUE_GOAL,
} from "./goals.js";
import { ARITH_OPS, CMP_OPS } from "./operators.js";
import { type Specializer, UNION_NAMES } from "./specializers.js";
import {
  type ConstantCell,
  ConstRef,
  literal,
  makeDict,
  Slot,
  TDict,
  TDictPattern,
  TInstancePattern,
  TList,
  Tmpl,
} from "./templates.js";
import { compareKeys } from "./terms.js";

/** A rule ready to run. */
export interface CompiledRule {
  readonly name: string;
  /** Head parameter templates. */
  readonly params: readonly unknown[];
  /** Specializer per parameter (null when none). */
  readonly specs: readonly (Specializer | null)[];
  readonly nslots: number;
  /** The body as a conjunction, with head lookups appended. */
  readonly body: readonly Goal[];
  /** Where it came from (null for rules the library generates without source). */
  readonly ast: Rule | null;
}

/** A named variable of a query and its frame slot. */
export interface QuerySlot {
  readonly name: string;
  readonly slot: number;
}

/** A query ready to run: its goals, its frame size and its named variables. */
export interface CompiledQuery {
  readonly goals: readonly Goal[];
  readonly nslots: number;
  /** Every variable of the text: where `bindings` go, wherever the variable appears. */
  readonly slots: readonly QuerySlot[];
  /** The variables a solution reports: those outside negations, not `_`-prefixed. */
  readonly vars: readonly QuerySlot[];
}

/** What the compiler needs to know about the environment. */
export interface CompileEnv {
  /** The cell of a registered constant or class, if `name` is one. */
  constant(name: string): ConstantCell | undefined;
}

/** Variables of one rule or query, and the temporaries the rewriting adds. */
class Scope {
  readonly slots = new Map<string, Slot>();
  readonly temps = new Set<Slot>();
  /** Variables used outside any `not`/`forall` (those inside never keep a binding). */
  readonly positive = new Set<string>();
  /** How many negations enclose the term being compiled. */
  negation = 0;
  size = 0;
  private tempCount = 0;
  constructor(
    readonly env: CompileEnv,
    readonly errors: PolarError[],
  ) {}

  variable(name: string): unknown {
    if (name === "_") return this.fresh("_");
    if (this.negation === 0) this.positive.add(name);
    const existing = this.slots.get(name);
    if (existing) return existing;
    const cell = this.env.constant(name);
    if (cell) return new ConstRef(cell);
    const slot = new Slot(this.size++, name);
    this.slots.set(name, slot);
    return slot;
  }

  temp(prefix: string): Slot {
    const slot = this.fresh(`_${prefix}_${++this.tempCount}`);
    this.temps.add(slot);
    return slot;
  }

  private fresh(name: string): Slot {
    return new Slot(this.size++, name);
  }
}

/** Compile a rule. Problems the compiler can see (keyword arguments...) go to `errors`. */
export function compileRule(rule: Rule, env: CompileEnv, errors: PolarError[]): CompiledRule {
  const scope = new Scope(env, errors);
  const tail: Goal[] = [];
  const params: unknown[] = [];
  const specs: (Specializer | null)[] = [];
  const bodyStart: Goal[] = [];
  for (const p of rule.params) {
    params.push(value(p.parameter, scope, tail));
    specs.push(p.specializer ? specializer(p, scope, bodyStart) : null);
  }
  const body: Goal[] = [...bodyStart];
  goal(rule.body, scope, body);
  body.push(...tail);
  return { name: rule.name, params, specs, nslots: scope.size, body, ast: rule };
}

/** Compile a query term. */
export function compileQuery(term: Term, env: CompileEnv, errors: PolarError[]): CompiledQuery {
  const scope = new Scope(env, errors);
  const goals: Goal[] = [];
  goal(term, scope, goals);
  const slots = [...scope.slots.values()].map((s) => ({ name: s.name, slot: s.index }));
  // a variable seen only inside negations is never bound in a solution: Oso leaves it out
  const vars = slots.filter((s) => !s.name.startsWith("_") && scope.positive.has(s.name));
  return { goals, nslots: scope.size, slots, vars };
}

/** Compile a logical term into `out` (a conjunction). */
function goal(t: Term, scope: Scope, out: Goal[]): void {
  switch (t.kind) {
    case "boolean":
      out.push(t.value ? TRUE_GOAL : FAIL_GOAL);
      return;
    case "variable":
      out.push(new Goal(G_TRUTHY, value(t, scope, out), null, null, null, t));
      return;
    case "call":
      out.push(call(t, scope, out));
      return;
    case "op":
      operation(t, scope, out);
      return;
    default:
      // the parser refuses values in logical position; a stray one is a type error at run time
      out.push(new Goal(G_TRUTHY, value(t, scope, out), null, null, null, t));
  }
}

function call(t: Extract<Term, { kind: "call" }>, scope: Scope, pre: Goal[]): Goal {
  refuseKwargs(
    scope,
    t.kwargs,
    "Pass the values as positional arguments.",
    `Keyword arguments are not supported in rule calls: ${t.name}(...)`,
  );
  const args = t.args.map((a) => value(a, scope, pre));
  return new Goal(G_CALL, t.name, args, null, -1, t);
}

function conjunction(t: Term, scope: Scope): Goal {
  const goals: Goal[] = [];
  goal(t, scope, goals);
  return goals.length === 1 ? goals[0]! : new Goal(G_AND, goals, null, null, null, t);
}

function operation(t: Operation, scope: Scope, out: Goal[]): void {
  const [x, y] = t.args;
  switch (t.op) {
    case "and":
      for (const a of t.args) goal(a, scope, out);
      return;
    case "or":
      if (t.args.length === 0) out.push(FAIL_GOAL);
      else {
        const branches = t.args.map((a) => conjunction(a, scope));
        out.push(
          new Goal(
            G_OR,
            null,
            branches.map((b) => [b]),
            null,
            null,
            t,
          ),
        );
      }
      return;
    case "not":
      scope.negation++;
      out.push(new Goal(G_NOT, conjunction(x!, scope), null, null, null, t));
      scope.negation--;
      return;
    case "forall": {
      // forall(c, a) is not (c and not a)
      scope.negation++;
      const cond = conjunction(x!, scope);
      const action = new Goal(G_NOT, conjunction(y!, scope), null, null, null, y!);
      scope.negation--;
      out.push(new Goal(G_NOT, new Goal(G_AND, [cond, action], null, null, null, t), null, null, null, t));
      return;
    }
    case "cut":
      out.push(new Goal(G_CUT, null, null, null, null, t));
      return;
    case "debug":
      out.push(TRUE_GOAL);
      return;
    case "print":
      out.push(
        new Goal(
          G_PRINT,
          t.args.map((a) => value(a, scope, out)),
          null,
          null,
          null,
          t,
        ),
      );
      return;
    case "unify": {
      const a = value(x!, scope, out);
      const b = value(y!, scope, out);
      if (!fuse(out, a, b, scope) && !fuse(out, b, a, scope))
        out.push(new Goal(G_UNIFY, a, b, null, null, t));
      return;
    }
    case "assign": {
      const a = value(x!, scope, out);
      out.push(new Goal(G_ASSIGN, a, value(y!, scope, out), null, null, t));
      return;
    }
    case "in": {
      const item = value(x!, scope, out);
      out.push(new Goal(G_IN, item, value(y!, scope, out), null, null, t));
      return;
    }
    case "isa": {
      const v = value(x!, scope, out);
      out.push(new Goal(G_ISA, v, pattern(y!, scope, out), null, null, t));
      return;
    }
    case "dot": {
      // a lookup used as a condition: look up, then test the result
      out.push(dot(t, scope, out, null));
      return;
    }
    default: {
      const cmp = CMP_OPS[t.op];
      if (cmp !== undefined) {
        const a = value(x!, scope, out);
        out.push(new Goal(G_CMP, a, value(y!, scope, out), cmp, null, t));
        return;
      }
      // a value in logical position: test it as a condition
      out.push(new Goal(G_TRUTHY, value(t, scope, out), null, null, null, t));
    }
  }
}

/**
 * If the last goal of `out` produced temporary `temp`, make it produce `target` instead
 * of needing a separate unification. Temporaries are consumed exactly once, so this is safe.
 */
function fuse(out: Goal[], temp: unknown, target: unknown, scope: Scope): boolean {
  if (!fastPaths.fusion) return false;
  if (!(temp instanceof Slot) || !scope.temps.has(temp)) return false;
  const last = out[out.length - 1];
  if (!last) return false;
  if ((last.op === G_DOT || last.op === G_ARITH) && last.d === temp) {
    last.d = target;
    return true;
  }
  if (last.op === G_NEW && last.c === temp) {
    last.c = target;
    return true;
  }
  return false;
}

function dot(t: Operation, scope: Scope, pre: Goal[], result: Slot | null): Goal {
  const receiver = value(t.args[0]!, scope, pre);
  const selector = t.args[1]!;
  switch (selector.kind) {
    case "string":
      return new Goal(G_DOT, receiver, selector.value, null, result, t);
    case "call": {
      refuseKwargs(scope, selector.kwargs, "Pass the values as positional arguments.");
      const args = selector.args.map((a) => value(a, scope, pre));
      return new Goal(G_DOT, receiver, selector.name, args, result, t);
    }
    default:
      // x.(k): a key held by a variable
      return new Goal(G_DOT, receiver, value(selector, scope, pre), null, result, t);
  }
}

/** Compile a term in value position; operations are hoisted into `pre`. */
function value(t: Term, scope: Scope, pre: Goal[]): unknown {
  switch (t.kind) {
    case "number":
    case "string":
    case "boolean":
      return t.value;
    case "variable":
      return scope.variable(t.name);
    case "list": {
      const items = t.items.map((i) => value(i, scope, pre));
      const rest = t.rest ? scope.variable(t.rest.name) : null;
      return rest === null && items.every(isGround) ? literal(items) : new TList(items, rest);
    }
    case "dict": {
      const { keys, values } = sortedFields(t.fields, (v) => value(v, scope, pre));
      return values.every(isGround) ? literal(makeDict(keys, values)) : new TDict(keys, values);
    }
    case "dict-pattern":
    case "instance-pattern":
      return pattern(t, scope, pre);
    case "call":
      // the parser refuses predicate calls as values (`f(g(x))`)
      scope.errors.push(
        polarError("wrong_value_type", `Wrong value type: ${t.name}(...). Expected a value`, {
          span: t.span,
        }),
      );
      return null;
    case "op":
      return valueOperation(t, scope, pre);
  }
}

function valueOperation(t: Operation, scope: Scope, pre: Goal[]): unknown {
  if (t.op === "dot") {
    const result = scope.temp("value");
    pre.push(dot(t, scope, pre, result));
    return result;
  }
  const arith = ARITH_OPS[t.op];
  if (arith !== undefined) {
    const a = value(t.args[0]!, scope, pre);
    const b = value(t.args[1]!, scope, pre);
    const result = scope.temp(t.op === "mod" || t.op === "rem" ? "temp" : "op");
    pre.push(new Goal(G_ARITH, a, b, arith, result, t));
    return result;
  }
  if (t.op === "new") {
    const ctor = t.args[0];
    if (ctor?.kind !== "call") return null;
    refuseKwargs(scope, ctor.kwargs, "Pass the values to the constructor as positional arguments.");
    const args = ctor.args.map((a) => value(a, scope, pre));
    const result = scope.temp("instance");
    pre.push(new Goal(G_NEW, ctor.name, args, result, null, t));
    return result;
  }
  // a logical operation where a value was expected: the parser refuses these
  scope.errors.push(polarError("wrong_value_type", "Expected a value", { span: t.span }));
  return null;
}

/** Compile the right side of `matches` or a specializer into a pattern template. */
function pattern(t: Term, scope: Scope, pre: Goal[]): unknown {
  switch (t.kind) {
    case "instance-pattern": {
      const { keys, values } = sortedFields(t.fields, (v) => pattern(v, scope, pre));
      return new TInstancePattern(t.tag, keys, values);
    }
    case "dict-pattern": {
      const { keys, values } = sortedFields(t.fields, (v) => pattern(v, scope, pre));
      return new TDictPattern(keys, values);
    }
    case "list": {
      const items = t.items.map((i) => pattern(i, scope, pre));
      const rest = t.rest ? scope.variable(t.rest.name) : null;
      return rest === null && items.every(isGround) ? literal(items) : new TList(items, rest);
    }
    default:
      return value(t, scope, pre);
  }
}

function specializer(p: Parameter, scope: Scope, bodyStart: Goal[]): Specializer {
  const s = p.specializer!;
  const key = specializerKey(s);
  if (s.kind === "instance-pattern" && s.fields.length === 0) {
    return UNION_NAMES.has(s.tag) ? { kind: "union", tag: s.tag, key } : { kind: "class", tag: s.tag, key };
  }
  const pre: Goal[] = [];
  const compiled = pattern(s, scope, pre);
  if (pre.length > 0) {
    // a pattern with lookups inside: check the class on entry, the fields in the body
    bodyStart.push(...pre, new Goal(G_ISA, value(p.parameter, scope, bodyStart), compiled, null, null, s));
    if (s.kind === "instance-pattern")
      return { kind: "class", tag: s.tag, key: specializerKey({ ...s, fields: [] }) };
    return {
      kind: "pattern",
      pattern: new TDictPattern([], []),
      tag: null,
      isDict: true,
      fieldCount: 0,
      key: "{}",
    };
  }
  if (s.kind === "instance-pattern") {
    return {
      kind: "pattern",
      pattern: compiled,
      tag: s.tag,
      isDict: false,
      fieldCount: s.fields.length,
      key,
    };
  }
  if (s.kind === "dict-pattern") {
    return { kind: "pattern", pattern: compiled, tag: null, isDict: true, fieldCount: s.fields.length, key };
  }
  if (s.kind === "list")
    return { kind: "pattern", pattern: compiled, tag: null, isDict: false, fieldCount: 0, key };
  return { kind: "value", value: compiled, key };
}

/** A structural key: two specializers are "the same term" when their keys are equal. */
function specializerKey(t: Term): string {
  switch (t.kind) {
    case "instance-pattern":
      return `${t.tag}{${fieldsKey(t.fields)}}`;
    case "dict-pattern":
    case "dict":
      return `{${fieldsKey(t.fields)}}`;
    case "list":
      return `[${t.items.map(specializerKey).join(",")}${t.rest ? `,*${t.rest.name}` : ""}]`;
    case "string":
      return JSON.stringify(t.value);
    case "number":
    case "boolean":
      return String(t.value);
    case "variable":
      return `$${t.name}`;
    default:
      return `#${t.span.start}`;
  }
}

function fieldsKey(fields: readonly Field[]): string {
  return [...fields]
    .sort((a, b) => compareKeys(a.key, b.key))
    .map((f) => `${f.key}:${specializerKey(f.value)}`)
    .join(",");
}

function sortedFields(fields: readonly Field[], compile: (t: Term) => unknown) {
  const sorted = [...fields].sort((a, b) => compareKeys(a.key, b.key));
  return { keys: sorted.map((f) => f.key), values: sorted.map((f) => compile(f.value)) };
}

function isGround(t: unknown): boolean {
  return !(t instanceof Tmpl);
}

/** JavaScript calls take positional arguments only: keyword arguments are a load error. */
function refuseKwargs(
  scope: Scope,
  kwargs: readonly Field[] | null | undefined,
  hint: string,
  message = "JavaScript does not support keyword arguments",
): void {
  if (!kwargs || kwargs.length === 0) return;
  scope.errors.push(polarError("kwargs_error", message, { span: kwargs[0]!.keySpan, hint }));
}

/**
 * Rule types (spec §4.4): `type f(x: C, ...)` constrains the shape of every rule named `f`;
 * a required type must have at least one rule matching it.
 * @module
 */
import { type PolarError, polarError } from "../errors.js";
import { makeSource } from "../source.js";
import type { Field, Parameter, Rule, RuleType, Term } from "../syntax/ast.js";
import { parsePolicy } from "../syntax/parser.js";
import { printRule, printTerm } from "../syntax/print.js";
import type { RuleTypeEntry } from "../syntax/rule-type-entry.js";

export type { RuleTypeEntry } from "../syntax/rule-type-entry.js";

/** What the checks need to know about classes. */
export interface TypeEnv {
  hasClass(name: string): boolean;
  isSubclass(sub: string, sup: string): boolean;
  /** Members of `Actor` / `Resource`, from blocks. */
  readonly unions: ReadonlyMap<string, readonly string[]>;
}

const BUILTIN_TYPES = `type allow(actor, _action, resource);
type allow_field(actor, _action, resource, _field);
type allow_request(actor, _request);
type has_permission(actor: Actor, _permission: String, resource: Resource);
`;

let builtins: RuleType[] | null = null;

/** The rule types every policy has. */
export function builtinRuleTypes(): RuleType[] {
  builtins ??= parsePolicy(makeSource(BUILTIN_TYPES, "<built-in rule types>")).policy.lines.filter(
    (l): l is RuleType => l.kind === "rule-type",
  );
  return builtins;
}

/** A rule type that cannot be one (lookups, operations or rest variables in it), or null. */
export function invalidRuleType(t: RuleType): PolarError | null {
  const problem = (term: Term): string | null => {
    switch (term.kind) {
      case "op":
        return "Rule types cannot contain dot lookups.";
      case "list":
        if (term.rest) return "Rule types cannot contain *rest variables.";
        for (const i of term.items) {
          const p = problem(i);
          if (p) return p;
        }
        return null;
      case "dict":
      case "dict-pattern":
      case "instance-pattern":
        for (const f of term.fields) {
          const p = problem(f.value);
          if (p) return p;
        }
        return null;
      default:
        return null;
    }
  };
  for (const p of t.params) {
    const reason = problem(p.parameter) ?? (p.specializer ? problem(p.specializer) : null);
    if (reason) {
      return polarError("invalid_rule_type", `Invalid rule type: ${typeText(t)}\n\t${reason}`, {
        span: p.span,
      });
    }
  }
  return null;
}

/** Check every rule against the types of its name, and every required type for an implementation. */
export function checkRuleTypes(
  rules: readonly Rule[],
  types: readonly RuleTypeEntry[],
  env: TypeEnv,
): PolarError[] {
  const errors: PolarError[] = [];
  const byName = new Map<string, RuleTypeEntry[]>();
  for (const t of types) {
    const list = byName.get(t.type.name) ?? [];
    list.push(t);
    byName.set(t.type.name, list);
  }
  const implemented = new Set<RuleTypeEntry>();
  for (const rule of rules) {
    const candidates = byName.get(rule.name);
    if (!candidates) continue;
    const reasons: string[] = [];
    let matched = false;
    for (const t of candidates) {
      const reason = mismatch(rule, t.type, env);
      if (reason === null) {
        // every type the rule matches counts as implemented (types may repeat)
        implemented.add(t);
        matched = true;
      } else {
        reasons.push(`${typeText(t.type)}\n\tFailed to match because: ${reason}\n`);
      }
    }
    if (!matched) {
      errors.push(
        polarError(
          "invalid_rule",
          `Invalid rule: ${printRule(rule)} Must match one of the following rule types:\n\n${reasons.join("\n")}`,
          { span: rule.headSpan },
        ),
      );
    }
  }
  for (const t of types) {
    if (!t.required || implemented.has(t)) continue;
    errors.push(
      polarError("missing_required_rule", `Missing implementation for required rule ${typeText(t.type)}`, {
        span: t.requiredAt ?? t.type.span,
      }),
    );
  }
  return errors;
}

function typeText(t: RuleType): string {
  return printRule(t).replace(/^type /, "");
}

/** Why `rule` does not match `type`, or null when it does. */
function mismatch(rule: Rule, type: RuleType, env: TypeEnv): string | null {
  if (rule.params.length !== type.params.length) {
    return `Different number of parameters. Rule has ${rule.params.length} parameter(s) but rule type has ${type.params.length}.`;
  }
  for (let i = 0; i < type.params.length; i++) {
    const reason = paramMismatch(type.params[i]!, rule.params[i]!, i + 1, env);
    if (reason !== null) return reason;
  }
  return null;
}

const UNIONS = new Set(["Actor", "Resource"]);

function paramMismatch(tp: Parameter, rp: Parameter, n: number, env: TypeEnv): string | null {
  const ts = tp.specializer;
  if (ts === null) {
    if (tp.parameter.kind === "variable") return null;
    const got = rp.specializer ?? rp.parameter;
    // a list type: every element of the type's list must occur in the rule's list
    if (tp.parameter.kind === "list" && got.kind === "list") {
      const have = new Set(got.items.map(printTerm));
      const missing = tp.parameter.items.find((i) => !have.has(printTerm(i)));
      return missing === undefined ? null : `Rule list on parameter ${n} must contain ${printTerm(missing)}`;
    }
    if (tp.parameter.kind === "dict")
      return fieldsMismatch(tp.parameter.fields, got, n, printTerm(tp.parameter));
    // the type names a value: the rule must have that value there
    const want = printTerm(tp.parameter);
    return printTerm(got) === want
      ? null
      : `Rule parameter ${printTerm(got)} on parameter ${n} must be ${want}`;
  }
  if (ts.kind === "instance-pattern") {
    const mismatch = classMismatch(ts.tag, rp, n, env);
    if (mismatch !== null || ts.fields.length === 0) return mismatch;
    return fieldsMismatch(ts.fields, rp.specializer ?? rp.parameter, n, printTerm(ts));
  }
  if (ts.kind === "dict-pattern")
    return fieldsMismatch(ts.fields, rp.specializer ?? rp.parameter, n, printTerm(ts));
  const want = printTerm(ts);
  const got = rp.specializer ?? rp.parameter;
  return printTerm(got) === want
    ? null
    : `Rule specializer ${printTerm(got)} on parameter ${n} must match rule type specializer ${want}`;
}

/** The rule's pattern or dict must have every field of the type's, with the same value. */
function fieldsMismatch(fields: readonly Field[], got: Term, n: number, want: string): string | null {
  if (got.kind === "dict-pattern" || got.kind === "instance-pattern" || got.kind === "dict") {
    for (const f of fields) {
      const match = got.fields.find((g) => g.key === f.key);
      if (!match || printTerm(match.value) !== printTerm(f.value)) {
        return `Rule specializer ${printTerm(got)} on parameter ${n} must match rule type specializer ${want}`;
      }
    }
    return null;
  }
  return `Rule specializer ${printTerm(got)} on parameter ${n} must match rule type specializer ${want}`;
}

function classMismatch(want: string, rp: Parameter, n: number, env: TypeEnv): string | null {
  const rs = rp.specializer;
  const literal =
    rs !== null && rs.kind !== "instance-pattern" && rs.kind !== "dict-pattern"
      ? rs
      : rs === null
        ? rp.parameter
        : null;
  if (literal !== null) {
    const cls = builtinClassOf(literal);
    if (cls === null) {
      const name = rp.parameter.kind === "variable" ? rp.parameter.name : printTerm(rp.parameter);
      return `Parameter \`${name}\` expects a ${want} type constraint.\n\n\t${name}: ${want}`;
    }
    return cls === want
      ? null
      : `Rule specializer ${cls} on parameter ${n} must match rule type specializer ${want}`;
  }
  if (rs!.kind === "dict-pattern") {
    return want === "Dictionary"
      ? null
      : `Rule specializer ${printTerm(rs!)} on parameter ${n} must match rule type specializer ${want}`;
  }
  const got = (rs as Extract<Term, { kind: "instance-pattern" }>).tag;
  if (got === want) return null;
  if (UNIONS.has(want)) {
    const members = env.unions.get(want) ?? [];
    if (members.some((m) => m === got || env.isSubclass(got, m))) return null;
    if (UNIONS.has(got))
      return want === "Resource" && got === "Actor"
        ? null
        : `Rule specializer ${got} on parameter ${n} must match rule type specializer ${want}`;
    // Oso's text, word for word (it differs between actors and resources)
    const hint =
      want === "Actor"
        ? `Perhaps you meant to add an actor block to the top of your policy, like this:\n\n\t  actor ${got} {}`
        : `Perhaps you meant to add a resource block to your policy, like this:\n\n\t  resource ${got} { .. }`;
    return `Rule specializer ${got} on parameter ${n} must be a member of rule type specializer ${want}\n\n\t${hint}`;
  }
  if (!env.hasClass(got)) return `Rule specializer ${got} on parameter ${n} is not registered as a class.`;
  return env.isSubclass(got, want)
    ? null
    : `Rule specializer ${got} on parameter ${n} must match rule type specializer ${want}`;
}

function builtinClassOf(t: Term): string | null {
  switch (t.kind) {
    case "string":
      return "String";
    case "boolean":
      return "Boolean";
    case "number":
      return t.isFloat ? "Float" : "Integer";
    case "list":
      return "List";
    case "dict":
      return "Dictionary";
    default:
      return null;
  }
}

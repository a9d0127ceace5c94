/**
 * Checks of what a policy refers to: calls to rules that do not exist (an error, as in
 * Oso 0.22+) and class names that are not registered (a warning with a suggestion).
 * @module
 */
import type { PolarError } from "../errors.js";
import type { Rule, Term } from "../syntax/ast.js";
import { ErrorList } from "../syntax/error-list.js";
import { nearest } from "../syntax/nearest.js";
import { printTerm } from "../syntax/print.js";
import { type PolarWarning, polarWarning } from "../warnings.js";

/**
 * Calls in rule bodies to rules that no loaded (or built-in) rule defines, in rule order
 * (limited as {@link ErrorList} does), each with a "did you mean" hint when a rule of the
 * policy or one of `builtinNames` is close.
 */
export function undefinedRuleCalls(
  rules: readonly Rule[],
  defined: (name: string) => boolean,
  builtinNames: Iterable<string> = [],
): PolarError[] {
  const errors = new ErrorList();
  // a "did you mean" hint compares the called name with every rule name, the built-in
  // ones (`role_allow`) included: do it once per called name, and only for the errors shown
  const names = new Set([...rules.map((r) => r.name), ...builtinNames]);
  const hints = new Map<string, string | undefined>();
  const hintFor = (name: string): string | undefined => {
    if (!hints.has(name)) {
      const near = nearest(name, names);
      hints.set(name, near ? `Did you mean \`${near}\`?` : undefined);
    }
    return hints.get(name);
  };
  for (const rule of rules) {
    visitCalls(rule.body, (call) => {
      if (defined(call.name)) return;
      const hint = errors.full ? undefined : hintFor(call.name);
      errors.report("undefined_rule_call", `Call to undefined rule: ${printTerm(call)}`, call.span, hint);
    });
  }
  return errors.finish();
}

/** Visit predicate calls in goal position (not method calls nor constructors). */
export function visitCalls(t: Term, visit: (call: Extract<Term, { kind: "call" }>) => void): void {
  switch (t.kind) {
    case "call":
      visit(t);
      return;
    case "op":
      if (t.op === "dot" || t.op === "new" || t.op === "isa") return;
      for (const a of t.args) visitCalls(a, visit);
      return;
    default:
      return;
  }
}

const SUGGESTIONS: Record<string, string> = {};
for (const [to, froms] of Object.entries({
  Integer: ["integer", "int", "i32", "i64", "u32", "u64", "usize", "size_t"],
  Float: ["float", "f32", "f64", "double"],
  String: ["char", "str", "string"],
  List: ["list", "array", "Array"],
  Dictionary: ["dict", "Dict", "dictionary", "hash", "Hash", "map", "Map", "HashMap", "hashmap", "hash_map"],
})) {
  for (const f of froms) SUGGESTIONS[f] = to;
}

/** Class names in specializers and `matches` patterns that are not registered. */
export function unknownSpecializers(
  rules: readonly Rule[],
  known: (name: string) => boolean,
): PolarWarning[] {
  const warnings: PolarWarning[] = [];
  const check = (t: Term) => {
    if (t.kind !== "instance-pattern") return;
    if (!known(t.tag) && t.tag !== "Actor" && t.tag !== "Resource") {
      const suggestion = SUGGESTIONS[t.tag];
      warnings.push(
        polarWarning(
          "unknown_specializer",
          `Unknown specializer ${t.tag}${suggestion ? `, did you mean ${suggestion}?` : ""}`,
          t.tagSpan,
        ),
      );
    }
    for (const f of t.fields) visitPatterns(f.value, check);
  };
  for (const rule of rules) {
    for (const p of rule.params) if (p.specializer) visitPatterns(p.specializer, check);
    visitPatterns(rule.body, (t) => check(t));
  }
  return warnings;
}

function visitPatterns(t: Term, visit: (t: Term) => void): void {
  switch (t.kind) {
    case "instance-pattern":
      visit(t);
      return;
    case "dict-pattern":
      for (const f of t.fields) visitPatterns(f.value, visit);
      return;
    case "list":
      for (const i of t.items) visitPatterns(i, visit);
      return;
    case "op":
      for (const a of t.args) visitPatterns(a, visit);
      return;
    default:
      return;
  }
}

/**
 * The type-level hierarchy described by `parent_child(parent, child)` rules, for checking
 * cross-resource references at load time (`"repo:reader"` on an Org role needs a path
 * Org -> ... -> Repo).
 *
 * A type is read from a parameter's class specializer (`repo: Repo`) or from a
 * `parent matches Org` in the body. When a rule does not say, that side is unknown and
 * the check accepts any type there, rather than refusing a valid policy.
 * @module
 */
import type { Rule, Term } from "../syntax/ast.js";

const ANY = "*";

/** `descends(d, a)`: can a `d` be (transitively) a child of an `a`? */
export function typeHierarchy(
  parentChildRules: readonly Rule[],
): (descendant: string, ancestor: string) => boolean {
  const edges = parentChildRules.map((r): [string, string] => [typeOf(r, 0), typeOf(r, 1)]);
  return (descendant, ancestor) => {
    const seen = new Set<string>([ancestor]);
    const queue = [ancestor];
    while (queue.length > 0) {
      const current = queue.shift()!;
      for (const [parent, child] of edges) {
        if (parent !== ANY && parent !== current) continue;
        if (child === ANY || child === descendant) return true;
        if (!seen.has(child)) {
          seen.add(child);
          queue.push(child);
        }
      }
    }
    return false;
  };
}

function typeOf(rule: Rule, index: number): string {
  const p = rule.params[index]!;
  if (p.specializer?.kind === "instance-pattern") return p.specializer.tag;
  if (p.parameter.kind !== "variable") return ANY;
  return matchedClass(rule.body, p.parameter.name) ?? ANY;
}

/** The class in a `name matches Class` conjunct of a body, if any. */
function matchedClass(t: Term, name: string): string | null {
  if (t.kind !== "op") return null;
  if (t.op === "isa") {
    const [left, right] = t.args;
    return left?.kind === "variable" && left.name === name && right?.kind === "instance-pattern"
      ? right.tag
      : null;
  }
  if (t.op !== "and") return null;
  for (const a of t.args) {
    const found = matchedClass(a, name);
    if (found) return found;
  }
  return null;
}

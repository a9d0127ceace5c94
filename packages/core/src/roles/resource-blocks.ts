/**
 * Actor and resource blocks (Oso 0.20+, spec §8): validated, then desugared into ordinary
 * `has_permission` / `has_role` / `has_relation` rules plus the rule types that keep the
 * application's own `has_role` / `has_relation` rules honest. The engine never sees a block.
 * @module
 */
import { type PolarError, polarError } from "../errors.js";
import type { Span } from "../source.js";
import type { ResourceBlock, Rule, ShorthandRule } from "../syntax/ast.js";
import { nearest } from "../syntax/nearest.js";
import type { RuleTypeEntry } from "../syntax/rule-type-entry.js";
import { type BlockModel, type DeclKind, declarationsOf } from "./block-model.js";
import { ast } from "./build-ast.js";

/** What block validation needs to know about the application's classes. */
export interface BlockEnv {
  hasClass(name: string): boolean;
  isSubclass(sub: string, sup: string): boolean;
}

/** Rules, rule types and unions generated from a policy's blocks. */
export interface ExpandedBlocks {
  readonly rules: Rule[];
  readonly types: RuleTypeEntry[];
  /** `Actor` and `Resource` members. */
  readonly unions: Map<string, string[]>;
  readonly errors: PolarError[];
}

/** Validate and desugar every block of a policy. */
export function expandResourceBlocks(blocks: readonly ResourceBlock[], env: BlockEnv): ExpandedBlocks {
  const errors: PolarError[] = [];
  const unions = new Map<string, string[]>([
    ["Actor", []],
    ["Resource", []],
  ]);
  if (blocks.length === 0) return { rules: [], types: [], unions, errors };
  const models = declarationsOf(blocks, env, errors);
  for (const m of models.values()) {
    if (m.isActor) unions.get("Actor")!.push(m.type);
    unions.get("Resource")!.push(m.type);
  }
  const rules: Rule[] = [];
  const types: RuleTypeEntry[] = [];
  for (const m of models.values()) {
    for (const [rel, { type, span }] of m.relations) types.push(relationType(type, rel, m.type, false, span));
  }
  for (const m of models.values()) {
    for (const s of m.shorthands) {
      const rule = expandShorthand(s, m, models, errors, types);
      if (rule) rules.push(rule);
    }
  }
  if ([...models.values()].some((m) => m.roles.size > 0)) {
    const type = ast.ruleType("has_role", [
      ast.param("actor", "Actor"),
      ast.param("role", "String"),
      ast.param("resource", "Resource"),
    ]);
    const first = [...models.values()].find((m) => m.roles.size > 0)!;
    types.push({ type, required: true, requiredAt: first.rolesSpan ?? first.span });
  }
  return { rules, types, unions, errors };
}

function relationType(
  subject: string,
  rel: string,
  object: string,
  required: boolean,
  span: Span,
): RuleTypeEntry {
  const type = ast.ruleType("has_relation", [
    ast.param("subject", subject),
    ast.valueParam(rel),
    ast.param("object", object),
  ]);
  return { type, required, requiredAt: span };
}

const RULE_FOR: Record<DeclKind, string> = {
  role: "has_role",
  permission: "has_permission",
  relation: "has_relation",
};

/** The variable naming a resource of type `type` in generated rules (Oso's convention). */
function varName(type: string, prefix = ""): string {
  const lower = type.toLowerCase();
  return `${prefix}${lower}${lower === type ? "_instance" : ""}`;
}

function expandShorthand(
  s: ShorthandRule,
  m: BlockModel,
  models: ReadonlyMap<string, BlockModel>,
  errors: PolarError[],
  types: RuleTypeEntry[],
): Rule | null {
  const headKind = m.kindOf(s.head.value);
  if (headKind === undefined) {
    errors.push(undeclared(s.head.value, m, s.head.span));
    return null;
  }
  const span = s.span;
  const resource = varName(m.type);
  const headRule = RULE_FOR[headKind];
  const head = [
    ast.param("actor", "Actor", span),
    ast.valueParam(s.head.value, span),
    ast.param(resource, m.type, span),
  ];

  if (s.relation === null) {
    const kind = m.kindOf(s.implier.value);
    if (kind === undefined) {
      errors.push(undeclared(s.implier.value, m, s.implier.span));
      return null;
    }
    if (kind === "relation") {
      const rel = m.relations.get(s.implier.value)!;
      types.push(relationType(rel.type, s.implier.value, m.type, true, rel.span));
    }
    const body = ast.call(
      RULE_FOR[kind],
      [ast.v("actor", span), ast.str(s.implier.value, span), ast.v(resource, span)],
      span,
    );
    return ast.rule(headRule, head, ast.and([body], span), span);
  }

  if (s.relation.keyword.name !== "on") {
    errors.push(
      polarError(
        "resource_block",
        `Unexpected relation keyword '${s.relation.keyword.name}'. Did you mean 'on'?`,
        {
          span: s.relation.keyword.span,
        },
      ),
    );
    return null;
  }
  const relName = s.relation.name.value;
  const rel = m.relations.get(relName);
  if (!rel) {
    errors.push(undeclared(relName, m, s.relation.name.span, "relation"));
    return null;
  }
  const related = models.get(rel.type);
  if (!related) {
    errors.push(
      polarError(
        "resource_block",
        `${m.type}: Relation "${relName}" in rule body \`"${s.implier.value}" on "${relName}"\` has type '${rel.type}', but no such resource block exists. Try declaring one: \`resource ${rel.type} {}\``,
        { span: s.relation.name.span },
      ),
    );
    return null;
  }
  const kind = related.kindOf(s.implier.value);
  if (kind === undefined) {
    const near = nearest(s.implier.value, related.names());
    errors.push(
      polarError(
        "resource_block",
        `${m.type}: Term "${s.implier.value}" not declared in related resource block '${related.type}'. Did you mean to declare it as a role, permission, or relation in the '${related.type}' resource block?`,
        { span: s.implier.span, hint: near ? `Did you mean "${near}"?` : undefined },
      ),
    );
    return null;
  }
  types.push(relationType(rel.type, relName, m.type, true, rel.span));
  if (kind === "relation") {
    const inner = related.relations.get(s.implier.value)!;
    types.push(relationType(inner.type, s.implier.value, related.type, true, inner.span));
  }
  const relatedVar = varName(related.type, "related_");
  const body = ast.and(
    [
      ast.call(
        "has_relation",
        [ast.v(relatedVar, span), ast.str(relName, span), ast.v(resource, span)],
        span,
      ),
      ast.call(
        RULE_FOR[kind],
        [ast.v("actor", span), ast.str(s.implier.value, span), ast.v(relatedVar, span)],
        span,
      ),
    ],
    span,
  );
  return ast.rule(headRule, head, body, span);
}

function undeclared(
  name: string,
  m: BlockModel,
  span: Span,
  expected = "role, permission, or relation",
): PolarError {
  const near = nearest(name, m.names());
  return polarError(
    "resource_block",
    `Undeclared term "${name}" referenced in rule in '${m.type}' resource block. Did you mean to declare it as a ${expected}?`,
    { span, hint: near ? `Did you mean "${near}"?` : undefined },
  );
}

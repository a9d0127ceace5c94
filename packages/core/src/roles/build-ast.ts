/**
 * Building syntax trees for generated rules. Generated nodes carry the span of the policy
 * text they come from (a shorthand rule, a declaration), so any message about them points
 * at something the author wrote.
 * @module
 */
import { makeSource, type Span } from "../source.js";
import type {
  CallTerm,
  InstancePattern,
  Operation,
  Parameter,
  Rule,
  RuleType,
  StringLit,
  Term,
  Variable,
} from "../syntax/ast.js";

const GENERATED: Span = { source: makeSource("", "<generated>"), start: 0, end: 0 };

export const ast = {
  v(name: string, span: Span = GENERATED): Variable {
    return { kind: "variable", name, span };
  },
  str(value: string, span: Span = GENERATED): StringLit {
    return { kind: "string", value, span };
  },
  cls(tag: string, span: Span = GENERATED): InstancePattern {
    return { kind: "instance-pattern", tag, fields: [], span, tagSpan: span };
  },
  call(name: string, args: Term[], span: Span = GENERATED): CallTerm {
    return { kind: "call", name, args, kwargs: null, span };
  },
  and(args: Term[], span: Span = GENERATED): Operation {
    return { kind: "op", op: "and", args, span };
  },
  /** `name: Class` */
  param(name: string, cls: string, span: Span = GENERATED): Parameter {
    return { parameter: ast.v(name, span), specializer: ast.cls(cls, span), span };
  },
  /** A plain value parameter (`"read"`). */
  valueParam(value: string, span: Span = GENERATED): Parameter {
    return { parameter: ast.str(value, span), specializer: null, span };
  },
  rule(name: string, params: Parameter[], body: Operation, span: Span = GENERATED): Rule {
    return { kind: "rule", name, params, body, span, headSpan: span };
  },
  ruleType(name: string, params: Parameter[], span: Span = GENERATED): RuleType {
    return { kind: "rule-type", name, params, span, headSpan: span };
  },
};

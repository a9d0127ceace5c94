/**
 * The Polar syntax tree. Every node carries the span of source text it was parsed from.
 *
 * The shapes follow Oso 0.27.3's term structure (operations with argument lists), typed:
 * - a rule body is always an `and` operation (a fact has an empty one);
 * - `a.b` is `dot(a, "b")`, `a.m(x)` is `dot(a, m(x))`, `a.(k)` is `dot(a, k)`;
 * - `new Foo(1)` is `new(Foo(1))`;
 * - `x matches P` is `isa(x, P)` where `P` is a pattern;
 * - in a specializer or on the right of `matches`, a bare name is a class name and parses
 *   as an instance pattern with no fields (`x: User` is `x: User{}`).
 * @module
 */
import type { Span } from "../source.js";

interface Node {
  readonly span: Span;
}

/** An integer (`value` a number when it is a safe integer, a bigint otherwise) or a float. */
export interface NumberLit extends Node {
  readonly kind: "number";
  readonly value: number | bigint;
  readonly isFloat: boolean;
}

export interface StringLit extends Node {
  readonly kind: "string";
  readonly value: string;
}

export interface BooleanLit extends Node {
  readonly kind: "boolean";
  readonly value: boolean;
}

/** A symbol: a logic variable, or the name of a registered class or constant. */
export interface Variable extends Node {
  readonly kind: "variable";
  readonly name: string;
}

/** `[a, b, *rest]`; `rest` is the rest variable when there is one. */
export interface ListTerm extends Node {
  readonly kind: "list";
  readonly items: readonly Term[];
  readonly rest: Variable | null;
}

/** One `key: value` entry of a dict, dict pattern, instance pattern or keyword arguments. */
export interface Field {
  readonly key: string;
  readonly value: Term;
  /** Span of the key (for `{x}` shorthand, the same as the value's). */
  readonly keySpan: Span;
}

/** A dictionary literal `{a: 1, b: x}` (fields in source order). */
export interface DictTerm extends Node {
  readonly kind: "dict";
  readonly fields: readonly Field[];
}

/** A predicate call `f(a, b)`, also the method part of `x.m(a)` and the class part of `new C(a)`. */
export interface CallTerm extends Node {
  readonly kind: "call";
  readonly name: string;
  readonly args: readonly Term[];
  /** Keyword arguments (`f(a, key: 1)`), parsed so they can be refused with a clear message. */
  readonly kwargs: readonly Field[] | null;
}

/** A dictionary pattern `{a: 1}` (specializers and `matches` only). */
export interface DictPattern extends Node {
  readonly kind: "dict-pattern";
  readonly fields: readonly Field[];
}

/** An instance pattern `Foo{a: 1}`; a bare class name is one with no fields. */
export interface InstancePattern extends Node {
  readonly kind: "instance-pattern";
  readonly tag: string;
  readonly fields: readonly Field[];
  readonly tagSpan: Span;
}

/** Operators, named as in Oso. */
export type Operator =
  | "and"
  | "or"
  | "not"
  | "unify" // =
  | "assign" // :=
  | "eq" // ==
  | "neq" // !=
  | "lt"
  | "leq"
  | "gt"
  | "geq"
  | "add"
  | "sub"
  | "mul"
  | "div"
  | "mod"
  | "rem"
  | "in"
  | "isa" // matches
  | "dot"
  | "new"
  | "cut"
  | "forall"
  | "print"
  | "debug";

/**
 * An operation. Argument shapes by operator:
 * - `and`, `or`: any number of logical terms (flattened; `and` with none is `true`);
 * - `not`: one; `forall`: two (condition, action); `cut`: none; `print`/`debug`: any;
 * - binary operators: two;
 * - `dot`: receiver and selector, where the selector is a `string` (field name), a `call`
 *   (method call) or a `variable` (dynamic key `x.(k)`);
 * - `new`: one `call` (class name and constructor arguments);
 * - `isa`: the value and a pattern.
 */
export interface Operation extends Node {
  readonly kind: "op";
  readonly op: Operator;
  readonly args: readonly Term[];
  /** The operation was written inside parentheses (for the ambiguous-precedence warning). */
  readonly parenthesized?: boolean;
}

/** Any term of the language. Patterns appear only in specializers and on the right of `matches`. */
export type Term =
  | NumberLit
  | StringLit
  | BooleanLit
  | Variable
  | ListTerm
  | DictTerm
  | CallTerm
  | Operation
  | DictPattern
  | InstancePattern;

/** A rule parameter: `x`, `"read"`, `x: User`, `_: {a: 1}`. */
export interface Parameter extends Node {
  readonly parameter: Term;
  readonly specializer: Term | null;
}

/** `name(params) if body;` (or a fact `name(params);`, whose body is an empty `and`). */
export interface Rule extends Node {
  readonly kind: "rule";
  readonly name: string;
  readonly params: readonly Parameter[];
  readonly body: Operation;
  /** Span of `name(params)`. */
  readonly headSpan: Span;
}

/** `type name(params);` */
export interface RuleType extends Node {
  readonly kind: "rule-type";
  readonly name: string;
  readonly params: readonly Parameter[];
  readonly headSpan: Span;
}

/** `?= term;` */
export interface InlineQuery extends Node {
  readonly kind: "query";
  readonly term: Term;
}

/** `roles = ["a", "b"];` or `permissions = [...]` (or any other name, refused later). */
export interface ListDeclaration extends Node {
  readonly kind: "list-declaration";
  readonly name: string;
  readonly nameSpan: Span;
  readonly items: readonly StringLit[];
}

/** `relations = {parent: Org, owner: User};` */
export interface DictDeclaration extends Node {
  readonly kind: "dict-declaration";
  readonly name: string;
  readonly nameSpan: Span;
  readonly entries: readonly { readonly name: string; readonly type: Variable; readonly span: Span }[];
}

/** `"read" if "reader";` or `"reader" if "owner" on "parent";` */
export interface ShorthandRule extends Node {
  readonly kind: "shorthand";
  readonly head: StringLit;
  readonly implier: StringLit;
  /** The `on "relation"` part; `keyword` is whatever word was written (validated to be `on`). */
  readonly relation: { readonly keyword: Variable; readonly name: StringLit } | null;
}

export type BlockItem = ListDeclaration | DictDeclaration | ShorthandRule;

/** `actor User { ... }` / `resource Repo { ... }` (the keyword is validated later). */
export interface ResourceBlock extends Node {
  readonly kind: "block";
  readonly keyword: Variable | null;
  readonly resource: Variable;
  readonly items: readonly BlockItem[];
}

/** A top-level item of a policy. */
export type Line = Rule | RuleType | InlineQuery | ResourceBlock;

/** A parsed policy file. */
export interface Policy {
  readonly lines: readonly Line[];
}

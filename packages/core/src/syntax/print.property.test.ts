import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { makeSource, type Span } from "../source.js";
import type { Field, Operator, Term } from "./ast.js";
import { parseTerm } from "./parser.js";
import { printTerm } from "./print.js";
import { stripSpans } from "./strip-spans.js";

// Generated trees never carry real positions; spans are stripped before comparing.
const span: Span = { source: makeSource(""), start: 0, end: 0 };
const same = (x: unknown) => stripSpans(x, { sortFields: true });

const op = (o: Operator, args: Term[], parenthesized = false): Term =>
  parenthesized ? { kind: "op", op: o, args, span, parenthesized } : { kind: "op", op: o, args, span };

/** Mark an `and`/`or` as parenthesised when it sits where the printer must wrap it. */
function wrapped(t: Term, ops: readonly Operator[]): Term {
  return t.kind === "op" && ops.includes(t.op) ? { ...t, parenthesized: true } : t;
}

const SAFE_MIN = BigInt(Number.MIN_SAFE_INTEGER);
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);
const names = fc.constantFrom("x", "y", "_z", "a::b", "q?", "élan", "Foo");
const keys = fc.constantFrom("a", "b", "type", "if", "k_1", "new");
const selectors = fc.constantFrom("y", "type", "in", "mod", "a b", "true", "", 'with"quote');
const variable = names.map((name): Term => ({ kind: "variable", name, span }));
const integer = fc.bigInt({ min: -(2n ** 63n) + 1n, max: 2n ** 63n - 1n }).map(
  (b): Term => ({
    kind: "number",
    value: b >= SAFE_MIN && b <= SAFE_MAX ? Number(b) : b,
    isFloat: false,
    span,
  }),
);
const float = fc.double().map((value): Term => ({ kind: "number", value, isFloat: true, span }));
const string = fc
  .string({ unit: "binary", maxLength: 8 })
  .map((value): Term => ({ kind: "string", value, span }));
const boolean = fc.boolean().map((value): Term => ({ kind: "boolean", value, span }));
const leaf = fc.oneof(variable, integer, float, string, boolean);

const fieldsOf = (value: fc.Arbitrary<Term>) =>
  fc
    .uniqueArray(fc.tuple(keys, value), { maxLength: 3, selector: ([k]) => k })
    .map((entries): Field[] => entries.map(([key, v]) => ({ key, value: v, keySpan: span })));

const depth = { maxDepth: 3, depthIdentifier: "polar" } as const;

const { value, logical } = fc.letrec<{ value: Term; logical: Term; pattern: Term; patternValue: Term }>(
  (tie) => ({
    value: fc.oneof(
      depth,
      leaf,
      fc.record({ items: fc.array(tie("value"), { maxLength: 3 }), rest: fc.option(variable) }).map(
        ({ items, rest }): Term => ({
          kind: "list",
          items,
          rest: rest as { kind: "variable"; name: string; span: Span } | null,
          span,
        }),
      ),
      fieldsOf(tie("value")).map((fields): Term => ({ kind: "dict", fields, span })),
      fc
        .tuple(
          fc.constantFrom<Operator>("add", "sub", "mul", "div", "mod", "rem"),
          tie("value"),
          tie("value"),
        )
        .map(([o, a, b]) => op(o, [a, b])),
      fc
        .tuple(tie("value"), selectors)
        .map(([r, name]) => op("dot", [r, { kind: "string", value: name, span }])),
      fc
        .tuple(tie("value"), names, fc.array(tie("value"), { maxLength: 2 }))
        .map(([r, name, args]) => op("dot", [r, { kind: "call", name, args, kwargs: null, span }])),
      fc.tuple(tie("value"), variable).map(([r, k]) => op("dot", [r, k])),
      fc
        .tuple(names, fc.array(tie("value"), { maxLength: 2 }))
        .map(([name, args]) => op("new", [{ kind: "call", name, args, kwargs: null, span }])),
    ),
    patternValue: fc.oneof(
      depth,
      leaf,
      tie("pattern"),
      fc
        .array(tie("patternValue"), { maxLength: 2 })
        .map((items): Term => ({ kind: "list", items, rest: null, span })),
    ),
    pattern: fc.oneof(
      depth,
      fc.oneof(integer, string, boolean),
      fc
        .tuple(names, fieldsOf(tie("patternValue")))
        .map(([tag, fields]): Term => ({ kind: "instance-pattern", tag, fields, tagSpan: span, span })),
      fieldsOf(tie("patternValue")).map((fields): Term => ({ kind: "dict-pattern", fields, span })),
    ),
    logical: fc.oneof(
      depth,
      fc
        .tuple(fc.constantFrom<Operator>("eq", "neq", "lt", "leq", "gt", "geq"), leaf, leaf)
        .map(([o, a, b]) => op(o, [a, b])),
      fc.tuple(names, fc.array(tie("value"), { maxLength: 3 }), fc.option(fieldsOf(tie("value")))).map(
        ([name, args, kwargs]): Term => ({
          kind: "call",
          name,
          args,
          kwargs: kwargs?.length ? kwargs : null,
          span,
        }),
      ),
      fc
        .tuple(fc.constantFrom<Operator>("unify", "eq", "lt", "in"), tie("value"), tie("value"))
        .map(([o, a, b]) => op(o, [a, b])),
      fc.tuple(tie("value"), tie("pattern")).map(([a, p]) => op("isa", [a, p])),
      tie("logical").map((a) => op("not", [wrapped(a, ["and", "or"])])),
      fc.tuple(fc.array(tie("logical"), { minLength: 2, maxLength: 3 }), fc.boolean()).map(([args, p]) =>
        op(
          "and",
          args.map((a) => wrapped(a, ["and", "or"])),
          p,
        ),
      ),
      fc.tuple(fc.array(tie("logical"), { minLength: 2, maxLength: 3 }), fc.boolean()).map(([args, p]) =>
        op(
          "or",
          args.map((a) => wrapped(a, ["or"])),
          p,
        ),
      ),
    ),
  }),
);

function roundTrips(t: Term): void {
  const printed = printTerm(t);
  const parsed = parseTerm(makeSource(printed));
  expect(same(parsed)).toEqual(same(t));
}

describe("printTerm then parseTerm gives back the tree", () => {
  test("values", () => {
    fc.assert(fc.property(value, roundTrips), { numRuns: 1500 });
  });
  test("logical terms", () => {
    fc.assert(fc.property(logical, roundTrips), { numRuns: 1500 });
  });
});

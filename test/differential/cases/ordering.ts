/** Rule order: source order, specificity along class chains, dictionary pattern specificity (spec §6.5). */
import { a1, b1, c1, D, V } from "../fixtures.js";
import type { Group } from "../types.js";

const G = `g(_: A, r) if r = "A";       g(_: C, r) if r = "C";     g(_x, r) if r = "any";
g(_: B, r) if r = "B";       g(_: {x: 1}, r) if r = "dict";   g(_: A{}, r) if r = "A{}";`;

const H = `h(_: A, _: B, r) if r = 1;   h(_: B, _: A, r) if r = 2;
h(_: A, _: A, r) if r = 3;   h(_: C, _y, r)   if r = 4;`;

const K = `k(_: {a: 1}, r) if r = "a";         k(_: {a: 1, b: 2}, r) if r = "ab";
k(_: {}, r) if r = "empty";         k(_x, r) if r = "var";
k(1, r) if r = "one";               k(_: Integer, r) if r = "Int";
k(_: 1, r) if r = "spec1";          k(_: Dictionary, r) if r = "Dict";
k(_: Dictionary{a: 1}, r) if r = "Dict{a}";`;

const FOO = `m(_: Foo, r) if r = "Foo"; m(_: Baz, r) if r = "Baz"; m(_: Bar, r) if r = "Bar"; m(_, r) if r = "_";`;

const FIELDS = `f(_: Foo, r) if r = "Foo"; f(_: Foo{a: 1}, r) if r = "Foo{a}"; f(_: {a: 1}, r) if r = "{a}";
f(_: Bar{}, r) if r = "Bar{}"; f(_: Foo{a: 1, doubled: 2}, r) if r = "Foo{a, doubled}";`;

export const ordering: Group = {
  title: "rule ordering",
  cases: [
    // source order when nothing is more specific
    { policy: "f(1); f(2); f(3);", query: "f(x)" },
    { policy: "f(3); f(1); f(2);", query: "f(x)" },
    { policy: "f(x) if x = 2; f(1); f(x) if x = 0;", query: "f(x)" },
    { policy: "f(1); f(1);", query: "f(1)" },
    { policy: 'f(_x, "a"); f(1, "b"); f(_: 1, "c");', query: "f(1, r)" },
    { policy: 'f(_: "x", 1); f(_: String, 2); f(_x, 3);', query: 'f("x", r)' },
    { policy: "f(_: Integer, 1); f(_: Float, 2); f(_: Integer, 3);", query: "f(1, r)" },
    // spec §6.5 worked examples
    { setup: "abc", policy: G, query: "g(new C(), r)" },
    { setup: "abc", policy: G, query: "g(new A(), r)" },
    { setup: "abc", policy: G, query: "g(new B(), r)" },
    { setup: "abc", policy: G, query: "g({x: 1}, r)" },
    { setup: "abc", policy: G, rule: ["g", c1, V("r")] },
    { setup: "abc", policy: H, query: "h(new C(), new C(), r)" },
    { setup: "abc", policy: H, query: "h(new C(), new A(), r)" },
    { setup: "abc", policy: H, query: "h(new B(), new B(), r)" },
    { setup: "abc", policy: H, rule: ["h", a1, b1, V("r")] },
    { policy: K, query: "k({a: 1, b: 2}, r)" },
    { policy: K, query: "k(1, r)" },
    { policy: K, query: "k({}, r)" },
    { policy: K, query: "k({a: 1}, r)" },
    { policy: K, query: 'k("s", r)' },
    { policy: K, rule: ["k", D({ a: 1, b: 2 }), V("r")] },
    // class chains of host classes, with fields
    { setup: "host", policy: FOO, query: "m(baz1, r)" },
    { setup: "host", policy: FOO, query: "m(bar1, r)" },
    { setup: "host", policy: FOO, query: "m(foo1, r)" },
    { setup: "host", policy: FIELDS, query: "f(foo1, r)" },
    { setup: "host", policy: FIELDS, query: "f(bar1, r)" },
    { setup: "host", policy: FIELDS, query: "f(new Bar(2), r)" },
    { setup: "host", policy: FIELDS, query: "f({a: 1}, r)" },
    {
      setup: "host",
      policy: 'f(_: {a: 1}, r) if r = "dict"; f(_: Foo{}, r) if r = "Foo";',
      query: "f(foo1, r)",
    },
    // an unregistered class in the middle of the chain is skipped
    {
      setup: "acOnly",
      policy: 'g(_: A, r) if r = "A"; g(_: C, r) if r = "C"; g(_: {x: 1}, r) if r = "x";',
      query: "g(new C(1), r)",
    },
    // several positions: the first differing position decides
    {
      setup: "abc",
      policy: 'p(_: A, _: C, r) if r = "AC"; p(_: C, _: A, r) if r = "CA"; p(_: B, _: B, r) if r = "BB";',
      query: "p(new C(), new C(), r)",
    },
    {
      setup: "abc",
      policy: 'p(_x, _: C, r) if r = "_C"; p(_: A, _y, r) if r = "A_"; p(_: A, _: A, r) if r = "AA";',
      query: "p(new C(), new C(), r)",
    },
    // fields, several positions, dict patterns against instances
    {
      setup: "abc",
      policy: 'f(_: A{x: 1}, r) if r = "A{x}"; f(_: C, r) if r = "C"; f(_: B{x: 1}, r) if r = "B{x}";',
      query: "f(c1, r)",
    },
    {
      setup: "abc",
      policy: 'f(_: A{x: 1}, r) if r = "A{x}"; f(_: A, r) if r = "A"; f(_: A{}, r) if r = "A{}";',
      query: "f(a1, r)",
    },
    {
      setup: "abc",
      policy:
        "f(_: A, _: A, r) if r = 1; f(_: C, _: A, r) if r = 2; f(_: B, _: C, r) if r = 3; f(_: C, _: C, r) if r = 4; f(_: B, _: B, r) if r = 5;",
      query: "f(c1, c1, r)",
    },
    {
      setup: "abc",
      policy:
        "f(_: A, _: A, r) if r = 1; f(_: C, _: A, r) if r = 2; f(_: B, _: C, r) if r = 3; f(_: C, _: C, r) if r = 4; f(_: B, _: B, r) if r = 5;",
      query: "f(b1, c1, r)",
    },
    {
      setup: "abc",
      policy:
        "f(_: A, _: A, r) if r = 1; f(_: C, _: A, r) if r = 2; f(_: B, _: C, r) if r = 3; f(_: C, _: C, r) if r = 4; f(_: B, _: B, r) if r = 5;",
      query: "f(c1, b1, r)",
    },
    {
      setup: "abc",
      policy:
        'f(_: {x: 1}, r) if r = "d"; f(_: {x: 1, y: 2}, r) if r = "dd"; f(_: A{x: 1}, r) if r = "A"; f(_: Dictionary, r) if r = "D";',
      query: "f(a1, r)",
    },
    {
      setup: "abc",
      policy:
        'f(_: {x: 1}, r) if r = "d"; f(_: {x: 1, y: 2}, r) if r = "dd"; f(_: A{x: 1}, r) if r = "A"; f(_: Dictionary, r) if r = "D";',
      query: "f({x: 1, y: 2}, r)",
    },
    {
      setup: "abc",
      policy:
        'f(_: Integer, r) if r = "I"; f(_: Float, r) if r = "F"; f(_: 1, r) if r = "1"; f(_: {}, r) if r = "{}";',
      query: "f(1, r)",
    },
    // value specializers vs classes
    {
      setup: "host",
      policy: 'v(_: 1, r) if r = "1"; v(_: Integer, r) if r = "Int"; v(x, r) if x = 1 and r = "x";',
      query: "v(1, r)",
    },
    // rule ordering inside a recursion
    {
      setup: "abc",
      policy:
        'chain(_: A, r) if r = "A"; chain(x: C, r) if chain2(x, r); chain2(_: B, r) if r = "B"; chain2(_: C, r) if r = "C";',
      query: "chain(new C(), r)",
    },
  ],
};

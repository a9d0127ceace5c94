/** Recursive rules: member, append, fib, count and friends. */
import type { Group } from "../types.js";

const MEMBER = "member(x, [x, *_rest]); member(x, [_first, *rest]) if member(x, rest);";
const APPEND = "append([], x, x); append([first, *rest], x, [first, *tail]) if append(rest, x, tail);";
const FIB = "fib(0, 1) if cut; fib(1, 1) if cut; fib(n, a+b) if fib(n-1, a) and fib(n-2, b);";
const COUNT = "count(0); count(n) if n > 0 and count(n - 1);";
const LEN = "len([], 0); len([_, *rest], n + 1) if len(rest, n);";
const REV =
  "rev([], acc, acc); rev([h, *t], acc, out) if rev(t, [h, *acc], out); reverse(l, r) if rev(l, [], r);";
const GRAPH =
  "edge(1, 2); edge(2, 3); edge(3, 4); edge(2, 5); path(x, y) if edge(x, y); path(x, y) if edge(x, z) and path(z, y);";
const SUM = "sum([], 0); sum([h, *t], h + s) if sum(t, s);";
const FACT = "fact(0, 1) if cut; fact(n, n * f) if fact(n - 1, f);";
const NTH = "nth(0, [x, *_], x) if cut; nth(n, [_, *t], x) if n > 0 and nth(n - 1, t, x);";

export const recursion: Group = {
  title: "recursion",
  cases: [
    { policy: MEMBER, query: "member(x, [1, 2, 3])" },
    { policy: MEMBER, query: "member(2, [1, 2, 3])" },
    { policy: MEMBER, query: "member(4, [1, 2, 3])" },
    { policy: MEMBER, query: "member(x, [])" },
    { policy: APPEND, query: "append([1], [2, 3], [1, 2, 3])" },
    { policy: APPEND, query: "append([1, 2], [3], x)" },
    { policy: APPEND, query: "append(x, y, [1, 2])" },
    { policy: APPEND, query: "append(x, [3], [1, 2, 3])" },
    { policy: APPEND, query: "append([1], x, [2])" },
    { policy: FIB, query: "fib(5, x)" },
    { policy: FIB, query: "fib(12, x)" },
    { policy: FIB, query: "fib(5, 8)" },
    { policy: COUNT, query: "count(3)" },
    { policy: COUNT, query: "count(500)" },
    { policy: COUNT, query: "count(-1)" },
    { policy: LEN, query: "len([1, 2, 3], n)" },
    { policy: LEN, query: "len([], n)" },
    { policy: REV, query: "reverse([1, 2, 3], r)" },
    { policy: GRAPH, query: "path(1, y)" },
    { policy: GRAPH, query: "path(x, 4)" },
    { policy: GRAPH, query: "path(4, y)" },
    { policy: SUM, query: "sum([1, 2, 3.5], s)" },
    { policy: FACT, query: "fact(10, f)" },
    { policy: FACT, query: "fact(18, f)" },
    { policy: NTH, query: "nth(2, [a, b, c, d], x) and a = 1 and b = 2 and c = 3 and d = 4" },
    { policy: "deep(n) if n > 0 and deep(n - 1) and true; deep(0);", query: "deep(1000)" },
    {
      policy: "even(0); even(n) if n > 0 and odd(n - 1); odd(n) if n > 0 and even(n - 1);",
      query: "even(10)",
    },
    {
      policy: "even(0); even(n) if n > 0 and odd(n - 1); odd(n) if n > 0 and even(n - 1);",
      query: "odd(10)",
    },
    {
      policy:
        'ancestor(x, y) if parent(x, y); ancestor(x, y) if parent(x, z) and ancestor(z, y); parent("a", "b"); parent("b", "c"); parent("c", "d");',
      query: 'ancestor("a", who)',
    },
    {
      policy: "range(n, n, [n]) if cut; range(i, n, [i, *rest]) if i < n and range(i + 1, n, rest);",
      query: "range(1, 5, l)",
    },
  ],
};

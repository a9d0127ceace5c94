/** Rule indexing on ground arguments: the index must never change which rules apply. */
import { foo1, V } from "../fixtures.js";
import type { Group } from "../types.js";

const FACTS = Array.from({ length: 60 }, (_, i) => `n(${i}, "v${i % 7}");`).join(" ");
const MIXED = 'f(1, "a"); f(2, "b"); f(1.0, "c"); f(x, "d") if x = 1; f(_x, "e"); f("1", "f"); f(true, "g");';
const ALLOW = `allow(_u, "read", _r) if true;
allow(_u, "x", 1);
allow(u, "write", r) if u = "admin" and r = 1;
allow(_u, _a, "public");`;

export const indexing: Group = {
  title: "rule indexing",
  cases: [
    { policy: MIXED, query: "f(1, y)" },
    { policy: MIXED, query: "f(1.0, y)" },
    { policy: MIXED, query: 'f(x, "b")' },
    { policy: MIXED, query: "f(x, y)" },
    { policy: MIXED, query: "f(true, y)" },
    { policy: MIXED, query: 'f("1", y)' },
    { policy: MIXED, query: "f(3, y)" },
    { policy: MIXED, query: 'f(1, "c")' },
    { policy: FACTS, query: "n(37, v)" },
    { policy: FACTS, query: 'n(k, "v3")' },
    { policy: FACTS, query: "n(60, v)" },
    { policy: FACTS, query: "n(12.0, v)" },
    { policy: ALLOW, query: 'allow("u", "read", 1)' },
    { policy: ALLOW, query: 'allow("admin", a, 1)' },
    { policy: ALLOW, query: 'allow("u", "delete", "public")' },
    { policy: ALLOW, query: 'allow("u", a, r)' },
    { policy: ALLOW, isAllowed: ["admin", "write", 1] },
    { policy: ALLOW, isAllowed: ["u", "write", 1] },
    { policy: "h(nan); h(1.0);", query: "h(nan)" },
    { policy: "h(nan); h(1.0);", query: "h(1)" },
    { policy: "h(nan); h(1.0);", query: "h(x)" },
    { policy: "b(true); b(1); b(false); b(0);", query: "b(true)" },
    { policy: "b(true); b(1); b(false); b(0);", query: "b(1)" },
    { policy: "b(true); b(1); b(false); b(0);", query: "b(0.0)" },
    { policy: 'g([1, 2]); g([1, *r]) if r = ["x"]; g({a: 1}); g("s");', query: "g([1, 2])" },
    { policy: 'g([1, 2]); g([1, *r]) if r = ["x"]; g({a: 1}); g("s");', query: "g(x)" },
    { policy: 'g([1, 2]); g([1, *r]) if r = ["x"]; g({a: 1}); g("s");', query: "g({a: 1.0})" },
    { setup: "constants", policy: 'c(answer, "const"); c(42, "lit"); c(_x, "any");', query: "c(42, r)" },
    { setup: "constants", policy: 'c(answer, "const"); c(41, "lit"); c(_x, "any");', query: "c(answer, r)" },
    { setup: "constants", policy: 'c(greeting, 1); c("hello", 2); c("bye", 3);', query: 'c("hello", r)' },
    { setup: "host", policy: 'p("x", 1); p(foo1, 2); p(_x, 3);', query: "p(foo1, r)" },
    { setup: "host", policy: 'p("x", 1); p(foo1, 2); p(_x, 3);', rule: ["p", foo1, V("r")] },
    { setup: "host", policy: 'p("x", 1); p(obj2, 2); p(_x, 3);', query: "p(obj3, r)" },
    { policy: 'q(1, 2, "a"); q(1, 3, "b"); q(2, 2, "c"); q(x, x, "d");', query: "q(2, 2, r)" },
    { policy: 'q(1, 2, "a"); q(1, 3, "b"); q(2, 2, "c"); q(x, x, "d");', query: "q(1, y, r)" },
    { policy: 'q(1, 2, "a"); q(1, 3, "b"); q(2, 2, "c"); q(x, x, "d");', query: "x = 1 and q(x, 3, r)" },
  ],
};

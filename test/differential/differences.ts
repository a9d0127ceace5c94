/**
 * Deliberate differences between oso-ts and Oso 0.27.3.
 *
 * Each entry records a case, what Oso does, what oso-ts does, and why oso-ts differs on
 * purpose. The runner asserts that both engines still produce exactly the recorded
 * outcomes (and that these differ), so the list cannot rot: when Oso's outcome or oso-ts's
 * changes, the entry must be revisited.
 *
 * Only behaviours that are intended and better belong here. A case where oso-ts merely
 * disagrees with Oso is a bug and belongs in the main tables (cases/), failing.
 * @module
 */
import { sealed2 } from "./fixtures.js";
import type { Case, Outcome } from "./types.js";

/** One deliberate difference. */
export interface Difference {
  readonly case: Case;
  /** What Oso 0.27.3 does. */
  readonly oso: Outcome;
  /** What oso-ts does. */
  readonly osoTs: Outcome;
  /** Why oso-ts differs on purpose. */
  readonly reason: string;
}

const ONE_NUMBER_TYPE =
  "oso-ts has one number type (JavaScript's), so an integral float literal such as `0.0` or `1.0` is the " +
  "integer 0 or 1: integer rules (division by zero errors, 64-bit overflow checks, no negative zero) apply " +
  "where Oso would compute in f64. Oso's own JS host cannot tell 1 from 1.0 either once values reach JS.";

const BIGINT =
  "Integers beyond 2^53 are exact 64-bit integers in both engines, but Oso's JS library cannot hand them " +
  "to JavaScript (OperationalError::Serialization) while oso-ts returns them as bigint.";

const NEGATION =
  "oso-ts's `not` is plain negation as failure. Oso turns the solutions of the negated goal into " +
  "constraints on variables that were partially bound when `not` started (spec §6.10), which only " +
  "matters for unbound arguments; oso-ts fails `not G` whenever G has a solution.";

const UNBOUND_NAMES =
  "Unbound variables in results: oso-ts reports a query variable that ends up unbound as a Variable named " +
  "after the representative of its alias class (x = y gives x: Variable(y), y: Variable(y)), and includes " +
  "query variables that were unified but never bound; Oso names each variable after another member of its " +
  "alias cycle and leaves out variables nothing was bound to.";

const HIDDEN_STATE =
  "Default equality: Oso's JS library compares host objects with lodash's isEqual, which calls any two " +
  "instances of a class equal when their state is in #private fields or behind getters (no own enumerable " +
  "fields to compare), so a role or a rule naming one such resource grants every other one. oso-ts calls two " +
  "distinct objects equal only when it compared state that tells them apart: such instances are equal only " +
  "to themselves (or as their class's `equals` method or registration option says).";

export const DIFFERENCES: readonly Difference[] = [
  // --- one number type -----------------------------------------------------------------
  {
    case: { query: "x = 1 rem 0.0" },
    oso: { result: [{ x: { "@num": "NaN" } }] },
    osoTs: { result: [], error: { phase: "query", category: "RuntimeError::ArithmeticError" } },
    reason: ONE_NUMBER_TYPE,
  },
  {
    case: { query: "x = 1 mod 0.0" },
    oso: { result: [{ x: { "@num": "NaN" } }] },
    osoTs: { result: [], error: { phase: "query", category: "RuntimeError::ArithmeticError" } },
    reason: ONE_NUMBER_TYPE,
  },
  {
    case: { query: "x = 9223372036854775807 + 1.0" },
    oso: { result: [{ x: 2 ** 63 }] },
    osoTs: { result: [], error: { phase: "query", category: "RuntimeError::ArithmeticError" } },
    reason: ONE_NUMBER_TYPE,
  },
  {
    case: { query: "x = 9223372036854775807 - 1.0" },
    oso: { result: [{ x: 2 ** 63 }] },
    osoTs: { result: [{ x: { "@bigint": "9223372036854775806" } }] },
    reason: ONE_NUMBER_TYPE,
  },
  {
    case: { query: "x = -1 * 0.0" },
    oso: { result: [{ x: { "@num": "-0" } }] },
    osoTs: { result: [{ x: 0 }] },
    reason: ONE_NUMBER_TYPE,
  },
  // --- integers beyond 2^53 ----------------------------------------------------------------
  {
    case: { query: "x = 9007199254740993" },
    oso: { result: [], error: { phase: "query", category: "OperationalError::Serialization" } },
    osoTs: { result: [{ x: { "@bigint": "9007199254740993" } }] },
    reason: BIGINT,
  },
  {
    case: { query: "x = 9007199254740991 + 2" },
    oso: { result: [], error: { phase: "query", category: "OperationalError::Serialization" } },
    osoTs: { result: [{ x: { "@bigint": "9007199254740993" } }] },
    reason: BIGINT,
  },
  {
    case: { query: "x = 9223372036854775807 * -1" },
    oso: { result: [], error: { phase: "query", category: "OperationalError::Serialization" } },
    osoTs: { result: [{ x: { "@bigint": "-9223372036854775807" } }] },
    reason: BIGINT,
  },
  {
    case: { policy: "fact(0, 1) if cut; fact(n, n * f) if fact(n - 1, f);", query: "fact(20, f)" },
    oso: { result: [], error: { phase: "query", category: "OperationalError::Serialization" } },
    osoTs: { result: [{ f: { "@bigint": "2432902008176640000" } }] },
    reason: BIGINT,
  },
  // --- not -----------------------------------------------------------------------------------
  {
    case: { policy: "a(1); a(2); d(x) if not a(x) and x = 5;", query: "d(x)" },
    oso: { result: [{ x: 5 }] },
    osoTs: { result: [] },
    reason: NEGATION,
  },
  {
    case: { policy: "n(x) if not x = 1;", query: "n(y)" },
    oso: { result: [], error: { phase: "query", category: "UnexpectedExpressionError" } },
    osoTs: { result: [] },
    reason: NEGATION,
  },
  {
    case: { setup: "host", policy: "f(x) if not x.missing = 1;", query: "f(foo1)" },
    oso: { result: [{}] },
    osoTs: { result: [], error: { phase: "query", category: "RuntimeError::Application" } },
    reason:
      "Oso loses errors raised by host lookups inside `not` (the error flag is set on the outer VM and " +
      "never checked, spec §6.10), so a typo'd field silently makes `not` succeed; oso-ts raises them, " +
      "as it does everywhere else (safety contract: an error never turns into an allow).",
  },
  {
    case: { setup: "host", policy: "f(x) if forall(y in [1], x.missing = y);", query: "f(foo1)" },
    oso: { result: [] },
    osoTs: { result: [], error: { phase: "query", category: "RuntimeError::Application" } },
    reason:
      "`forall(c, a)` is `not (c and not a)`: Oso loses the lookup error inside the inner `not`, which " +
      "then succeeds, so the forall quietly fails; oso-ts raises the error.",
  },
  // --- host values -----------------------------------------------------------------------------
  {
    case: { query: 'x = "abc".length' },
    oso: { result: [], error: { phase: "query", category: "RuntimeError::Application" } },
    osoTs: { result: [{ x: 3 }] },
    reason:
      "Oso's JS host checks a field with the `in` operator, which throws on primitive strings, so " +
      '`"abc".length` is an application error although `"abc".startsWith("a")` works; oso-ts ' +
      "reads properties of primitives (still only own/prototype properties that are not forbidden).",
  },
  {
    case: { setup: "host", query: "foo1.throws()" },
    oso: { result: [], error: { phase: "query", category: "host:Error" } },
    osoTs: { result: [], error: { phase: "query", category: "RuntimeError::Application" } },
    reason:
      "An exception thrown by a host method: Oso lets anything but a TypeError escape unchanged; oso-ts " +
      "always reports an application error that points at the policy expression and keeps the " +
      "original exception as `cause`.",
  },
  {
    case: { setup: "host", query: "foo1 matches Unregistered" },
    oso: { result: [], error: { phase: "query", category: "host:Error" } },
    osoTs: { result: [], error: { phase: "query", category: "UnregisteredClassError" } },
    reason:
      "Matching an instance of a registered class against a name that is not a registered class makes " +
      "Oso's core panic ('no class ID for symbol'), leaving that Oso unusable; oso-ts reports the " +
      "unregistered class, as both engines do for `1 matches Nope`.",
  },
  {
    case: { setup: "host", query: "x = foo1.constructor" },
    oso: { result: [{ x: { "@class": "Foo" } }] },
    osoTs: { result: [], error: { phase: "query", category: "oso-ts:forbidden_lookup_runtime" } },
    reason:
      "Safety contract: a policy reaches only what the application handed it, so oso-ts refuses " +
      "`constructor`, `__proto__`, `prototype` and the other prototype-chain escapes that Oso allows.",
  },
  {
    case: { setup: "host", query: "x = obj.__proto__" },
    oso: { result: [{ x: { "@instance": "Object", fields: {} } }] },
    osoTs: { result: [], error: { phase: "query", category: "oso-ts:forbidden_lookup_runtime" } },
    reason:
      "Safety contract: a policy reaches only what the application handed it, so oso-ts refuses " +
      "`constructor`, `__proto__`, `prototype` and the other prototype-chain escapes that Oso allows.",
  },
  {
    case: { policy: "f(x) if x.constructor = 1;" },
    oso: {},
    osoTs: { error: { phase: "load", category: "oso-ts:forbidden_lookup" } },
    reason: "The same safety rule, checked when the policy is loaded for lookups written in the policy text.",
  },
  {
    case: { setup: "aliases", query: "foo1 matches Thing" },
    oso: { result: [] },
    osoTs: { result: [{}] },
    reason:
      "A class registered under two names (Thing, Other): Oso tags a host instance with the class id of " +
      "the last registration only, so an instance passed in from the application matches Other but not " +
      "Thing (while `new Thing(1) matches Thing` holds); in oso-ts every name of the class matches.",
  },
  {
    case: { query: "x matches {a: 1} and x = {a: 1}" },
    oso: { result: [] },
    osoTs: { result: [{ x: { a: 1 } }] },
    reason:
      "A constraint recorded on an unbound variable must hold once it is bound. Oso's partial " +
      "evaluation fails this case (a known rough edge, spec §6.17); oso-ts re-checks the suspended " +
      "goal on binding.",
  },
  {
    case: { query: "x.a = 1 and x = {a: 1}" },
    oso: { result: [] },
    osoTs: { result: [{ x: { a: 1 } }] },
    reason:
      "Same as above for a field lookup on an unbound variable (spec §6.17 records this failure as a " +
      "rough edge of Oso 0.27.3).",
  },
  // --- results --------------------------------------------------------------------------------
  {
    case: { query: "x = y" },
    oso: { result: [{ x: { "@var": "y" }, y: { "@var": "x" } }] },
    osoTs: { result: [{ x: { "@var": "y" }, y: { "@var": "y" } }] },
    reason: UNBOUND_NAMES,
  },
  {
    case: { policy: "f(x, x);", query: "f(a, b)" },
    oso: { result: [{ a: { "@var": "b" }, b: { "@var": "a" } }] },
    osoTs: { result: [{ a: { "@var": "b" }, b: { "@var": "b" } }] },
    reason: UNBOUND_NAMES,
  },
  {
    case: { query: "x = x" },
    oso: { result: [{}] },
    osoTs: { result: [{ x: { "@var": "x" } }] },
    reason: UNBOUND_NAMES,
  },
  {
    case: { query: "x = [y]" },
    oso: { result: [{ x: [{ "@var": "y" }] }] },
    osoTs: { result: [{ x: [{ "@var": "y" }], y: { "@var": "y" } }] },
    reason: UNBOUND_NAMES,
  },
  {
    case: { query: "x = 1 or y = 2" },
    oso: { result: [{ x: 1 }, { y: 2 }] },
    osoTs: { result: [{ x: 1 }, { x: { "@var": "x" }, y: 2 }] },
    reason: UNBOUND_NAMES,
  },
  {
    case: { query: "x in [1, x]" },
    oso: { result: [{ x: 1 }, {}] },
    osoTs: { result: [{ x: 1 }, { x: { "@var": "x" } }] },
    reason: UNBOUND_NAMES,
  },
  // --- loading and the API ---------------------------------------------------------------------
  {
    case: { policy: "f(1); ?= print(1); ?= print(2);", query: "f(1)", capturePrint: true },
    oso: { result: [{}], printed: ["2", "1"] },
    osoTs: { result: [{}], printed: ["1", "2"] },
    reason:
      "Inline queries run in source order in oso-ts; Oso pops them from a stack and runs them in " +
      "reverse (spec §4.5), which nobody expects.",
  },
  {
    case: { query: "1 +", observeThrowSite: true },
    oso: {
      result: [],
      thrownBy: "query()",
      error: { phase: "query", category: "ParseError::UnrecognizedEOF" },
    },
    osoTs: {
      result: [],
      thrownBy: "iteration",
      error: { phase: "query", category: "ParseError::UnrecognizedEOF" },
    },
    reason:
      "query() returns an async generator; oso-ts reports a parse error of the query when it is " +
      "iterated, like every other query error, while Oso throws it synchronously from query() itself.",
  },
  {
    case: { policy: "f(1);", query: "f(x: 1)" },
    oso: { result: [], error: { phase: "query", category: "OperationalError::InvalidState" } },
    osoTs: { result: [], error: { phase: "query", category: "KwargsError" } },
    reason:
      "Keyword arguments in a rule call are a user mistake; Oso reports it as an internal invariant " +
      "violation (InvalidState), oso-ts as a keyword-argument error with the position and a hint.",
  },
  {
    case: { policy: "count(0); count(n) if n > 0 and count(n - 1);", query: "count(1500)" },
    oso: { result: [], error: { phase: "query", category: "limit" } },
    osoTs: { result: [{}] },
    reason:
      "Limits are options in oso-ts (maxDepth, maxSteps, maxChoices, timeoutMs) with a default depth of " +
      "10,000 pending rule calls; Oso's fixed goal stack overflows at about 1,000-2,000 levels of recursion.",
  },
  {
    case: { setup: "host", query: "x in promised" },
    oso: { result: [], error: { phase: "query", category: "InvalidIteratorError" } },
    osoTs: { result: [], error: { phase: "query", category: "RuntimeError::TypeError" } },
    reason:
      "A constant registered as a Promise stands for its value in oso-ts once settled (queries wait for it), " +
      "so iterating `promised` (5) is a type error on a number; Oso iterates the Promise object itself. " +
      "Both refuse the query.",
  },
  {
    case: { policy: 'allow(actor, _, _) if actor.name = "a";', isAllowed: [undefined, "read", 1] },
    oso: { error: { phase: "query", category: "RuntimeError::Application" } },
    osoTs: { error: { phase: "query", category: "PolarError" } },
    reason:
      "An undefined actor or resource is refused before any rule runs (invalid_argument): the caller forgot " +
      "one, and in Oso two undefined arguments unify, so `allow(a, _, r) if a = r` allows nobody on nothing.",
  },
  {
    case: { setup: "sealed", query: "sealed1 = sealed2" },
    oso: { result: [{}] },
    osoTs: { result: [] },
    reason: HIDDEN_STATE,
  },
  {
    case: { setup: "sealed", query: "new Sealed(1) == new Sealed(1)" },
    oso: { result: [{}] },
    osoTs: { result: [] },
    reason: HIDDEN_STATE,
  },
  {
    case: { setup: "sealed", query: "x in [sealed2, sealed1] and x = sealed1" },
    oso: { result: [{ x: { "@ref": "sealed2" } }, { x: { "@ref": "sealed1" } }] },
    osoTs: { result: [{ x: { "@ref": "sealed1" } }] },
    reason: HIDDEN_STATE,
  },
  {
    case: {
      setup: "sealed",
      policy: 'allow(_actor, "read", r: Sealed) if r = sealed1;',
      isAllowed: ["alice", "read", sealed2],
    },
    oso: { result: true },
    osoTs: { result: false },
    reason: HIDDEN_STATE,
  },
  {
    case: { policy: "f(in) if in;" },
    oso: { error: { phase: "load", category: "ParseError::UnrecognizedToken" } },
    osoTs: { error: { phase: "load", category: "ParseError::ReservedWord" } },
    reason:
      "oso-ts reports a reserved word used as a name as such (`in is a reserved Polar word and cannot be used " +
      "here`), which says what to change; Oso reports a generic unexpected token here.",
  },
];

/**
 * No function value a policy obtains can reach application code as an argument, or run with
 * a receiver other than the object it was read from (issue: callbacks choose `this`).
 */
import { describe, expect, test } from "vitest";
import { isPolarError, type PolarError } from "../errors.js";
import { quietOso, solve } from "../test-helpers.js";

async function failure(p: Promise<unknown>): Promise<PolarError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!isPolarError(e)) throw new Error(`expected a PolarError, got ${String(e)}`);
  return e;
}

class User {
  constructor(public name: string) {}
  greet() {
    return `hi ${this.name}`;
  }
}

/**
 * An old CommonJS library without "use strict": `self()` returns `this`, which is
 * `globalThis` when the function runs with no receiver. Every call it receives is recorded.
 */
function sloppyLibrary() {
  const seen: unknown[] = [];
  const lib = new Function(
    "seen",
    "return { self: function () { seen.push(this); return this; }, name: 'lib' };",
  )(seen) as { self: () => unknown };
  return { lib, seen };
}

async function policyWith() {
  const o = quietOso({ ignoreNoAllowWarning: true });
  const { lib, seen } = sloppyLibrary();
  o.registerClass(User);
  o.registerConstant(lib, "lib");
  o.registerConstant(new User("alice"), "alice");
  o.registerConstant(new Map([["a", 1]]), "map");
  return { o, seen, lib };
}

const ROUTES: [string, string][] = [
  ["map", "g in [1].map(lib.self)"],
  ["flatMap", "g in [1].flatMap(lib.self)"],
  ["forEach", "_ = [1].forEach(lib.self)"],
  ["some", "_ = [1].some(lib.self)"],
  ["filter", "_ = [1].filter(lib.self)"],
  ["List.from", "g in List.from([1], lib.self)"],
  ["String replace", 'g = "a".replace("a", lib.self)'],
  ["Map forEach with a receiver", "_ = map.forEach(lib.self, alice)"],
  ["map with a receiver", 'g in [1].map(alice.greet, {name: "mallory"})'],
  ["nested in a list argument", "_ = [1].concat([[lib.self]])"],
  ["nested in a dict argument", "_ = [1].concat({f: lib.self})"],
  ["a dict member call", "g = {m: lib.self}.m()"],
  ["a dict member call on a method", 'g = {name: "mallory", m: alice.greet}.m()'],
  ["a dict converted by the host (toString)", 'g = "a".concat({toString: lib.self})'],
  ["a list receiver holding such a dict", "g = [{toString: lib.self}].join()"],
  ["a class as a callback", "_ = [1].map(User)"],
  ["a constructor argument", "_ = new User(lib.self)"],
  ["the classic fill on a class", "_ = [9].map([].fill, User)"],
];

describe("a function value never reaches application code", () => {
  test.each(ROUTES)("%s is refused", async (_name, query) => {
    const { o, seen } = await policyWith();
    const e = await failure(solve(o, query));
    expect(e.code).toBe("forbidden_function_value");
    expect(e.line).toBe(1);
    expect(e.column).toBeGreaterThan(0);
    expect(seen).toEqual([]);
  });

  test("the sloppy-mode escape to globalThis does not happen", async () => {
    const { o, seen } = await policyWith();
    const e = await failure(solve(o, "g in [1].map(lib.self) and p = g.process"));
    expect(e.code).toBe("forbidden_function_value");
    expect(seen).not.toContain(globalThis);
  });

  test("in a list scan too (the pre-checked path)", async () => {
    const { o, seen, lib } = await policyWith();
    o.registerConstant(
      Array.from({ length: 20 }, (_, i) => new User(`u${i}`)),
      "users",
    );
    o.registerConstant({ run: (f: () => unknown) => f(), check: (_u: User, f: () => unknown) => f() }, "svc");
    const e = await failure(solve(o, "f = lib.self and u in users and svc.check(u, f) = 1"));
    expect(e.code).toBe("forbidden_function_value");
    o.registerConstant(
      Array.from({ length: 20 }, () => lib.self),
      "fns",
    );
    const e2 = await failure(solve(o, "f in fns and svc.run(f) = 1"));
    expect(e2.code).toBe("forbidden_function_value");
    expect(seen).toEqual([]);
  });

  test("Reflect.get, property descriptors and getPrototypeOf are refused when reachable", async () => {
    const { o } = await policyWith();
    o.registerConstant(Reflect, "Refl");
    const e = await failure(solve(o, 'x = Refl.get(alice, "name", {name: "mallory"})'));
    expect(e.code).toBe("forbidden_function_value");
    o.registerConstant(Object, "Obj");
    const d = await failure(solve(o, 'd = Obj.getOwnPropertyDescriptor(lib, "self") and g = d.value()'));
    expect(d.code).toBe("forbidden_function_value");
    const p = await failure(solve(o, "p = Obj.getPrototypeOf(alice)"));
    expect(p.code).toBe("forbidden_lookup_runtime");
  });

  test("ordering a host value against a dict holding a function is refused", async () => {
    const { o, seen } = await policyWith();
    o.registerConstant(new Date(0), "epoch");
    const e = await failure(solve(o, "epoch < {valueOf: lib.self}"));
    expect(e.code).toBe("unsupported");
    expect(seen).toEqual([]);
  });

  test("methods on their own object, and functions as receivers, still work", async () => {
    const { o, seen, lib } = await policyWith();
    expect(await solve(o, 'x = alice.greet() and n = lib.self.name and s = "a,b".split(",")')).toEqual([
      { x: "hi alice", n: "self", s: ["a", "b"] },
    ]);
    expect(await solve(o, "g = lib.self() and g = lib")).toHaveLength(1);
    expect(seen).toEqual([lib]);
  });
});

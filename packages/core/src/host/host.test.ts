/**
 * Host behaviour with real classes: lookups, methods (sync and async), getters,
 * inheritance and specializer order, iteration, constructors, errors from host code.
 */
import { describe, expect, test } from "vitest";
import { Dict, Variable } from "../engine/terms.js";
import { isPolarError, type PolarError } from "../errors.js";
import { quietOso, solve } from "../test-helpers.js";

class Foo {
  constructor(public a: unknown) {}
  m(x: number) {
    return x + 1;
  }
  async am() {
    return 42;
  }
  *gen() {
    yield 1;
    yield 2;
  }
  async *agen() {
    yield "x";
    await new Promise((r) => setTimeout(r, 1));
    yield "y";
  }
  get double() {
    return (this.a as number) * 2;
  }
  get later() {
    return Promise.resolve(this.a);
  }
  boom(): never {
    throw new Error("kaboom");
  }
  static s() {
    return "static";
  }
}
class Bar extends Foo {}
class A {}
class B extends A {}
class C extends B {}

async function oso() {
  const o = quietOso({ ignoreNoAllowWarning: true });
  o.registerClass(Foo);
  o.registerClass(Bar);
  o.registerClass(A);
  o.registerClass(B);
  o.registerClass(C);
  o.registerConstant({ x: 1 }, "obj");
  o.registerConstant(new Map([["k", 1]]), "map");
  o.registerConstant(new Set([1, 2]), "set");
  return o;
}

async function errorOf(p: Promise<unknown>): Promise<PolarError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!isPolarError(e)) throw new Error(`expected a PolarError, got ${String(e)}`);
  return e;
}

describe("lookups and calls", () => {
  test.each([
    ["new Foo(1).a = x", [{ x: 1 }]],
    ["new Foo(1).m(2) = x", [{ x: 3 }]],
    ["new Foo(1).am() = x", [{ x: 42 }]],
    ["new Foo(3).double = x", [{ x: 6 }]],
    ["new Foo(5).later = x", [{ x: 5 }]],
    ["x in new Foo(1).gen()", [{ x: 1 }, { x: 2 }]],
    ["x in new Foo(1).agen()", [{ x: "x" }, { x: "y" }]],
    ["x in map", [{ x: ["k", 1] }]],
    ["x in set", [{ x: 1 }, { x: 2 }]],
    ['"abc".startsWith("a")', [{}]],
    ['x = "abc".length', [{ x: 3 }]],
    ["x = [1, 2].length", [{ x: 2 }]],
    ["x = Foo.s()", [{ x: "static" }]],
    ["new Bar(1) matches Foo", [{}]],
    ["new Foo(1) matches Bar", []],
    ["new Foo(1) matches Foo{a: 1}", [{}]],
    ["new Foo(1) matches Foo{b: 1}", []],
    ["obj matches {x: 1}", [{}]],
    ["obj matches {y: 1}", []],
    ["new Foo(1) < new Foo(2)", []],
    ["Foo matches Foo", [{}]],
    ["obj = {x: 1}", []],
    ["nil = nil", [{}]],
  ])("%s", async (query, expected) => {
    expect(await solve(await oso(), query)).toEqual(expected);
  });

  test("a missing attribute is an application error naming the expression and its position", async () => {
    const o = await oso();
    await o.loadStr("f(x) if x.missing = 1;", "p.polar");
    const e = await errorOf(solve(o, "f(obj)"));
    expect(e.code).toBe("application_error");
    expect(e.summary).toContain("missing not found on");
    expect([e.file, e.line, e.column]).toEqual(["p.polar", 1, 9]);
    expect(e.message).toContain("\t001: f(x) if x.missing = 1;");
  });

  test("a host method that throws is an application error with the original as cause", async () => {
    const e = await errorOf(solve(await oso(), "new Foo(1).boom()"));
    expect(e.code).toBe("application_error");
    expect(e.summary).toContain("kaboom");
    expect((e.cause as Error).message).toBe("kaboom");
  });

  test("a method that rejects is an application error", async () => {
    const o = await oso();
    o.registerConstant({ f: () => Promise.reject(new Error("nope")) }, "svc");
    const e = await errorOf(solve(o, "svc.f() = x"));
    expect(e.code).toBe("application_error");
    expect((e.cause as Error).message).toBe("nope");
  });

  test("calling something that is not a function", async () => {
    const e = await errorOf(solve(await oso(), "new Foo(1).nope() = x"));
    expect(e.code).toBe("application_error");
    expect(e.summary).toContain("nope is not a function");
  });

  test("a value that is not iterable", async () => {
    expect((await errorOf(solve(await oso(), "x in obj"))).code).toBe("invalid_iterator");
  });

  test("unregistered classes in new", async () => {
    expect((await errorOf(solve(await oso(), "x = new Unknown()"))).code).toBe("unregistered_class_runtime");
  });

  test("keyword arguments are refused at load with their position", async () => {
    const o = await oso();
    const e = await errorOf(o.loadStr("f(x) if x = new Foo(a: 1);"));
    expect(e.code).toBe("kwargs_error");
    expect(e.column).toBe(21);
  });

  test("booleans cannot be looked up on", async () => {
    expect((await errorOf(solve(await oso(), "b = true and b.x = 1"))).code).toBe("type_error");
  });

  test("dicts from Polar reach methods as Dict instances, lists as arrays", async () => {
    const o = await oso();
    const seen: unknown[] = [];
    o.registerConstant({ take: (...args: unknown[]) => seen.push(...args) }, "sink");
    await solve(o, "x = 2 and sink.take({a: x}, [1, x], y) = _n");
    expect(seen[0]).toBeInstanceOf(Dict);
    expect({ ...(seen[0] as object) }).toEqual({ a: 2 });
    expect(seen[1]).toEqual([1, 2]);
    expect(seen[2]).toBeInstanceOf(Variable);
  });
});

describe("specializers along the class chain", () => {
  const policy = `g(_: A, r) if r = "A";       g(_: C, r) if r = "C";     g(_x, r) if r = "any";
g(_: B, r) if r = "B";       g(_: {x: 1}, r) if r = "dict";   g(_: A{}, r) if r = "A{}";
h(_: A, _: B, r) if r = 1;   h(_: B, _: A, r) if r = 2;
h(_: A, _: A, r) if r = 3;   h(_: C, _y, r)   if r = 4;`;
  test.each([
    ["g(new C(), r)", ["C", "B", "A", "A{}", "any"]],
    ["g(new A(), r)", ["A", "A{}", "any"]],
    ["h(new C(), new C(), r)", [4, 2, 1, 3]],
    ["h(new C(), new A(), r)", [4, 2, 3]],
  ])("%s", async (query, order) => {
    const o = await oso();
    await o.loadStr(policy);
    expect((await solve(o, query)).map((s) => s.r)).toEqual(order);
  });

  test("a rule on a subclass runs before the one on its superclass", async () => {
    const o = await oso();
    await o.loadStr(`allow(_: Foo, "x", r) if r = "foo"; allow(_: Bar, "x", r) if r = "bar";`);
    const out: unknown[] = [];
    for await (const s of o.queryRule("allow", new Bar(1), "x", new Variable("r"))) out.push(s.get("r"));
    expect(out).toEqual(["bar", "foo"]);
  });
});

describe("async and sync", () => {
  test("the sync API refuses a Promise with a clear error", async () => {
    const o = await oso();
    await o.loadStr('allow(x, "read", _r) if x.am() = 42;');
    expect(await o.isAllowed(new Foo(1), "read", 1)).toBe(true);
    expect(() => o.isAllowedSync(new Foo(1), "read", 1)).toThrow(/Promise/);
  });

  test("async getters inside dict patterns", async () => {
    const o = await oso();
    await o.loadStr('allow(_x: Foo{later: 7}, "read", _r);');
    expect(await o.isAllowed(new Foo(7), "read", 1)).toBe(true);
    expect(await o.isAllowed(new Foo(8), "read", 1)).toBe(false);
  });

  test("concurrent queries on one Oso do not share state", async () => {
    const o = await oso();
    o.registerConstant(
      { wait: (v: number, ms: number) => new Promise((r) => setTimeout(() => r(v), ms)) },
      "clock",
    );
    await o.loadStr("slow(x, y) if clock.wait(x, 5 - x) = y;");
    const runs = [1, 2, 3, 4].map(async (n) => (await solve(o, `slow(${n}, y)`))[0]?.y);
    expect(await Promise.all(runs)).toEqual([1, 2, 3, 4]);
  });
});

describe("Promise constants and arguments", () => {
  test("a constant that resolves stands for its value", async () => {
    const o = await oso();
    o.registerConstant(Promise.resolve({ open: true }), "flags");
    await o.loadStr('allow(_, "read", _) if flags.open;');
    expect(await o.isAllowed("u", "read", 1)).toBe(true);
  });

  test("a constant that rejects is an error wherever it is used, never an allow", async () => {
    const o = await oso();
    const failed = Promise.reject(new Error("flag service down"));
    o.registerConstant(failed, "flags");
    // `not flags.disabled` would allow if the rejected Promise were read as a value
    await o.loadStr('allow(_, "read", _) if not flags.disabled;');
    const e = await errorOf(o.isAllowed("u", "read", 1));
    expect(e.code).toBe("application_error");
    expect(e.summary).toContain("flags");
    expect((e.cause as Error).message).toBe("flag service down");
    // registering the name again replaces the failure
    o.registerConstant({ disabled: false }, "flags");
    expect(await o.isAllowed("u", "read", 1)).toBe(true);
  });

  test("every Promise argument is awaited at once: a rejection is never unobserved", async () => {
    const o = await oso();
    o.registerConstant(new Promise((r) => setTimeout(() => r(1), 20)), "slow");
    await o.loadStr("allow(_, _, _) if slow = 1;");
    const actor = new Promise((r) => setTimeout(() => r("u"), 30));
    const resource = Promise.reject(new Error("no such page"));
    // the application's own error, as it would be had it awaited the argument itself
    await expect(o.isAllowed(actor, "read", resource)).rejects.toThrow("no such page");
    await new Promise((r) => setTimeout(r, 40));
  });

  test("a Promise bound to a query variable stands for its value", async () => {
    const o = await oso();
    const found = [];
    for await (const s of o.query("x = 1 and y = x + 1", { bindings: { x: Promise.resolve(1) } })) {
      found.push(s.get("y"));
    }
    expect(found).toEqual([2]);
    await expect(
      o.query("x = 1", { bindings: { x: Promise.reject(new Error("gone")) } }).next(),
    ).rejects.toThrow("gone");
  });
});

describe("registering classes", () => {
  test("a name already taken, by an application class or a built-in one, is refused", async () => {
    const o = quietOso();
    o.registerClass(Foo);
    expect(() => o.registerClass(class Other {}, { name: "Foo" })).toThrow(
      expect.objectContaining({ code: "duplicate_class_alias" }),
    );
    for (const name of ["List", "Integer", "String", "Dictionary"]) {
      expect(() => o.registerClass(class Mine {}, { name })).toThrow(
        expect.objectContaining({ code: "duplicate_class_alias" }),
      );
    }
    expect(await solve(o, "[1] matches List")).toEqual([{}]);
  });
});

/**
 * The safety contract: a policy reaches only what the application hands it. Every route
 * to the prototype chain (and from there to `Function`, i.e. `eval`) is refused, whatever
 * the receiver, whether the name is written in the policy or computed at run time.
 */
import { describe, expect, test } from "vitest";
import { FORBIDDEN_NAMES } from "../check/forbidden-names.js";
import { Dict } from "../engine/terms.js";
import { isPolarError } from "../errors.js";
import { quietOso, solve } from "../test-helpers.js";

class User {
  constructor(public name: string) {}
  greet() {
    return `hi ${this.name}`;
  }
}

async function oso() {
  const o = quietOso({ ignoreNoAllowWarning: true });
  o.registerClass(User);
  o.registerConstant(new User("alice"), "alice");
  o.registerConstant({ fn: () => 1 }, "obj");
  return o;
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!isPolarError(e)) throw new Error(`expected a PolarError, got ${String(e)}`);
  return e.code;
}

const RECEIVERS = ['"abc"', "(1)", "[1, 2]", "{a: 1}", "alice", "User", "obj.fn", "nil"];

describe("prototype-chain escapes are refused", () => {
  for (const name of FORBIDDEN_NAMES) {
    test.each(RECEIVERS)(`written in the policy: %s.${name}`, async (receiver) => {
      const o = await oso();
      const code = await codeOf(o.loadStr(`f(x) if x = ${receiver}.${name};`));
      expect(code).toBe("forbidden_lookup");
    });
  }

  test.each(RECEIVERS)("computed at run time: %s.(k)", async (receiver) => {
    const o = await oso();
    for (const name of ["constructor", "__proto__", "prototype"]) {
      expect(await codeOf(solve(o, `k = "${name}" and x = ${receiver}.(k)`))).toBe(
        "forbidden_lookup_runtime",
      );
    }
  });

  test.each(RECEIVERS)("as a method: %s.constructor(...)", async (receiver) => {
    const o = await oso();
    expect(await codeOf(o.loadStr(`f(x) if x = ${receiver}.constructor("return process");`))).toBe(
      "forbidden_lookup",
    );
  });

  test("a dict pattern cannot name them either", async () => {
    const o = await oso();
    expect(await codeOf(solve(o, "alice matches {constructor: User}"))).toBe("forbidden_lookup_runtime");
  });

  test("the classic escape to Function does not work", async () => {
    const o = await oso();
    const code = await codeOf(
      solve(o, 'k = "constructor" and f = obj.fn.(k) and f.call(nil, "return process") = g'),
    );
    expect(code).toBe("forbidden_lookup_runtime");
  });

  test("a dict key named __proto__ is just a key, and still cannot be looked up", async () => {
    const o = await oso();
    const [s] = await solve(o, "d = {__proto__: 1}");
    expect(Object.getOwnPropertyDescriptor(s?.d, "__proto__")?.value).toBe(1);
    expect(Object.getPrototypeOf(s?.d)).toBe(Dict.prototype);
    expect(await codeOf(solve(o, "d = {__proto__: 1} and d.__proto__ = x"))).toBe("forbidden_lookup_runtime");
  });
});

describe("a function cannot be run with a `this` of the policy's choosing", () => {
  // a sloppy-mode function called with `this` = nil runs with `globalThis`
  const sloppy = new Function("return this;");

  test.each(["call", "apply", "bind"])("f.%s(...) is refused", async (method) => {
    const o = await oso();
    o.registerConstant({ leak: sloppy }, "svc");
    expect(await codeOf(solve(o, `f = svc.leak and g = f.${method}(nil) and x = g.process`))).toBe(
      "forbidden_lookup_runtime",
    );
    expect(await codeOf(solve(o, `f = svc.leak and x = f.${method}`))).toBe("forbidden_lookup_runtime");
  });

  test("in a scan too", async () => {
    const o = await oso();
    o.registerConstant(sloppy, "leak");
    o.registerConstant(
      Array.from({ length: 10 }, () => ({ n: 1 })),
      "rows",
    );
    expect(await codeOf(solve(o, "r in rows and leak.call(r) = x"))).toBe("forbidden_lookup_runtime");
  });

  test("a method called on its own object still works", async () => {
    const o = await oso();
    expect(await solve(o, 'x = alice.greet() and y = "abc".toUpperCase()')).toEqual([
      { x: "hi alice", y: "ABC" },
    ]);
  });
});

describe("no globals", () => {
  test.each(["process", "globalThis", "require", "eval", "Function", "Object", "console", "Math"])(
    "%s is an ordinary (unbound) variable, not the global",
    async (name) => {
      const o = await oso();
      expect(await codeOf(solve(o, `x = ${name}.toString()`))).toBe("unsupported");
    },
  );

  test("registered constants are reachable, and only they", async () => {
    const o = await oso();
    o.registerConstant(Math, "Math");
    expect(await solve(o, "x = Math.max(1, 5)")).toEqual([{ x: 5 }]);
  });

  test("ordinary methods and fields still work", async () => {
    const o = await oso();
    expect(await solve(o, "x = alice.greet() and y = alice.name")).toEqual([{ x: "hi alice", y: "alice" }]);
  });
});

describe("the application cannot change the loaded policy", () => {
  // A policy's ground list and dict literals are compiled once and shared by every use of
  // the rule: what reaches the application is a copy.
  async function policy() {
    const o = quietOso({ ignoreNoAllowWarning: true });
    o.registerConstant(
      { grow: (xs: unknown[]) => xs.push(99), poke: (d: Dict) => Object.assign(d, { b: 2 }) },
      "h",
    );
    await o.loadStr("list(x) if x = [1, [2]];\ndict(d) if d = {a: 1};");
    return o;
  }

  test("a host method that mutates its argument", async () => {
    const o = await policy();
    await solve(o, "list(x) and _ = h.grow(x) and x = [_, y] and _ = h.grow(y)");
    await solve(o, "dict(d) and _ = h.poke(d)");
    expect(await solve(o, "list(x)")).toEqual([{ x: [1, [2]] }]);
    expect((await solve(o, "dict(d)"))[0]?.d).toEqual(new Dict([["a", 1]]));
  });

  test("a mutator of the literal itself is refused (decisions are read-only)", async () => {
    const o = await policy();
    await expect(solve(o, "list(x) and n = x.push(3)")).rejects.toMatchObject({ code: "read_only" });
    expect(await solve(o, "list(x) and n = x.concat([3])")).toEqual([{ x: [1, [2]], n: [1, [2], 3] }]);
    expect(await solve(o, "list(x)")).toEqual([{ x: [1, [2]] }]);
  });

  test("a query result the application changes", async () => {
    const o = await policy();
    const list = (await solve(o, "list(x)"))[0]!.x as unknown[];
    list.push(3);
    (list[1] as unknown[]).push(3);
    ((await solve(o, "dict(d)"))[0]!.d as Dict).z = 1;
    expect(await solve(o, "list(x)")).toEqual([{ x: [1, [2]] }]);
    expect((await solve(o, "dict(d)"))[0]?.d).toEqual(new Dict([["a", 1]]));
  });
});

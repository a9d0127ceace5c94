/**
 * Decisions where the compiled tier once answered differently from the interpreter (found
 * by an adversarial review), each run through `Oso` with the tier and with
 * `compiledDecisions: false`, with `isAllowed` and `isAllowedSync`: the four outcomes
 * (answer, or error code and message) must be the same. Where the interpreter errors,
 * the tier must have handed the decision over.
 */
import { describe, expect, test } from "vitest";
import { isPolarError } from "../../errors.js";
import { Oso, type OsoOptions } from "../../oso.js";
import { HIERARCHY_POLICY } from "../../test-helpers.js";
import type { CompiledTier } from "./tier.js";

type Args = [unknown, unknown, unknown];

function outcome(e: unknown): string {
  // the elapsed time of a timeout differs from run to run
  const message = (m: string) => m.replace(/running for \d+ms/, "running for (elapsed)");
  return isPolarError(e) ? `${e.code}: ${message(e.message)}` : `thrown: ${String(e)}`;
}

/**
 * Load `policy` twice (tier on, tier off), decide `args()` both ways, sync and async. The
 * arguments are made afresh per decision (getters may count or be slow).
 */
async function decideFourWays(
  policy: string,
  args: () => Args,
  options: OsoOptions = {},
  setup: (oso: Oso) => void = () => {},
) {
  const make = async (compiledDecisions: boolean) => {
    const oso = new Oso({ ...options, compiledDecisions, onWarning: () => {} });
    setup(oso);
    await oso.loadStr(policy);
    return oso;
  };
  const tierOn = await make(true);
  const tierOff = await make(false);
  const run = async (oso: Oso) => {
    let async: unknown;
    let sync: unknown;
    try {
      const [a, b, c] = args();
      async = await oso.isAllowed(a as never, b as never, c as never);
    } catch (e) {
      async = outcome(e);
    }
    try {
      const [a, b, c] = args();
      sync = oso.isAllowedSync(a as never, b as never, c as never);
    } catch (e) {
      sync = outcome(e);
    }
    return { async, sync };
  };
  const fast = await run(tierOn);
  const slow = await run(tierOff);
  const tier = (tierOn as unknown as { tier: CompiledTier | null }).tier;
  return { fast, slow, decided: tier?.counts.decided ?? 0 };
}

const busy = (ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // a slow getter
  }
};

describe("limits the interpreter enforces", () => {
  test("maxChoices: choice points of rules, `in` and `or` are counted", async () => {
    for (const policy of [
      "allow(_, _, _) if f(1) and f(2) and f(3); f(x) if x = 1; f(x) if x = 2; f(x) if x = 3; f(_);",
      "allow(_, _, _) if x in [1, 2, 3] and y in [1, 2, 3] and z in [1, 2, 3] and z = 3 and y = 3 and x = 3;",
      "allow(x, _, _) if (x = 2 or x = 1) and (x = 2 or x = 3) and (x = 2 or x = 4);",
    ]) {
      const r = await decideFourWays(policy, () => [2, "read", 3], { maxChoices: 2 });
      expect(r.slow.sync, policy).toMatch(/^stack_overflow: Too many choices/);
      expect(r.fast, policy).toEqual(r.slow);
    }
    // under the limit: decided by the tier
    const ok = await decideFourWays("allow(x, _, _) if x in [1, 2] and x = 2;", () => [2, "read", 3], {
      maxChoices: 2,
    });
    expect(ok).toEqual({ fast: { async: true, sync: true }, slow: { async: true, sync: true }, decided: 2 });
  });

  test("maxSteps: elements a list index skips are counted, as the interpreter counts them", async () => {
    class User {
      constructor(readonly roleAssignments: { name: string; resource: unknown }[]) {}
    }
    class Org {}
    class Repo {
      constructor(readonly org: Org) {}
    }
    class Issue {
      constructor(readonly repo: Repo) {}
    }
    const o1 = new Org();
    const issue = new Issue(new Repo(o1));
    // other roles: the index skips them without visiting
    const others = Array.from({ length: 10_000 }, () => ({ name: "guest", resource: new Repo(new Org()) }));
    const setup = (oso: Oso) => {
      for (const c of [User, Org, Repo, Issue]) oso.registerClass(c);
    };
    for (const extra of [[], [{ name: "owner", resource: o1 }]]) {
      const r = await decideFourWays(
        HIERARCHY_POLICY,
        () => [new User([...others, ...extra]), "read", issue],
        { maxSteps: 15_000 },
        setup,
      );
      expect(r.slow.async).toMatch(/^step_limit/);
      expect(r.fast).toEqual(r.slow);
    }
  });

  test("timeoutMs: a slow getter, read directly or by a list loop's pre-check", async () => {
    class Slow {
      get roles() {
        busy(40);
        return ["admin"];
      }
    }
    const direct = await decideFourWays('allow(u, _, _) if "admin" in u.roles;', () => [new Slow(), "r", 1], {
      timeoutMs: 20,
    });
    expect(direct.slow.sync).toMatch(/^query_timeout/);
    expect(direct.fast).toEqual(direct.slow);

    class SlowName {
      readonly resource = 1;
      get name() {
        busy(40);
        return "other";
      }
    }
    for (const items of [() => [new SlowName()], () => [new SlowName(), { name: "reader", resource: 1 }]]) {
      const r = await decideFourWays(
        'allow(u, _, r) if x in u.items and x matches {name: "reader", resource: r};',
        () => [{ items: items() }, "r", 1],
        { timeoutMs: 20 },
      );
      expect(r.slow.sync).toMatch(/^query_timeout/);
      expect(r.fast).toEqual(r.slow);
    }
  });

  test("timeoutMs: a long proof with no application code", async () => {
    // lists under 32 elements: the tier loops over them (longer ones go to the interpreter)
    const list = `[${Array.from({ length: 30 }, (_, i) => i).join(", ")}]`;
    const r = await decideFourWays(
      `allow(_, _, _) if x in ${list} and y in ${list} and z in ${list} and w in ${list} and x = 29 and y = 29 and z = 29 and w = 30;`,
      () => [1, "r", 2],
      { timeoutMs: 1 },
    );
    expect(r.slow.sync).toMatch(/^query_timeout/);
    expect(r.fast).toEqual(r.slow);
  });
});

describe("field reads and patterns as the interpreter does them", () => {
  test("a Proxy whose `has` denies a field its `get` answers: the field is missing", async () => {
    const lying = () => new Proxy({}, { get: () => 1, has: () => false });
    for (const policy of ["allow(x, _, _) if x.a = 1;", "allow(x, _, _) if x matches {a: 1};"]) {
      const r = await decideFourWays(policy, () => [lying(), "r", 1]);
      expect(r.fast, policy).toEqual(r.slow);
    }
    const r = await decideFourWays("allow(u, _, _) if x in u.items and x matches {a: 1};", () => [
      { items: [lying()] },
      "r",
      1,
    ]);
    expect(r.slow).toEqual({ async: false, sync: false });
    expect(r.fast).toEqual(r.slow);
  });

  test("a forbidden name in a pattern is an error, in a list loop and in specializers", async () => {
    class U {}
    const cases: [string, () => Args][] = [
      [
        "allow(u, _, _) if x in u.items and x matches {constructor: 1};",
        () => [{ items: [Object.create(null)] }, "r", 1],
      ],
      ["allow(_x: {constructor: 1}, _, _);", () => [{}, "r", 1]],
      ["allow(_x: {constructor: 1}, _, _);", () => [null, "r", 1]],
      ["allow(_x: U{constructor: 1}, _, _);", () => [new U(), "r", 1]],
      ["allow(x, _, _) if x matches {a: 1, constructor: 1};", () => [{ a: 1 }, "r", 1]],
    ];
    for (const [policy, args] of cases) {
      const r = await decideFourWays(policy, args, {}, (oso) => oso.registerClass(U));
      expect(r.slow.sync, policy).toMatch(/^forbidden_lookup_runtime/);
      expect(r.fast, policy).toEqual(r.slow);
    }
  });

  test("a pre-check never takes a Promise field for a match: the interpreter waits for it", async () => {
    const r = await decideFourWays(
      "allow(u, _, _) if p in u.ps and x in u.items and x matches {a: p, b: 1};",
      () => {
        const promise = Promise.resolve(5);
        return [{ ps: [promise], items: [{ a: promise }] }, "r", 1];
      },
    );
    expect(r.slow.sync).toMatch(/^async_in_sync/);
    expect(r.fast).toEqual(r.slow);
  });

  test("a list bound to a pattern's field is matched as a list, not by equality", async () => {
    class Key {
      equals(_other: unknown) {
        return true;
      }
    }
    const r = await decideFourWays(
      "allow(x, _, y) if l = y.l and x matches {k: l};",
      () => [{ k: new Key() }, "r", { l: [1] }],
      {},
      (oso) => oso.registerClass(Key),
    );
    expect(r.slow).toEqual({ async: false, sync: false });
    expect(r.fast).toEqual(r.slow);
  });

  test("equality is asked with the interpreter's operand order (an asymmetric equalityFn)", async () => {
    const equalityFn = (a: unknown, _b: unknown) => (a as { kind?: string } | null)?.kind === "admin";
    const admin = { kind: "admin" };
    const user = { kind: "user" };
    for (const [policy, args] of [
      ["allow(x, _, y) if x = y;", () => [admin, "r", user]],
      ["allow(x, _, y) if y = x;", () => [admin, "r", user]],
      ["allow(x, _, y) if x matches {f: y};", () => [{ f: user }, "r", admin]],
      ["allow(x, _, y) if x matches {f: y};", () => [{ f: admin }, "r", user]],
    ] as [string, () => Args][]) {
      const r = await decideFourWays(policy, args, { equalityFn });
      expect(r.fast, policy).toEqual(r.slow);
    }
  });
});

describe("outputs with a class specializer", () => {
  class A {}
  const throwingIsa = (oso: Oso) =>
    oso.registerClass(A, {
      isaCheck: (v: unknown) => {
        if (typeof v === "number") throw new Error("not for numbers");
        return v instanceof A;
      },
    });

  test("checked when bound, as the interpreter does, when the body could fail in between", async () => {
    for (const [policy, setup] of [
      ["allow(_, _, _) if f(_y); f(x: Zzz) if x = 1 and false;", () => {}],
      ["allow(_, _, _) if f(_y); f(x: A) if x = 1 and false;", throwingIsa],
      ["allow(_, _, _) if f(_y); f(x: A) if x = 1 and false; f(_);", throwingIsa],
      ["allow(_, _, _) if f(_y, 1); f(x: A, x) if false;", throwingIsa],
    ] as [string, (oso: Oso) => void][]) {
      const r = await decideFourWays(policy, () => [1, "r", 2], {}, setup);
      expect(r.slow.sync, policy).toMatch(/^(unregistered_class_runtime|application_error)/);
      expect(r.fast, policy).toEqual(r.slow);
    }
  });

  test("a value bound by the body's last goal is checked at the exit: decided by the tier", async () => {
    class Org {}
    class Repo {
      constructor(readonly org: unknown) {}
    }
    const setup = (oso: Oso) => {
      oso.registerClass(Org);
      oso.registerClass(Repo);
    };
    const policy = `allow(_, _, r: Repo) if parent(o, r) and o = o;
      parent(org: Org, repo: Repo) if repo.org = org;`;
    const yes = await decideFourWays(policy, () => [1, "r", new Repo(new Org())], {}, setup);
    expect(yes).toEqual({ fast: { async: true, sync: true }, slow: { async: true, sync: true }, decided: 2 });
    const no = await decideFourWays(policy, () => [1, "r", new Repo("not an org")], {}, setup);
    expect(no).toEqual({
      fast: { async: false, sync: false },
      slow: { async: false, sync: false },
      decided: 2,
    });
  });
});

test("NaN: a variable unifies with itself whatever it holds (the interpreter's variables)", async () => {
  for (const policy of [
    "allow(u, _, _) if x in u.items and x matches {name: n} and n = n;",
    "allow(u, _, _) if x in u.items and x matches {name: n} and n in [n];",
    "allow(u, _, _) if x in u.items and x.name = n and f(n, n); f(x, x);",
  ]) {
    const r = await decideFourWays(policy, () => [{ items: [{ name: Number.NaN }] }, "r", 1]);
    expect(r.fast, policy).toEqual(r.slow);
  }
});

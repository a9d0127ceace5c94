/**
 * Decisions over resources whose state is invisible to the default equality (a `#private`
 * id read through a getter): a role on one such resource must grant that one only, under
 * the built-in roles, resource blocks and plain rules alike. And the ways a class says how
 * it compares itself: an `equals` method, the `equals` registration option, `equalityFn`.
 */
import { describe, expect, test } from "vitest";
import { isPolarError } from "../errors.js";
import { quietOso } from "../test-helpers.js";
import { defaultEqualityFn } from "./equality.js";

class Doc {
  readonly #id: number;
  constructor(id: number) {
    this.#id = id;
  }
  get id(): number {
    return this.#id;
  }
}
class Role {
  constructor(
    readonly name: string,
    readonly resource: Doc,
  ) {}
}
class User {
  constructor(
    readonly name: string,
    readonly roles: Role[],
  ) {}
  get_roles(): Role[] {
    return this.roles;
  }
}

// 10 documents, 10 users; user u is a reader of the documents d with (u * 3 + d) % 7 === 0
const docs = Array.from({ length: 10 }, (_, i) => new Doc(i));
const users = Array.from(
  { length: 10 },
  (_, u) =>
    new User(
      `u${u}`,
      docs.filter((d) => (u * 3 + d.id) % 7 === 0).map((d) => new Role("reader", d)),
    ),
);
const truth = (u: User, d: Doc) => u.roles.some((r) => r.resource === d);

const POLICIES = {
  "plain rules": `
    allow(user: User, "read", doc: Doc) if role in user.roles and role.name = "reader" and role.resource = doc;`,
  "resource blocks": `
    actor User {}
    resource Doc { permissions = ["read"]; roles = ["reader"]; "read" if "reader"; }
    has_role(user: User, name: String, doc: Doc) if
      role in user.roles and role.name = name and role.resource = doc;
    allow(actor, action, resource) if has_permission(actor, action, resource);`,
  enableRoles: `
    allow(actor, action, resource) if role_allow(actor, action, resource);
    actor_role(actor, role) if role in actor.get_roles();
    resource(_type: Doc, "doc", actions, roles) if
      actions = ["read"] and roles = { reader: { permissions: ["read"] } };`,
};

describe("resources whose state is all #private", () => {
  test.each(Object.keys(POLICIES) as (keyof typeof POLICIES)[])(
    "%s: all 100 decisions match the role assignments",
    async (kind) => {
      const oso = quietOso();
      oso.registerClass(User);
      oso.registerClass(Doc);
      if (kind === "enableRoles") await oso.enableRoles();
      await oso.loadStr(POLICIES[kind]);
      let allowed = 0;
      for (const u of users) {
        for (const d of docs) {
          const got = await oso.isAllowed(u, "read", d);
          expect(got, `${u.name} read doc ${d.id}`).toBe(truth(u, d));
          if (got) allowed++;
        }
      }
      // the ground truth has both answers in it
      expect(allowed).toBeGreaterThan(5);
      expect(allowed).toBeLessThan(50);
    },
  );
});

describe("the default equality", () => {
  class Row {
    constructor(
      readonly id: number,
      readonly title: string,
    ) {}
  }
  class Empty {}
  class Counter {
    #n = 0;
    get n() {
      return this.#n;
    }
  }

  test("two copies of the same database row, loaded separately, are equal", async () => {
    const oso = quietOso();
    oso.registerClass(Row);
    oso.registerConstant(new Row(1, "a"), "row");
    await oso.loadStr('allow(_u, "read", r: Row) if r = row;');
    expect(await oso.isAllowed("u", "read", new Row(1, "a"))).toBe(true);
    expect(await oso.isAllowed("u", "read", new Row(2, "a"))).toBe(false);
    expect(await oso.isAllowed("u", "read", new Row(1, "b"))).toBe(false);
  });

  test.each([
    ["instances with no own fields", new Counter(), new Counter(), false],
    ["instances of an empty class", new Empty(), new Empty(), false],
    ["plain objects with no fields", {}, {}, true],
    ["null-prototype objects with the same fields", nullProto({ a: 1 }), nullProto({ a: 1 }), true],
    ["null-prototype and plain objects", nullProto({ a: 1 }), { a: 1 }, false],
    ["arrays of #private objects", [new Doc(1)], [new Doc(1)], false],
    ["arrays of rows", [new Row(1, "a")], [new Row(1, "a")], true],
    ["Maps by contents", new Map([["k", new Row(1, "a")]]), new Map([["k", new Row(1, "a")]]), true],
    ["Maps holding #private objects", new Map([["k", new Doc(1)]]), new Map([["k", new Doc(1)]]), false],
    ["Sets by members", new Set([1, 2]), new Set([2, 1]), true],
    ["Dates by time", new Date(5), new Date(5), true],
    ["Dates of different times", new Date(5), new Date(6), false],
    ["a boxed number and its value", new Number(1), 1, true],
    ["a boxed string and its value", new String("a"), "a", true],
    ["boxed numbers", new Number(1), new Number(2), false],
    ["a boxed number and a string", new Number(1), "1", false],
  ])("%s: %o vs %o -> %s", (_what, a, b, expected) => {
    expect(defaultEqualityFn(a, b)).toBe(expected);
    expect(defaultEqualityFn(b, a)).toBe(expected);
  });

  test("an object is equal to itself whatever it holds", () => {
    const c = new Counter();
    expect(defaultEqualityFn(c, c)).toBe(true);
    expect(defaultEqualityFn(docs[0], docs[0])).toBe(true);
  });

  test("an equals method decides, with its own object as this, and only for objects", () => {
    const calls: unknown[] = [];
    class Key {
      readonly #k: string;
      constructor(k: string) {
        this.#k = k;
      }
      equals(other: unknown): boolean {
        calls.push(this);
        return other instanceof Key && other.#k === this.#k;
      }
    }
    const a = new Key("a");
    expect(defaultEqualityFn(a, new Key("a"))).toBe(true);
    expect(defaultEqualityFn(a, new Key("b"))).toBe(false);
    expect(calls[0]).toBe(a);
    // asked from the other side too
    expect(defaultEqualityFn({ x: 1 }, new Key("a"))).toBe(false);
    expect(calls).toHaveLength(3);
    // never handed a function, never read from a plain object's own member
    expect(defaultEqualityFn(a, () => true)).toBe(false);
    expect(defaultEqualityFn({ equals: () => true }, { equals: () => true })).toBe(false);
    expect(calls).toHaveLength(3);
    // an own `equals` field is data; the class's method still decides
    const shadowed = Object.assign(new Key("a"), { equals: () => false });
    expect(defaultEqualityFn(shadowed, new Key("a"))).toBe(true);
    // a getter named equals is not run
    class Getter {
      constructor(readonly id: number) {}
      get equals(): never {
        throw new Error("ran");
      }
    }
    expect(defaultEqualityFn(new Getter(1), new Getter(1))).toBe(true);
  });

  test("an equals method decides in a policy", async () => {
    class Token {
      readonly #id: number;
      constructor(id: number) {
        this.#id = id;
      }
      equals(other: unknown): boolean {
        return other instanceof Token && other.#id === this.#id;
      }
    }
    const oso = quietOso();
    oso.registerClass(Token);
    oso.registerConstant(new Token(1), "granted");
    await oso.loadStr('allow(_u, "use", t: Token) if t = granted;');
    expect(await oso.isAllowed("u", "use", new Token(1))).toBe(true);
    expect(await oso.isAllowed("u", "use", new Token(2))).toBe(false);
  });
});

describe("registerClass(C, { equals })", () => {
  class Item {
    readonly #sku: string;
    constructor(sku: string) {
      this.#sku = sku;
    }
    get sku(): string {
      return this.#sku;
    }
  }
  class SubItem extends Item {}
  const bySku = (a: unknown, b: unknown) => b instanceof Item && (a as Item).sku === b.sku;

  test("decides for the class and its subclasses, from either side", async () => {
    const oso = quietOso({ ignoreNoAllowWarning: true });
    oso.registerClass(Item, { equals: bySku });
    oso.registerConstant(new Item("x"), "granted");
    await oso.loadStr("same(a, b) if a = b; differ(a, b) if a != b;");
    const ask = async (rule: string, a: unknown, b: unknown) => {
      for await (const _ of oso.queryRule(rule, a, b)) return true;
      return false;
    };
    expect(await ask("same", new Item("x"), new Item("x"))).toBe(true);
    expect(await ask("same", new Item("x"), new Item("y"))).toBe(false);
    expect(await ask("same", new SubItem("x"), new Item("x"))).toBe(true);
    expect(await ask("same", { sku: "x" }, new Item("x"))).toBe(false);
    expect(await ask("differ", new Item("x"), new Item("y"))).toBe(true);
    expect(await ask("differ", new Item("x"), new Item("x"))).toBe(false);
  });

  test("takes precedence over an equals method and the equalityFn option", async () => {
    class Both {
      constructor(readonly id: number) {}
      equals(): boolean {
        return true;
      }
    }
    const oso = quietOso({ ignoreNoAllowWarning: true, equalityFn: () => true });
    oso.registerClass(Both, { equals: (a, b) => b instanceof Both && (a as Both).id === b.id });
    await oso.loadStr("same(a, b) if a = b;");
    const rows = [];
    for await (const s of oso.queryRule("same", new Both(1), new Both(2))) rows.push(s);
    expect(rows).toHaveLength(0);
  });

  test("is never handed a function value, nor is equalityFn", async () => {
    const seen: unknown[] = [];
    const oso = quietOso({
      ignoreNoAllowWarning: true,
      equalityFn: (a, b) => {
        seen.push(a, b);
        return true;
      },
    });
    oso.registerClass(Item, {
      equals: (a, b) => {
        seen.push(a, b);
        return true;
      },
    });
    oso.registerConstant(new Item("x"), "item");
    oso.registerConstant(() => 1, "fn");
    await oso.loadStr("same(a, b) if a = b;");
    const rows = [];
    for await (const s of oso.query('item = fn or fn = item or fn = new Item("y").sku or item = item'))
      rows.push(s);
    expect(rows).toHaveLength(1);
    expect(seen.some((v) => typeof v === "function")).toBe(false);
  });

  test("must be a function, checked at the call", () => {
    const oso = quietOso();
    const e = (() => {
      try {
        oso.registerClass(Item, { equals: "sku" as never });
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(isPolarError(e) && e.code).toBe("invalid_argument");
    expect((e as Error).message).toMatch(/`equals` must be a function/);
  });
});

describe("the equalityFn option", () => {
  test("still replaces the default (identity here)", async () => {
    class Row {
      constructor(readonly id: number) {}
    }
    const oso = quietOso({ ignoreNoAllowWarning: true, equalityFn: (a, b) => a === b });
    await oso.loadStr("same(a, b) if a = b;");
    const rows = [];
    for await (const s of oso.queryRule("same", new Row(1), new Row(1))) rows.push(s);
    expect(rows).toHaveLength(0);
  });
});

function nullProto(fields: Record<string, unknown>): object {
  return Object.assign(Object.create(null), fields);
}

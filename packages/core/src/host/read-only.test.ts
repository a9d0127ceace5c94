/**
 * Decisions are read-only: the built-in mutators of arrays, Maps, Sets, Dates, typed arrays
 * (and the mutating statics of Object and Reflect, when an application registers them) are
 * refused; the application's own methods stay callable.
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
}

class Roles extends Set<string> {
  /** The application's own mutator: callable from a policy, by the application's choice. */
  grant(role: string) {
    this.add(role);
    return true;
  }
}

class Tags extends Array<string> {}

function state() {
  return {
    admins: ["root"],
    map: new Map([["a", 1]]),
    set: new Set(["a"]),
    weakMap: new WeakMap<object, number>(),
    weakSet: new WeakSet<object>(),
    date: new Date(0),
    bytes: new Uint8Array([3, 2, 1]),
    view: new DataView(new ArrayBuffer(4)),
    tags: Tags.from(["b", "a"]) as Tags,
    roles: new Roles(["viewer"]),
    key: new User("k"),
  };
}

async function policyWith(s: ReturnType<typeof state>) {
  const o = quietOso({ ignoreNoAllowWarning: true });
  o.registerClass(User);
  for (const [name, value] of Object.entries(s)) o.registerConstant(value, name);
  o.registerConstant(Object, "Obj");
  o.registerConstant(Reflect, "Refl");
  return o;
}

const MUTATIONS: string[] = [
  'admins.push("mallory")',
  "admins.pop()",
  "admins.shift()",
  'admins.unshift("mallory")',
  'admins.splice(0, 1, "mallory")',
  'admins.fill("mallory")',
  "admins.copyWithin(0, 0)",
  "admins.sort()",
  "admins.reverse()",
  'tags.push("c")',
  "tags.sort()",
  'map.set("b", 2)',
  'map.delete("a")',
  "map.clear()",
  'set.add("b")',
  'set.delete("a")',
  "set.clear()",
  "weakMap.set(key, 1)",
  "weakMap.delete(key)",
  "weakSet.add(key)",
  "weakSet.delete(key)",
  "date.setFullYear(2000)",
  "date.setTime(1)",
  "date.setUTCHours(3)",
  "bytes.fill(0)",
  "bytes.set([9])",
  "bytes.sort()",
  "bytes.reverse()",
  "bytes.copyWithin(0, 1)",
  "view.setInt8(0, 1)",
  "view.setFloat64(0, 1)",
  'Obj.assign(key, {name: "mallory"})',
  'Obj.defineProperty(key, "name", {value: "mallory"})',
  "Obj.setPrototypeOf(key, nil)",
  "Obj.freeze(admins)",
  'Refl.set(key, "name", "mallory")',
  'Refl.deleteProperty(key, "name")',
  "[1].push(2)",
];

describe("a policy cannot change application state", () => {
  test.each(MUTATIONS)("%s is refused", async (call) => {
    const s = state();
    const before = JSON.stringify({ ...s, date: s.date.getTime(), bytes: [...s.bytes] });
    const o = await policyWith(s);
    const e = await failure(solve(o, `_ = ${call}`));
    expect(e.code).toBe("read_only");
    expect(e.line).toBe(1);
    expect(JSON.stringify({ ...s, date: s.date.getTime(), bytes: [...s.bytes] })).toBe(before);
    expect(s.admins).toEqual(["root"]);
    expect([...s.map]).toEqual([["a", 1]]);
    expect([...s.set]).toEqual(["a"]);
    expect(s.key.name).toBe("k");
    expect(Object.getPrototypeOf(s.key)).toBe(User.prototype);
    expect(s.view.getInt8(0)).toBe(0);
    expect(s.weakSet.has(s.key)).toBe(false);
    expect(s.weakMap.has(s.key)).toBe(false);
  });

  test("a rule that pushes to a list of admins cannot turn a deny into an allow", async () => {
    const s = state();
    const o = quietOso();
    o.registerConstant(s.admins, "ADMINS");
    await o.loadStr(`
      allow(u, "grant", _) if _ = ADMINS.push(u) and false;
      allow(u, "read", _) if u in ADMINS;`);
    await expect(o.isAllowed("mallory", "grant", "x")).rejects.toMatchObject({ code: "read_only" });
    expect(o.isAllowedSync("mallory", "read", "x")).toBe(false);
    expect(s.admins).toEqual(["root"]);
  });

  test("in a list scan too (the pre-checked path)", async () => {
    const lists = Array.from({ length: 20 }, () => ["a"]);
    const o = quietOso({ ignoreNoAllowWarning: true });
    o.registerConstant(lists, "lists");
    const e = await failure(solve(o, 'l in lists and l.push("b") = 2'));
    expect(e.code).toBe("read_only");
    expect(lists.every((l) => l.length === 1)).toBe(true);
    // elements that are application objects are pre-checked by direct calls: still refused
    const maps = Array.from({ length: 20 }, () => new Map([["a", 1]]));
    o.registerConstant(maps, "maps");
    const e2 = await failure(solve(o, 'm in maps and m.delete("a")'));
    expect(e2.code).toBe("read_only");
    expect(maps.every((m) => m.size === 1)).toBe(true);
  });

  test("reading methods, the application's own mutators and immutable copies work", async () => {
    const s = state();
    const o = await policyWith(s);
    const [r] = await solve(
      o,
      'a = admins.includes("root") and b = map.get("a") and c = set.has("a") and y = date.getUTCFullYear() and ' +
        't = tags.toSorted() and ok = roles.grant("editor") and k = Obj.keys(key)',
    );
    expect(r).toEqual({ a: true, b: 1, c: true, y: 1970, t: ["a", "b"], ok: true, k: ["name"] });
    expect([...s.roles]).toEqual(["viewer", "editor"]);
    expect([...s.tags]).toEqual(["b", "a"]);
  });
});

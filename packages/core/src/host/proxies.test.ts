/**
 * Exotic arguments: revoked Proxies and Proxies whose traps throw, passed as the actor or
 * the resource to every public decision API, raise PolarErrors with a code (never a raw
 * TypeError), and never allow.
 */
import { describe, expect, test } from "vitest";
import { isPolarError } from "../errors.js";
import { Oso } from "../oso.js";

class User {
  constructor(public name: string) {}
}

const boom = () => {
  throw new TypeError("trap");
};

function proxies(): [string, () => object][] {
  const target = new User("alice");
  return [
    [
      "revoked",
      () => {
        const { proxy, revoke } = Proxy.revocable(target, {});
        revoke();
        return proxy;
      },
    ],
    ["throwing get", () => new Proxy(target, { get: boom })],
    ["throwing has", () => new Proxy(target, { has: boom })],
    ["throwing getPrototypeOf", () => new Proxy(target, { getPrototypeOf: boom })],
    ["throwing ownKeys", () => new Proxy(target, { ownKeys: boom })],
    [
      "every trap throwing",
      () =>
        new Proxy(target, {
          get: boom,
          has: boom,
          getPrototypeOf: boom,
          ownKeys: boom,
          getOwnPropertyDescriptor: boom,
        }),
    ],
  ];
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

type Api = (o: Oso, actor: unknown, resource: unknown) => unknown;

const APIS: [string, Api][] = [
  ["isAllowed", (o, a, r) => o.isAllowed(a, "read", r)],
  ["isAllowedSync", (o, a, r) => o.isAllowedSync(a, "read", r)],
  ["authorize", (o, a, r) => o.authorize(a, "read", r)],
  ["authorizeSync", (o, a, r) => o.authorizeSync(a, "read", r)],
  ["authorizeMaybeSync", (o, a, r) => o.authorizeMaybeSync(a, "read", r)],
  ["authorizedActions", (o, a, r) => o.authorizedActions(a, r)],
  ["authorizeField", (o, a, r) => o.authorizeField(a, "read", r, "name")],
  ["authorizedFields", (o, a, r) => o.authorizedFields(a, "read", r)],
  ["authorizeRequest", (o, a) => o.authorizeRequest(a, { path: "/" })],
  ["queryRuleOnce", (o, a, r) => o.queryRuleOnce("allow", a, "read", r)],
  ["queryRuleOnceSync", (o, a, r) => o.queryRuleOnceSync("allow", a, "read", r)],
  ["queryRule", (o, a, r) => all(o.queryRule("allow", a, "read", r))],
  ["queryRuleSync", (o, a, r) => [...o.queryRuleSync("allow", a, "read", r)]],
  ["query with bindings", (o, a, r) => all(o.query('allow(a, "read", r)', { bindings: { a, r } }))],
  ["querySync with bindings", (o, a, r) => [...o.querySync('allow(a, "read", r)', { bindings: { a, r } })]],
];

async function outcome(f: () => unknown): Promise<unknown> {
  try {
    return await f();
  } catch (e) {
    return e;
  }
}

async function policy() {
  const o = new Oso({ onWarning: () => {} });
  o.registerClass(User);
  await o.loadStr(`
    allow(u: User, "read", r: User) if u.name = r.name;
    allow(u, "read", r) if u = r;
    allow_field(u: User, "read", _r: User, "name") if u.name = "alice";
    allow_request(u: User, _) if u.name = "alice";`);
  return o;
}

describe("a Proxy that refuses to be read is a PolarError, never a raw TypeError", () => {
  for (const [api, call] of APIS) {
    test.each(proxies())(`${api}: %s, as the actor and as the resource`, async (name, make) => {
      // a Proxy whose other traps work can still be decided on; one that refuses everything cannot
      const mustFail = name === "revoked" || name === "every trap throwing";
      const o = await policy();
      // authorizeRequest takes no resource
      const arrangements = [[make(), new User("alice")]];
      if (api !== "authorizeRequest") arrangements.push([new User("alice"), make()]);
      for (const [actor, resource] of arrangements) {
        const r = await outcome(() => call(o, actor, resource));
        if (mustFail || r instanceof Error) expect(isPolarError(r), `${api} gave ${String(r)}`).toBe(true);
      }
      // the Oso still decides afterwards
      expect(await o.isAllowed(new User("alice"), "read", new User("alice"))).toBe(true);
    });
  }
});

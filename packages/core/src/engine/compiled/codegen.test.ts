/**
 * The compiled tier without code generation (as under a Content Security Policy that
 * refuses `new Function`): the closures that stand in for the generated readers, prechecks
 * and per-site copies give the same decisions, and nothing is generated.
 */
import { afterEach, describe, expect, test } from "vitest";
import { Oso } from "../../oso.js";
import { HIERARCHY_POLICY, Issue, Org, Repo } from "../../test-helpers.js";
import { codeGeneration } from "./codegen.js";
import { copiesMade, instantiate } from "./instances.js";
import type { CompiledTier } from "./tier.js";

// field names no other test uses: their readers are made here, with generation off
class Member {
  constructor(readonly cgName: string) {}
}
class User {
  constructor(
    readonly name: string,
    readonly roleAssignments: { name: string; resource: unknown }[],
    readonly cgRoles: string[] = [],
  ) {}
}

afterEach(() => {
  codeGeneration.allowed = true;
});

async function decisions(allowed: boolean) {
  codeGeneration.allowed = allowed;
  const oso = new Oso();
  for (const c of [User, Org, Repo, Issue, Member]) oso.registerClass(c);
  await oso.loadStr(
    `${HIERARCHY_POLICY}
    allow(u: User, "cg", m: Member) if m.cgName in u.cgRoles;`,
  );
  const o1 = new Org("o1");
  const r1 = new Repo("r1", o1);
  const i1 = new Issue("i1", r1);
  const many = Array.from({ length: 100 }, (_, k) => ({ name: "reader", resource: new Repo(`x${k}`, o1) }));
  const answers = [
    await oso.isAllowed(new User("o", [{ name: "owner", resource: o1 }]), "read", i1),
    await oso.isAllowed(new User("r", [...many, { name: "reader", resource: r1 }]), "read", i1),
    await oso.isAllowed(new User("d", many), "read", new Issue("i2", new Repo("r2", new Org("o2")))),
    await oso.isAllowed(new User("c", [], ["x"]), "cg", new Member("x")),
    await oso.isAllowed(new User("c", [], ["y"]), "cg", new Member("x")),
  ];
  const tier = (oso as unknown as { tier: CompiledTier }).tier;
  return { answers, counts: { ...tier.counts } };
}

describe("the compiled tier without code generation", () => {
  test("decides as with it, and generates nothing", async () => {
    const factory = function probe(x: number) {
      return x;
    };
    const before = copiesMade(factory);
    codeGeneration.allowed = false;
    expect(instantiate(factory)).toBe(factory);
    expect(copiesMade(factory)).toBe(before);

    const without = await decisions(false);
    const withIt = await decisions(true);
    expect(without.answers).toEqual([true, true, false, true, false]);
    expect(without).toEqual(withIt);
    expect(without.counts).toEqual({ decided: 5, undecided: 0, skipped: 0 });
  });
});

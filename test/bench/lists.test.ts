/**
 * The lists benchmark's world and subjects (issue 9), on a small world: every way of
 * listing finds the same repositories, the user is allowed about 1% of them, and the
 * scenario's options are checked. Nothing is timed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  handWrittenSubject,
  legacySubject,
  osoTsSubject,
  perRowSubject,
} from "../../bench/src/lists/subjects.js";
import { createWorld, type World } from "../../bench/src/lists/world.js";
import { checkArgs } from "../../bench/src/lists.js";

const ids = (xs: readonly { id: number }[]) => xs.map((x) => x.id).sort((a, b) => a - b);

describe("lists benchmark", () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(2_000);
  });
  afterAll(async () => {
    await world.close();
  });

  it("allows the user about 1% of the repositories, through organizations and directly", async () => {
    const found = ids(await handWrittenSubject(world).list());
    expect(found.length).toBeGreaterThanOrEqual(20);
    expect(found.length).toBeLessThanOrEqual(40);
    // org 1's repositories 1-10 (member), and reader of 100, 300, ...
    expect(found).toEqual(expect.arrayContaining([1, 10, 100, 300]));
    expect(found).not.toContain(11);
  });

  it("finds the same repositories with oso-ts's and oso@0.27.3's data filtering and per-row isAllowed", async () => {
    const expected = ids(await handWrittenSubject(world).list());
    expect(ids(await (await legacySubject(world)).list())).toEqual(expected);
    expect(ids(await (await perRowSubject(world)).list())).toEqual(expected);
    // oso-ts's authorizedResources: User's own `orgRoles = []` must not hide the Relation's rows
    expect(ids(await (await osoTsSubject(world)).list())).toEqual(expected);
  });

  it("takes --sizes and --runs, and nothing else", () => {
    expect(() => checkArgs(["--sizes=1000,10000", "--runs=3"])).not.toThrow();
    for (const bad of ["--sizes=", "--sizes=10,x", "--runs=0", "--fast", "--sizes=0"]) {
      expect(() => checkArgs([bad]), bad).toThrow(/lists/);
    }
  });
});

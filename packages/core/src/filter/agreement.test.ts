/**
 * The invariant of data filtering: for random worlds (hostile strings included), every
 * actor, action and class, `authorizedResources` through the in-memory adapter returns
 * exactly the rows `isAllowed` allows.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { quietOso } from "../test-helpers.js";
import { arrayAdapter } from "./array-adapter.js";
import {
  CASES,
  EXAMPLE_CASES,
  loadCase,
  registerFixtures,
  richWorld,
  type World,
  worldArb,
} from "./fixtures.js";
import { Pending, PList, PVar } from "./partial-terms.js";
import { SymColumn, SymMany, SymRow } from "./residual.js";
import { type Datum, type Filter, isValueRelation } from "./types.js";

describe.each([...CASES, ...EXAMPLE_CASES])("$name", (c) => {
  // with and without relations from a value (the actor's "many" Relations as subqueries)
  test.each([true, false])(
    "authorizedResources = the rows isAllowed allows (subqueries: %s)",
    async (subqueries) => {
      const oso = quietOso();
      registerFixtures(oso);
      await loadCase(oso, c);
      let world: World | null = null;
      let valueFilters = 0;
      // every action must be seen allowed on some row and denied on another, or the test proves little
      const seen = new Map(c.actions.map((a) => [a, { allowed: 0, denied: 0 }]));
      const rows = arrayAdapter((type) => world![type as keyof World]);
      // every filter goes through its shape check on the way to the adapter
      oso.setDataFilteringAdapter({
        buildQuery: (filter) => {
          checkShape(filter);
          if (filter.relations.some(isValueRelation)) {
            expect(subqueries).toBe(true);
            valueFilters++;
          }
          return rows.buildQuery(filter);
        },
        executeQuery: (q) => rows.executeQuery(q),
        capabilities: subqueries ? rows.capabilities : undefined,
      });
      await fc.assert(
        fc.asyncProperty(worldArb, async (w) => {
          world = w;
          for (const user of w.User) {
            for (const cls of c.classes) {
              for (const action of c.actions) {
                const rows = w[cls] as { id: number }[];
                const expected: number[] = [];
                for (const row of rows) {
                  const allowed = await oso.isAllowed(user, action, row);
                  if (allowed) expected.push(row.id);
                  seen.get(action)![allowed ? "allowed" : "denied"]++;
                }
                const got = (await oso.authorizedResources(user, action, cls)) as { id: number }[];
                expect({ user: user.id, cls, action, ids: got.map((r) => r.id) }).toEqual({
                  user: user.id,
                  cls,
                  action,
                  ids: expected,
                });
              }
            }
          }
        }),
        // the hand-made world first: every action is seen both allowed and denied
        { numRuns: 40, examples: [[richWorld()]] },
      );
      // the fixture with the actor's many Relations exercises the relations from a value
      if (c.name === "many Relations of the actor") expect(valueFilters > 0).toBe(subqueries);
      for (const [action, n] of seen) {
        expect({ action, allowed: n.allowed > 0, denied: n.denied > 0 }).toEqual({
          action,
          allowed: true,
          denied: true,
        });
      }
    },
  );
});

/** Oso's shape, no field but the documented ones, and no evaluator internals among the values. */
function checkShape(f: Filter): void {
  const internal = (v: unknown) =>
    [PVar, PList, Pending, SymRow, SymColumn, SymMany].some((c) => v instanceof c);
  const datum = (d: Datum) => {
    const keys = Object.keys(d).sort();
    if ("value" in d) {
      expect(keys).toEqual(["value"]);
      expect(internal(d.value)).toBe(false);
    } else {
      expect(keys.every((k) => ["alias", "fieldName", "typeName"].includes(k))).toBe(true);
      expect(f.types.has(d.typeName)).toBe(true);
    }
  };
  expect(f.types.has(f.model)).toBe(true);
  for (const r of f.relations) expect(f.types.get(r.fromTypeName)?.fields.has(r.fromFieldName)).toBe(true);
  for (const conds of f.conditions) {
    for (const c of conds) {
      datum(c.lhs);
      if (c.cmp === "In") checkShape(c.rhs.closure.base);
      else datum(c.rhs);
    }
  }
}

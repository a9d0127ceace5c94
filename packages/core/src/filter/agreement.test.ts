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

describe.each([...CASES, ...EXAMPLE_CASES])("$name", (c) => {
  test("authorizedResources = the rows isAllowed allows", async () => {
    const oso = quietOso();
    registerFixtures(oso);
    await loadCase(oso, c);
    let world: World | null = null;
    // every action must be seen allowed on some row and denied on another, or the test proves little
    const seen = new Map(c.actions.map((a) => [a, { allowed: 0, denied: 0 }]));
    oso.setDataFilteringAdapter(arrayAdapter((type) => world![type as keyof World]));
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
    for (const [action, n] of seen) {
      expect({ action, allowed: n.allowed > 0, denied: n.denied > 0 }).toEqual({
        action,
        allowed: true,
        denied: true,
      });
    }
  });
});

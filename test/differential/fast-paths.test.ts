/**
 * The differential test mode over the case tables: every case runs through oso-ts with its
 * fast paths on and with all of them off (packages/core/src/engine/fast-paths.ts), and the
 * normalized outcomes (answers in order, bindings, errors, printed output) must be equal.
 */
import { describe, expect, test } from "vitest";
import { NO_FAST_PATHS, withFastPaths } from "../../packages/core/src/engine/fast-paths.js";
import { GROUPS } from "./cases/index.js";
import { DIFFERENCES } from "./differences.js";
import { candidate, run } from "./engines.js";
import { caseTitle } from "./types.js";

const ALL = [...GROUPS.flatMap((g) => g.cases), ...DIFFERENCES.map((d) => d.case)];

describe("oso-ts with and without its fast paths", () => {
  test.each(ALL.map((c) => [caseTitle(c), c] as const))("%s", async (_name, c) => {
    const slow = await withFastPaths(NO_FAST_PATHS, () => run(candidate, c));
    const fast = await run(candidate, c);
    expect(fast).toEqual(slow);
  });
});

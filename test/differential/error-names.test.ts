/**
 * Error names: an oso-ts error of a kind Oso's core has carries Oso's `name`
 * (`ParseError::UnrecognizedEOF`), so code that switches on `e.name` behaves the same, while
 * `instanceof` and `code` keep working. The main tables compare these names too (see
 * errors.ts); here the same failures run through both engines and the names are compared
 * directly, and the name table is checked against the differential mapping.
 */
import {
  ERROR_CODES,
  OSO_ERROR_NAMES,
  ParseError,
  type PolarError,
  RuntimeError,
  Oso as TsOso,
  ValidationError,
} from "@oso-ts/core";
import { Oso as RefOso } from "oso";
import { describe, expect, test } from "vitest";
import { CODE_TO_OSO } from "./errors.js";

/** What loading `policy` and then running `query` threw, on a fresh Oso. */
async function thrown(
  oso: { loadStr(t: string): Promise<void>; query(q: string): AsyncIterable<unknown> },
  policy: string,
  query?: string,
): Promise<unknown> {
  try {
    await oso.loadStr(policy);
    if (query !== undefined) for await (const _ of oso.query(query));
  } catch (e) {
    return e;
  }
  return undefined;
}

const CASES: [policy: string, query: string | undefined, cls: typeof PolarError][] = [
  ["f(x) if x = 1 and g", undefined, ParseError],
  ["1", undefined, ParseError],
  ["f(x);", undefined, ValidationError],
  ["f(x) if g(x);", undefined, ValidationError],
  ["f(1);", 'x = 1 + "a"', RuntimeError],
  ["f(1);", "x = 1 mod 0", RuntimeError],
  ["f(1);", "undefined_rule(1)", RuntimeError],
  ["f(1);", "", ParseError],
];

describe("error names match Oso's", () => {
  test.each(CASES)("%j then %j", async (policy, query, cls) => {
    const previous = process.env.POLAR_IGNORE_NO_ALLOW_WARNING;
    process.env.POLAR_IGNORE_NO_ALLOW_WARNING = "1";
    const ref = new RefOso();
    if (previous === undefined) delete process.env.POLAR_IGNORE_NO_ALLOW_WARNING;
    else process.env.POLAR_IGNORE_NO_ALLOW_WARNING = previous;
    const expected = (await thrown(ref, policy, query)) as Error;
    ref.free();
    const actual = await thrown(
      new TsOso({ onWarning: () => {}, ignoreNoAllowWarning: true }),
      policy,
      query,
    );
    expect(expected.name).toMatch(/::/);
    expect(actual).toBeInstanceOf(cls);
    expect((actual as PolarError).name).toBe(expected.name);
    expect((actual as PolarError).code).toBe(
      Object.entries(OSO_ERROR_NAMES).find(([, n]) => n === expected.name)?.[0],
    );
  });

  test("every code has an Oso counterpart in the mapping, and Oso's own names are overridden only for the limits", () => {
    for (const code of Object.keys(ERROR_CODES) as (keyof typeof ERROR_CODES)[]) {
      const mapped = CODE_TO_OSO[code];
      expect(mapped, code).not.toMatch(/^oso-ts:unnamed:/);
      const name = OSO_ERROR_NAMES[code];
      // the limits share one category in the tables
      if (name !== undefined) expect(mapped === name || mapped === "limit", code).toBe(true);
    }
  });
});

/**
 * Random filters over the world (repositories, their organization, their issues), with
 * hostile values, answered by the adapter on every dialect and by a reference evaluator
 * written from the Filter contract in JavaScript: they must agree on every filter.
 *
 * Strings are compared with Eq/Neq only: their order is the database's collation, not
 * JavaScript's (see the README).
 */
import type { Datum, FilterComparison, FilterCondition, FilterRelation } from "@oso-ts/core";
import { type KyselyAdapter, kyselyAdapter } from "@oso-ts/kysely";
import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import { describeEachDialect } from "./dialects.js";
import { createWorld, filter, HOSTILE, ids, NUL_NAME, OPTIONS, type World, world } from "./world.js";

type Row = Record<string, unknown>;
type Field = { alias: "Repo" | "Org" | "Issue"; field: string; kind: "string" | "number" | "boolean" };

const FIELDS: Field[] = [
  { alias: "Repo", field: "id", kind: "number" },
  { alias: "Repo", field: "name", kind: "string" },
  { alias: "Repo", field: "stars", kind: "number" },
  { alias: "Repo", field: "isPublic", kind: "boolean" },
  { alias: "Org", field: "id", kind: "number" },
  { alias: "Org", field: "name", kind: "string" },
  { alias: "Issue", field: "title", kind: "string" },
  { alias: "Issue", field: "closed", kind: "boolean" },
];
const RELATIONS: Record<"Org" | "Issue", FilterRelation> = {
  Org: { fromTypeName: "Repo", fromFieldName: "org", toTypeName: "Org" },
  Issue: { fromTypeName: "Repo", fromFieldName: "issues", toTypeName: "Issue" },
};

// values: the world's own (so that some comparisons hold), hostile strings, NUL, a lone
// surrogate, strings of numbers (SQLite's affinity would convert them), null
const STRINGS = [
  "anvils",
  "acme",
  "books",
  "rust",
  "O'Reilly",
  "orphan",
  "3",
  "",
  "\uD800",
  NUL_NAME,
  ...HOSTILE,
];
const NUMBERS = [0, 1, 2, 3, 5, 7, 10, 99, -1, 2.5];

const value = (kind: Field["kind"]): fc.Arbitrary<unknown> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary:
        kind === "string"
          ? fc.constantFrom(...STRINGS)
          : kind === "number"
            ? fc.constantFrom(...NUMBERS)
            : fc.boolean(),
    },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(null, "3", 3, true) },
  );

/** A condition: a field against a value (either side), or against another field of its kind. */
const condition: fc.Arbitrary<FilterCondition> = fc.constantFrom(...FIELDS).chain((f) => {
  const cmps: FilterComparison[] =
    f.kind === "number" ? ["Eq", "Neq", "Lt", "Leq", "Gt", "Geq"] : ["Eq", "Neq"];
  const proj: Datum = { typeName: f.alias, fieldName: f.field };
  const sameKind = FIELDS.filter((g) => g.kind === f.kind);
  return fc
    .tuple(
      fc.constantFrom(...cmps),
      fc.oneof(
        value(f.kind).map((v) => ({ value: v }) as Datum),
        fc.constantFrom(...sameKind).map((g) => ({ typeName: g.alias, fieldName: g.field }) as Datum),
      ),
      fc.boolean(),
    )
    .map(([cmp, other, flip]) => {
      // ordering against a value of another kind is refused by the adapter: keep numbers
      const rhs =
        cmp !== "Eq" && cmp !== "Neq" && "value" in other && typeof other.value !== "number"
          ? { value: 5 }
          : other;
      return flip ? { lhs: rhs, cmp: FLIP[cmp], rhs: proj } : { lhs: proj, cmp, rhs };
    });
});
const FLIP: Record<FilterComparison, FilterComparison> = {
  Eq: "Eq",
  Neq: "Neq",
  Lt: "Gt",
  Leq: "Geq",
  Gt: "Lt",
  Geq: "Leq",
};

const conditions = fc.array(fc.array(condition, { maxLength: 3 }), { maxLength: 4 });

/** Polar's comparison of two application values (null-safe, no conversion between kinds). */
function compare(a: unknown, cmp: FilterComparison, b: unknown): boolean {
  const kind = (v: unknown) => (v === null ? "null" : typeof v);
  if (cmp === "Eq" || cmp === "Neq") {
    const equal = kind(a) === kind(b) && a === b;
    return cmp === "Eq" ? equal : !equal;
  }
  if (typeof a !== "number" || typeof b !== "number") return false;
  return cmp === "Lt" ? a < b : cmp === "Leq" ? a <= b : cmp === "Gt" ? a > b : a >= b;
}

/** The reference: which repositories the filter allows, from the contract, in JavaScript. */
function reference(w: World, cs: FilterCondition[][]): number[] {
  const allowed = w.repos.filter((repo) =>
    cs.some((disjunct) => {
      const mentions = new Set(
        disjunct.flatMap((c) => [c.lhs, c.rhs]).flatMap((d) => ("typeName" in d ? [d.typeName] : [])),
      );
      const orgs: (Row | undefined)[] = mentions.has("Org")
        ? w.orgs.filter((o) => o.id === repo.orgId)
        : [undefined];
      const issues: (Row | undefined)[] = mentions.has("Issue")
        ? w.issues.filter((i) => i.repoId === repo.id)
        : [undefined];
      return orgs.some((org) =>
        issues.some((issue) => {
          const rows: Record<string, Row | undefined> = { Repo: repo, Org: org, Issue: issue };
          const get = (d: Datum) =>
            "typeName" in d ? (rows[d.typeName] as Row)[d.fieldName!] : (d as { value: unknown }).value;
          return (disjunct as { lhs: Datum; cmp: FilterComparison; rhs: Datum }[]).every((c) =>
            compare(get(c.lhs), c.cmp, get(c.rhs)),
          );
        }),
      );
    }),
  );
  return ids(allowed);
}

describeEachDialect("random filters agree with the contract's reference", (current) => {
  let adapter: KyselyAdapter;
  let w: World;

  beforeAll(async () => {
    const t = current();
    w = world(t.name === "sqlite");
    await createWorld(t, w);
    adapter = kyselyAdapter(t.db, OPTIONS);
  });

  it("returns exactly the reference's repositories", async () => {
    await fc.assert(
      fc.asyncProperty(conditions, async (cs) => {
        const mentioned = new Set(
          cs
            .flat()
            .flatMap((c) => [c.lhs, c.rhs])
            .flatMap((d) => ("typeName" in d ? [d.typeName] : [])),
        );
        const relations = (["Org", "Issue"] as const)
          .filter((a) => mentioned.has(a))
          .map((a) => RELATIONS[a]);
        const found = await adapter.executeQuery(adapter.buildQuery(filter("Repo", cs, relations)));
        expect(ids(found)).toEqual(reference(w, cs));
      }),
      { numRuns: 150 },
    );
  });
});

/**
 * Hand-built filters, one construct at a time, on every dialect of the run. Each expected
 * answer is computed from the world's rows in JavaScript.
 */
import {
  type Adapter,
  type Datum,
  type FilterComparison,
  type FilterCondition,
  type FilterRelation,
  isPolarError,
} from "@oso-ts/core";
import { type KyselyAdapter, kyselyAdapter } from "@oso-ts/kysely";
import { CamelCasePlugin, sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { describeEachDialect } from "./dialects.js";
import {
  createWorld,
  Doc,
  Folder,
  filter,
  HOSTILE,
  Issue,
  ids,
  NUL_NAME,
  OPTIONS,
  Org,
  Repo,
  Stranger,
  type World,
  world,
} from "./world.js";

const field = (typeName: string, fieldName: string, alias?: string): Datum =>
  alias === undefined ? { typeName, fieldName } : { typeName, fieldName, alias };
const cond = (lhs: Datum, cmp: FilterComparison, rhs: Datum): FilterCondition => ({ lhs, cmp, rhs });
const value = (v: unknown): Datum => ({ value: v });
const REPO_ORG: FilterRelation = { fromTypeName: "Repo", fromFieldName: "org", toTypeName: "Org" };
const REPO_ISSUES: FilterRelation = { fromTypeName: "Repo", fromFieldName: "issues", toTypeName: "Issue" };

const instance = <T extends object>(cls: new () => T, fields: Partial<T>): T =>
  Object.assign(Object.create(cls.prototype) as T, fields);

describeEachDialect("kyselyAdapter", (current) => {
  let adapter: KyselyAdapter;
  let w: World;
  const repos = async (conditions: FilterCondition[][], relations: FilterRelation[] = []) =>
    ids(await adapter.executeQuery(adapter.buildQuery(filter("Repo", conditions, relations))));
  const expected = (keep: (r: World["repos"][number]) => boolean) => ids(w.repos.filter(keep));

  beforeAll(async () => {
    const t = current();
    w = world(t.name === "sqlite");
    await createWorld(t, w);
    adapter = kyselyAdapter(t.db, OPTIONS);
  });

  describe("an OR of ANDs", () => {
    it("[] is no row and [[]] every row", async () => {
      expect(await repos([])).toEqual([]);
      expect(await repos([[]])).toEqual(expected(() => true));
      expect(await repos([[], []])).toEqual(expected(() => true));
    });

    it("ANDs a disjunct's conditions and ORs the disjuncts", async () => {
      const starred = cond(field("Repo", "stars"), "Geq", value(5));
      const isPublic = cond(field("Repo", "isPublic"), "Eq", value(true));
      expect(await repos([[starred, isPublic]])).toEqual(expected((r) => (r.stars ?? -1) >= 5 && r.isPublic));
      expect(await repos([[starred], [isPublic]])).toEqual(
        expected((r) => (r.stars ?? -1) >= 5 || r.isPublic),
      );
    });

    it("compares with each operator, on either side", async () => {
      const stars = (r: World["repos"][number]) => r.stars;
      const cases: [FilterComparison, (s: number) => boolean][] = [
        ["Eq", (s) => s === 5],
        ["Lt", (s) => s < 5],
        ["Leq", (s) => s <= 5],
        ["Gt", (s) => s > 5],
        ["Geq", (s) => s >= 5],
      ];
      for (const [cmp, keep] of cases) {
        const want = expected((r) => stars(r) !== null && keep(stars(r)!));
        expect(await repos([[cond(field("Repo", "stars"), cmp, value(5))]]), cmp).toEqual(want);
      }
      // 5 > stars is stars < 5
      expect(await repos([[cond(value(5), "Gt", field("Repo", "stars"))]])).toEqual(
        expected((r) => r.stars !== null && r.stars < 5),
      );
    });

    it("compares two columns, with nil == nil as in Polar", async () => {
      // stars = id: repo 10 (stars 0)? no: 10 has stars 0; only rows where they agree
      expect(await repos([[cond(field("Repo", "stars"), "Eq", field("Repo", "id"))]])).toEqual(
        expected((r) => r.stars === r.id),
      );
      expect(await repos([[cond(field("Repo", "stars"), "Neq", field("Repo", "id"))]])).toEqual(
        expected((r) => r.stars !== r.id),
      );
      expect(await repos([[cond(field("Repo", "stars"), "Eq", field("Repo", "stars"))]])).toEqual(
        expected(() => true),
      );
      expect(await repos([[cond(field("Repo", "stars"), "Lt", field("Repo", "id"))]])).toEqual(
        expected((r) => r.stars !== null && r.stars < r.id),
      );
    });

    it("compares integer columns with fractions and numbers beyond 32 bits (PostgreSQL would not parse them as integers)", async () => {
      expect(await repos([[cond(field("Repo", "id"), "Eq", value(2.5))]])).toEqual([]);
      expect(await repos([[cond(field("Repo", "stars"), "Lt", value(2.5))]])).toEqual(
        expected((r) => r.stars !== null && r.stars < 2.5),
      );
      expect(await repos([[cond(field("Repo", "id"), "Lt", value(2 ** 40))]])).toEqual(expected(() => true));
      const huge = [[cond(field("Repo", "id"), "Neq", value(2n ** 70n))]];
      if (current().name === "sqlite") {
        expect(() => adapter.buildQuery(filter("Repo", huge))).toThrow(
          expect.objectContaining({ code: "unsupported" }),
        );
      } else {
        expect(await repos(huge)).toEqual(expected(() => true));
      }
      expect(await repos([[cond(field("Repo", "id"), "Lt", value(2n ** 62n))]])).toEqual(
        expected(() => true),
      );
      expect(
        await repos([
          [cond(field("Repo", "id"), "Eq", value(1)), cond(field("Repo", "id"), "Lt", value(1e300))],
        ]),
      ).toEqual([1]);
    });

    it("folds comparisons of two values", async () => {
      expect(await repos([[cond(value(1), "Eq", value(1))]])).toEqual(expected(() => true));
      expect(await repos([[cond(value(1), "Eq", value(1n))]])).toEqual(expected(() => true));
      expect(await repos([[cond(value("a"), "Lt", value("b"))]])).toEqual(expected(() => true));
      expect(await repos([[cond(value(1), "Eq", value("1"))]])).toEqual([]);
      expect(await repos([[cond(value(null), "Neq", value(null))]])).toEqual([]);
      expect(() => adapter.buildQuery(filter("Repo", [[cond(value(1), "Lt", value("2"))]]))).toThrow(
        expect.objectContaining({ code: "invalid_argument" }),
      );
    });
  });

  describe("null", () => {
    it("{value: null} with Eq is IS NULL, with Neq IS NOT NULL", async () => {
      expect(await repos([[cond(field("Repo", "stars"), "Eq", value(null))]])).toEqual(
        expected((r) => r.stars === null),
      );
      expect(await repos([[cond(value(null), "Neq", field("Repo", "stars"))]])).toEqual(
        expected((r) => r.stars !== null),
      );
      expect(await repos([[cond(field("Repo", "stars"), "Lt", value(null))]])).toEqual([]);
    });

    it("Neq keeps rows whose column is NULL (Polar: nil != 0)", async () => {
      expect(await repos([[cond(field("Repo", "stars"), "Neq", value(0))]])).toEqual(
        expected((r) => r.stars !== 0),
      );
    });
  });

  describe("rows", () => {
    it("compares a row by primary key with an instance or an object", async () => {
      const repo = instance(Repo, { id: 3, name: "books" });
      expect(await repos([[cond({ typeName: "Repo" }, "Eq", value(repo))]])).toEqual([3]);
      expect(await repos([[cond(value({ id: 4 }), "Eq", { typeName: "Repo" })]])).toEqual([4]);
      expect(await repos([[cond({ typeName: "Repo" }, "Neq", value(repo))]])).toEqual(
        expected((r) => r.id !== 3),
      );
    });

    it("never equals an instance of another registered class, nor nil", async () => {
      const stranger = instance(Stranger, { id: 3 });
      expect(await repos([[cond({ typeName: "Repo" }, "Eq", value(stranger))]])).toEqual([]);
      expect(await repos([[cond({ typeName: "Repo" }, "Neq", value(stranger))]])).toEqual(
        expected(() => true),
      );
      expect(await repos([[cond({ typeName: "Repo" }, "Eq", value(null))]])).toEqual([]);
    });

    it("takes Oso's fieldName: null as the row", async () => {
      const row = { typeName: "Repo", fieldName: null } as unknown as Datum;
      expect(await repos([[cond(row, "Eq", value({ id: 2 }))]])).toEqual([2]);
    });

    it("refuses a row compared with a primitive, an object without its key, or ordered", () => {
      const bad = [
        cond({ typeName: "Repo" }, "Eq", value(3)),
        cond({ typeName: "Repo" }, "Eq", value({ name: "x" })),
        cond({ typeName: "Repo" }, "Lt", value({ id: 3 })),
        cond({ typeName: "Repo" }, "Eq", field("Repo", "id")),
      ];
      for (const c of bad) {
        expect(() => adapter.buildQuery(filter("Repo", [[c]]))).toThrow(
          expect.objectContaining({ code: "invalid_argument" }),
        );
      }
    });
  });

  describe("relations", () => {
    it("joins a 'one' relation, and a disjunct without it keeps rows whose related row is missing", async () => {
      const acme = cond(field("Org", "name"), "Eq", value("acme"));
      const isPublic = cond(field("Repo", "isPublic"), "Eq", value(true));
      const orgName = (r: World["repos"][number]) => w.orgs.find((o) => o.id === r.orgId)?.name;
      expect(await repos([[acme]], [REPO_ORG])).toEqual(expected((r) => orgName(r) === "acme"));
      // repo 4 (no such org) and 5 (no org) are public or not by themselves
      expect(await repos([[acme], [isPublic]], [REPO_ORG])).toEqual(
        expected((r) => orgName(r) === "acme" || r.isPublic),
      );
      expect(await repos([[isPublic]], [REPO_ORG])).toEqual(expected((r) => r.isPublic));
      expect(await repos([[]], [REPO_ORG])).toEqual(expected(() => true));
    });

    it("joins a relation that leads back to the model only in the disjuncts whose path uses it", async () => {
      // Repo -> Org (as o) -> Repo: a cycle back to the model's own alias
      const rel: FilterRelation[] = [
        { fromTypeName: "Repo", fromFieldName: "org", toTypeName: "Org", toAlias: "o" },
        { fromTypeName: "Org", fromFieldName: "repos", toTypeName: "Repo", fromAlias: "o" },
      ];
      const starred = cond(field("Repo", "stars"), "Geq", value(7));
      const acme = cond(field("Org", "name", "o"), "Eq", value("acme"));
      const orgName = (r: World["repos"][number]) => w.orgs.find((o) => o.id === r.orgId)?.name;
      // repository 5 has no organization: the first disjunct alone must keep it
      expect(await repos([[starred], [acme]], rel)).toEqual(
        expected((r) => (r.stars ?? 0) >= 7 || orgName(r) === "acme"),
      );
      expect(await repos([[starred], [acme]], rel)).toContain(5);
    });

    it("joins a 'many' relation without duplicating rows", async () => {
      const open = cond(field("Issue", "closed"), "Eq", value(false));
      const q = adapter.buildQuery(filter("Repo", [[open]], [REPO_ISSUES]));
      const rows = await q.execute();
      const want = expected((r) => w.issues.some((i) => i.repoId === r.id && !i.closed));
      expect(rows.map((r) => r.id as number).sort((a, b) => a - b)).toEqual(want);
      expect(want.length).toBeGreaterThan(0);
    });

    it("follows a chain of relations (Issue -> Repo -> Org)", async () => {
      const rel: FilterRelation[] = [
        { fromTypeName: "Issue", fromFieldName: "repo", toTypeName: "Repo" },
        { fromTypeName: "Repo", fromFieldName: "org", toTypeName: "Org" },
      ];
      const q = adapter.buildQuery(filter("Issue", [[cond(field("Org", "id"), "Eq", value(1))]], rel));
      const found = await adapter.executeQuery(q);
      const want = w.issues.filter((i) => w.repos.find((r) => r.id === i.repoId)?.orgId === 1);
      expect(ids(found)).toEqual(ids(want));
      expect(found.every((i) => i instanceof Issue)).toBe(true);
    });

    it("joins one type twice under two aliases", async () => {
      // documents whose folder's parent is named "shared": Doc -> Folder (f) -> Folder (p)
      const rel: FilterRelation[] = [
        { fromTypeName: "Doc", fromFieldName: "folder", toTypeName: "Folder", toAlias: "f" },
        {
          fromTypeName: "Folder",
          fromFieldName: "parent",
          toTypeName: "Folder",
          fromAlias: "f",
          toAlias: "p",
        },
      ];
      const c = cond(field("Folder", "name", "p"), "Eq", value("root"));
      const found = await adapter.executeQuery(adapter.buildQuery(filter("Doc", [[c]], rel)));
      const parentName = (folderId: number) => {
        const f = w.folders.find((x) => x.id === folderId)!;
        return w.folders.find((x) => x.id === f.parentId)?.name;
      };
      expect(ids(found)).toEqual(ids(w.docs.filter((d) => parentName(d.folderId) === "root")));
      // the alias f is not p: "the folder itself is named root" is another answer
      const own = cond(field("Folder", "name", "f"), "Eq", value("root"));
      expect(ids(await adapter.executeQuery(adapter.buildQuery(filter("Doc", [[own]], rel))))).toEqual(
        ids(w.docs.filter((d) => w.folders.find((x) => x.id === d.folderId)?.name === "root")),
      );
    });
  });

  describe("relations from a value (oso-ts: a known object's many Relation as a subquery)", () => {
    // the repositories of organization 1 (r), named by a known Org rather than joined
    const orgRepos = (org: unknown): FilterRelation[] => [
      { fromValue: org, fromTypeName: "Org", fromFieldName: "repos", toTypeName: "Repo", toAlias: "r" },
    ];
    const acme = () => instance(Org, { id: 1, name: "acme" });
    const issues = async (conditions: FilterCondition[][], relations: FilterRelation[]) =>
      ids(await adapter.executeQuery(adapter.buildQuery(filter("Issue", conditions, relations))));
    const inRepo = cond(field("Repo", "id", "r"), "Eq", field("Issue", "repoId"));
    const repoOf = (i: World["issues"][number]) => w.repos.find((r) => r.id === i.repoId)!;

    it("ranges the alias over the object's related rows, as the relation says, in a subquery", async () => {
      const open = cond(field("Issue", "closed"), "Eq", value(false));
      // no condition names r.orgId: the relation restricts r to organization 1's repositories
      const f = filter("Issue", [[inRepo, open]], orgRepos(acme()));
      const compiled = adapter.buildQuery(f).compile();
      expect(compiled.sql).toMatch(/"Issue"\."id" in \(select .* from .*"repos" as "r_\d+"/);
      expect(compiled.parameters).toContain(1);
      // r.id is a key, never null: plain `=`, which the database answers from the index
      expect(compiled.sql).toMatch(/"r_\d+"\."id" = "Issue_\d+"\."repo_id"/);
      const want = w.issues.filter((i) => repoOf(i)?.orgId === 1 && !i.closed);
      expect(await issues([[inRepo, open]], orgRepos(acme()))).toEqual(ids(want));
      expect(want.length).toBeGreaterThan(0);
      // the conditions on the alias narrow its rows further
      const starred = cond(field("Repo", "stars", "r"), "Geq", value(5));
      expect(await issues([[inRepo, starred]], orgRepos(acme()))).toEqual(
        ids(w.issues.filter((i) => repoOf(i)?.orgId === 1 && (repoOf(i)?.stars ?? 0) >= 5)),
      );
    });

    it("compares the model's key with the rows' column in one subquery without the model", async () => {
      // the repositories that are organization 1's with 5 stars or more: Repo.id = r.id
      const same = cond(field("Repo", "id"), "Eq", field("Repo", "id", "r"));
      const starred = cond(field("Repo", "stars", "r"), "Geq", value(5));
      const f = filter("Repo", [[same, starred]], orgRepos(acme()));
      const text = adapter.buildQuery(f).compile().sql;
      expect(text).toMatch(/where "Repo"\."id" in \(select "r_\d+"\."id" from "repos" as "r_\d+" where/);
      expect(text).not.toMatch(/is not distinct from/);
      expect(await repos([[same, starred]], orgRepos(acme()))).toEqual(
        expected((r) => r.orgId === 1 && (r.stars ?? 0) >= 5),
      );
      // the key compared with a nullable column: rows whose column is null match no repository
      const byStars = cond(field("Repo", "id"), "Eq", field("Repo", "stars", "r"));
      expect(await repos([[byStars]], orgRepos(acme()))).toEqual(
        expected((x) => w.repos.some((r) => r.orgId === 1 && r.stars === x.id)),
      );
    });

    it("a disjunct that names only the alias asks that such a row exist; others are unaffected", async () => {
      const exists = cond(field("Repo", "isPublic", "r"), "Eq", value(false));
      const typo = cond(field("Issue", "title"), "Eq", value("typo"));
      const all = ids(w.issues);
      // organization 1 has a private repository: every issue
      expect(await issues([[exists]], orgRepos(acme()))).toEqual(all);
      // organization 3 has none with more than 100 stars: only the other disjunct's issue
      const org3 = instance(Org, { id: 3, name: "100%" });
      const many = cond(field("Repo", "stars", "r"), "Gt", value(100));
      expect(await issues([[many], [typo]], orgRepos(org3))).toEqual([5]);
    });

    it("an object without a key (or with a key no row has) has no related rows", async () => {
      const nokey = instance(Org, { id: null as unknown as number, name: "x" });
      expect(await issues([[inRepo]], orgRepos(nokey))).toEqual([]);
      const none = instance(Org, { id: 42, name: "x" });
      expect(await issues([[inRepo]], orgRepos(none))).toEqual([]);
    });

    it("refuses a relation from a value with a fromAlias or an alias already in use", () => {
      const bad = (r: FilterRelation) => () => adapter.buildQuery(filter("Issue", [[]], [r]));
      const base = { fromValue: acme(), fromTypeName: "Org", fromFieldName: "repos", toTypeName: "Repo" };
      expect(bad({ ...base, fromAlias: "o", toAlias: "r" })).toThrow(/must introduce a new alias/);
      expect(bad({ ...base, toAlias: "Issue" })).toThrow(/must introduce a new alias|names both/);
    });

    it("declares the capability, so that the core writes such relations for it", () => {
      expect(adapter.capabilities).toEqual({ relationSubqueries: true });
    });
  });

  describe("the SQL's shape", () => {
    it("merges one-comparison disjuncts on one column into an IN list", async () => {
      const eq = (fieldName: string, v: unknown) => [cond(field("Repo", fieldName), "Eq", value(v))];
      const f = filter("Repo", [
        eq("id", 1),
        eq("id", 3),
        eq("id", 99),
        eq("name", "books"),
        eq("name", "O'Reilly"),
      ]);
      const compiled = adapter.buildQuery(f).compile();
      expect(compiled.sql).toMatch(/"Repo"\."id" in \([^)]*,[^)]*,[^)]*\)/);
      expect(compiled.sql).toMatch(/"Repo"\."name" in \(/);
      expect(compiled.parameters).toEqual(expect.arrayContaining([1, 3, 99, "books", "O'Reilly"]));
      expect(ids(await adapter.executeQuery(adapter.buildQuery(f)))).toEqual(
        expected((r) => [1, 3, 99].includes(r.id) || ["books", "O'Reilly"].includes(r.name)),
      );
    });

    it("merges one-comparison disjuncts on a joined type's column into one subquery with an IN list", async () => {
      // a disjunct per organization role, as the core and Oso write them
      const org = (fieldName: string, v: unknown) => [cond(field("Org", fieldName), "Eq", value(v))];
      const f = filter(
        "Repo",
        [org("id", 1), org("id", 3), org("name", "O'Reilly"), org("id", 99)],
        [REPO_ORG],
      );
      const compiled = adapter.buildQuery(f).compile();
      const subqueries = compiled.sql.match(/\(select /g) ?? [];
      expect(subqueries).toHaveLength(2); // Org.id's three values in one, Org.name's one in the other
      expect(compiled.sql).toMatch(/"Org_\d+"\."id" in \((\?|\$\d+), (\?|\$\d+), (\?|\$\d+)\)/);
      const orgOf = (r: World["repos"][number]) => w.orgs.find((o) => o.id === r.orgId);
      // a repository whose organization row is missing (orgId 99) is not listed, as with the join
      expect(ids(await adapter.executeQuery(adapter.buildQuery(f)))).toEqual(
        expected((r) => [1, 3, 99].includes(orgOf(r)?.id ?? -1) || orgOf(r)?.name === "O'Reilly"),
      );
    });

    it("reaches the model through its key column when no condition reads the model", async () => {
      const acme = [cond(field("Org", "name"), "Eq", value("acme"))];
      const one = adapter.buildQuery(filter("Repo", [acme], [REPO_ORG])).compile().sql;
      expect(one).toMatch(/where "Repo"\."org_id" in \(select "Org_\d+"\."id" from "orgs"/);
      const open = [cond(field("Issue", "closed"), "Eq", value(false))];
      const many = adapter.buildQuery(filter("Repo", [open], [REPO_ISSUES])).compile().sql;
      expect(many).toMatch(/where "Repo"\."id" in \(select "Issue_\d+"\."repo_id" from "issues"/);
    });

    it("scans the model in the subquery when a disjunct reads both the model and a joined type", async () => {
      const both = [
        cond(field("Org", "name"), "Eq", value("acme")),
        cond(field("Repo", "isPublic"), "Eq", value(true)),
      ];
      const q = adapter.buildQuery(filter("Repo", [both], [REPO_ORG]));
      expect(q.compile().sql).toMatch(/"Repo"\."id" in \(select "Repo_\d+"\."id" from/);
      const orgName = (r: World["repos"][number]) => w.orgs.find((o) => o.id === r.orgId)?.name;
      expect(ids(await adapter.executeQuery(q))).toEqual(
        expected((r) => orgName(r) === "acme" && r.isPublic),
      );
    });
  });

  describe("closures (relations of a type to itself)", () => {
    const under = (name: string) => {
      // every folder from which following parent reaches the folder named `name`
      const start = w.folders.find((f) => f.name === name)!.id;
      return w.folders.filter((f) => {
        const seen = new Set<number>();
        for (let x: number | null = f.id; x !== null && !seen.has(x); ) {
          if (x === start) return true;
          seen.add(x);
          x = w.folders.find((g) => g.id === x)!.parentId;
        }
        return false;
      });
    };
    const closure = (base: FilterCondition[][], alias?: string): FilterCondition => ({
      lhs: alias === undefined ? { typeName: "Folder" } : { typeName: "Folder", alias },
      cmp: "In",
      rhs: { closure: { typeName: "Folder", fieldName: "parent", base: filter("Folder", base) } },
    });
    const named = (n: string) => [[cond(field("Folder", "name"), "Eq", value(n))]];

    it("reaches every folder below the base, the base included", async () => {
      for (const name of ["root", "shared", "deeper", "other"]) {
        const found = await adapter.executeQuery(
          adapter.buildQuery(filter("Folder", [[closure(named(name))]])),
        );
        expect(ids(found), name).toEqual(ids(under(name)));
      }
    });

    it("ends on a cycle", async () => {
      const found = await adapter.executeQuery(
        adapter.buildQuery(filter("Folder", [[closure(named("ping"))]])),
      );
      expect(ids(found)).toEqual(ids(under("ping")));
      expect(ids(found)).toEqual([6, 7, 8]);
    });

    it("applies to a joined alias, and an empty base reaches nothing", async () => {
      const rel: FilterRelation[] = [
        { fromTypeName: "Doc", fromFieldName: "folder", toTypeName: "Folder", toAlias: "f" },
      ];
      const docs = async (c: FilterCondition[][]) =>
        ids(await adapter.executeQuery(adapter.buildQuery(filter("Doc", c, rel))));
      const inShared = new Set(under("shared").map((f) => f.id));
      expect(await docs([[closure(named("shared"), "f")]])).toEqual(
        ids(w.docs.filter((d) => inShared.has(d.folderId))),
      );
      expect(await docs([[closure([], "f")]])).toEqual([]);
      expect(await docs([[closure([[]], "f")]])).toEqual(ids(w.docs));
      const memo = cond(field("Doc", "title"), "Eq", value("memo"));
      expect(await docs([[closure(named("shared"), "f")], [memo]])).toEqual(
        ids(w.docs.filter((d) => inShared.has(d.folderId) || d.title === "memo")),
      );
    });

    it("refuses a closure over a relation to another type, or a mismatched base", () => {
      const toOrg: FilterCondition = {
        lhs: { typeName: "Repo" },
        cmp: "In",
        rhs: { closure: { typeName: "Repo", fieldName: "org", base: filter("Repo", [[]]) } },
      };
      const baseOfDocs: FilterCondition = {
        lhs: { typeName: "Folder" },
        cmp: "In",
        rhs: { closure: { typeName: "Folder", fieldName: "parent", base: filter("Doc", [[]]) } },
      };
      expect(() => adapter.buildQuery(filter("Repo", [[toOrg]]))).toThrow(/leads to Org/);
      expect(() => adapter.buildQuery(filter("Folder", [[baseOfDocs]]))).toThrow(/base filters Doc/);
    });
  });

  describe("values are bound, never spliced", () => {
    it("matches each hostile string exactly, as a parameter", async () => {
      for (const name of HOSTILE) {
        const q = adapter.buildQuery(filter("Repo", [[cond(field("Repo", "name"), "Eq", value(name))]]));
        const compiled = q.compile();
        expect(compiled.sql).not.toContain(name);
        expect(compiled.parameters).toContain(name);
        expect(ids(await adapter.executeQuery(q)), name).toEqual(expected((r) => r.name === name));
      }
      // LIKE's wildcards mean nothing to Eq
      expect(await repos([[cond(field("Repo", "name"), "Eq", value("%"))]])).toEqual([]);
      expect(await repos([[cond(field("Repo", "name"), "Eq", value("100_"))]])).toEqual([]);
    });

    it("orders hostile strings as the database does, with Lt", async () => {
      const found = await repos([[cond(field("Repo", "name"), "Lt", value("O'Reilly"))]]);
      // every row found sorts before the bound value; none is lost to quoting
      expect(found.length).toBeGreaterThan(0);
      expect(found).not.toContain(w.repos.find((r) => r.name === "O'Reilly")!.id);
    });

    it("answers NUL: exact on SQLite; on PostgreSQL, which cannot store it, equal to nothing", async () => {
      const eq = await repos([[cond(field("Repo", "name"), "Eq", value(NUL_NAME))]]);
      const neq = await repos([[cond(field("Repo", "name"), "Neq", value(NUL_NAME))]]);
      expect(eq).toEqual(expected((r) => r.name === NUL_NAME));
      expect(neq).toEqual(expected((r) => r.name !== NUL_NAME));
      // "nul" is a prefix: a NUL-terminated comparison would wrongly match it
      expect(await repos([[cond(field("Repo", "name"), "Eq", value("nul"))]])).toEqual([]);
      if (current().name === "sqlite") {
        expect(eq).toEqual([30]);
        expect(await repos([[cond(field("Repo", "name"), "Lt", value(NUL_NAME))]])).toEqual(
          expected((r) => r.name < NUL_NAME),
        );
      } else {
        expect(eq).toEqual([]);
        expect(() =>
          adapter.buildQuery(filter("Repo", [[cond(field("Repo", "name"), "Lt", value(NUL_NAME))]])),
        ).toThrow(expect.objectContaining({ code: "unsupported", message: expect.stringMatching(/NUL/) }));
      }
    });

    it("equals nothing with a lone surrogate, which no UTF-8 database stores as it is", async () => {
      expect(await repos([[cond(field("Repo", "name"), "Eq", value("\uD800"))]])).toEqual([]);
      expect(await repos([[cond(field("Repo", "name"), "Neq", value("\uD800"))]])).toEqual(
        expected(() => true),
      );
    });

    it("compares a value of another type than the declared field as Polar does: never equal", async () => {
      // SQLite's affinity would turn '3' into 3, and PostgreSQL would parse it
      expect(await repos([[cond(field("Repo", "id"), "Eq", value("3"))]])).toEqual([]);
      expect(await repos([[cond(field("Repo", "name"), "Eq", value(3))]])).toEqual([]);
      expect(await repos([[cond(field("Repo", "isPublic"), "Eq", value(1))]])).toEqual([]);
      expect(await repos([[cond(field("Repo", "isPublic"), "Neq", value(1))]])).toEqual(expected(() => true));
      expect(await repos([[cond(field("Repo", "isPublic"), "Eq", value(false))]])).toEqual(
        expected((r) => !r.isPublic),
      );
      expect(await repos([[cond(field("Repo", "stars"), "Lt", value(Number.NaN))]])).toEqual([]);
      expect(await repos([[cond(field("Repo", "stars"), "Eq", value(5n))]])).toEqual(
        expected((r) => r.stars === 5),
      );
    });
  });

  describe("results", () => {
    it("are instances of the registered class, with booleans and field names", async () => {
      const found = (await adapter.executeQuery(adapter.buildQuery(filter("Repo", [[]])))) as Repo[];
      expect(found.every((r) => r instanceof Repo)).toBe(true);
      const anvils = found.find((r) => r.id === 1)!;
      expect(anvils).toMatchObject({ name: "anvils", orgId: 1, isPublic: true, stars: 10 });
      expect(found.find((r) => r.id === 2)!.isPublic).toBe(false);
      const issues = (await adapter.executeQuery(adapter.buildQuery(filter("Issue", [[]])))) as Issue[];
      expect(issues.map((i) => i.closed)).toEqual(w.issues.map((i) => i.closed));
    });

    it("can be refined (order, limit, offset) before executeQuery", async () => {
      const q = adapter.buildQuery(filter("Repo", [[cond(field("Repo", "isPublic"), "Eq", value(true))]]));
      const page = await adapter.executeQuery(q.orderBy("Repo.id", "desc").limit(2).offset(1));
      const want = w.repos
        .filter((r) => r.isPublic)
        .map((r) => r.id)
        .sort((a, b) => b - a)
        .slice(1, 3);
      expect(page.map((r) => (r as Repo).id)).toEqual(want);
      expect(page.every((r) => r instanceof Repo)).toBe(true);
    });

    it("can be counted, and sorted by an unqualified column, as plain rows", async () => {
      const q = adapter.buildQuery(filter("Repo", [[cond(field("Repo", "isPublic"), "Eq", value(true))]]));
      const [count] = await q
        .clearSelect()
        .select((eb) => eb.fn.countAll().as("n"))
        .execute();
      expect(Number(count!.n)).toBe(w.repos.filter((r) => r.isPublic).length);
      const sorted = (await q.orderBy("id", "desc").execute()).map((r) => r.id);
      expect(sorted).toEqual(expected((r) => r.isPublic).reverse());
    });

    it("can be joined for sorting, and still selects only the model's columns", async () => {
      const q = adapter
        .buildQuery(filter("Repo", [[cond(field("Repo", "stars"), "Geq", value(0))]]))
        .innerJoin("orgs", "orgs.id", "Repo.org_id")
        .orderBy("orgs.name", "desc")
        .orderBy("Repo.id");
      const found = (await adapter.executeQuery(q)) as Repo[];
      const orgName = (r: World["repos"][number]) => w.orgs.find((o) => o.id === r.orgId)?.name;
      const want = w.repos
        .filter((r) => r.stars !== null && orgName(r) !== undefined)
        .map((r) => ({ id: r.id, name: r.name, org: orgName(r)! }));
      expect(found.map((r) => r.id).sort((a, b) => a - b)).toEqual(
        want.map((r) => r.id).sort((a, b) => a - b),
      );
      // the repository's own name, not its organization's, and every row a Repo
      expect(found.map((r) => r.name).sort()).toEqual(want.map((r) => r.name).sort());
      expect(found.every((r) => r instanceof Repo)).toBe(true);
    });

    it("takes a schema-qualified table name", async () => {
      const t = current();
      const schema =
        t.name === "sqlite"
          ? "main"
          : (await sql<{ s: string }>`select current_schema() as s`.execute(t.db)).rows[0]!.s;
      const qualified = kyselyAdapter(t.db, {
        ...OPTIONS,
        types: { ...OPTIONS.types, Repo: { ...OPTIONS.types!.Repo, table: `${schema}.repos` } },
      });
      const q = qualified.buildQuery(filter("Repo", [[cond(field("Repo", "isPublic"), "Eq", value(true))]]));
      expect(q.compile().sql).toContain(`from "${schema}"."repos" as "Repo"`);
      expect(ids(await qualified.executeQuery(q))).toEqual(expected((r) => r.isPublic));
    });

    it("serves the lookups of ordinary decisions: Org.id = value", async () => {
      const found = await adapter.executeQuery(
        adapter.buildQuery(filter("Org", [[cond(field("Org", "id"), "Eq", value(2))]])),
      );
      expect(found).toHaveLength(1);
      expect(found[0]).toBeInstanceOf(Org);
      expect(found[0]).toMatchObject({ id: 2, name: "O'Reilly" });
    });

    it("uses fromRow when given", async () => {
      const withFromRow = kyselyAdapter(current().db, {
        ...OPTIONS,
        types: {
          ...OPTIONS.types,
          Folder: { columns: { parentId: "parent_id" }, fromRow: (r) => ({ made: r.name }) },
        },
      });
      const found = await withFromRow.executeQuery(
        withFromRow.buildQuery(filter("Folder", [[cond(field("Folder", "id"), "Eq", value(2))]])),
      );
      expect(found).toEqual([{ made: "shared" }]);
    });

    it("lets a database error reach the caller untouched", async () => {
      const missing = kyselyAdapter(current().db, { tables: { Org: "no_such_table" } });
      const error = await missing
        .executeQuery(missing.buildQuery(filter("Org", [[]])))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/no_such_table/);
      expect(isPolarError(error)).toBe(false);
    });

    it("refuses to execute a query this adapter did not build", async () => {
      const other = current().db.selectFrom("repos").selectAll();
      await expect(adapter.executeQuery(other as never)).rejects.toMatchObject({ code: "invalid_argument" });
      const another = kyselyAdapter(current().db, OPTIONS);
      await expect(another.executeQuery(adapter.buildQuery(filter("Repo", [[]])))).rejects.toMatchObject({
        code: "invalid_argument",
      });
    });
  });

  describe("bad filters", () => {
    const rejects = (f: Parameters<KyselyAdapter["buildQuery"]>[0], message: RegExp) =>
      expect(() => adapter.buildQuery(f)).toThrow(
        expect.objectContaining({ code: "invalid_argument", message: expect.stringMatching(message) }),
      );

    it("names what is wrong", () => {
      rejects(filter("Nope", [[]]), /type 'Nope', which is not registered/);
      rejects(filter("Repo", [[cond(field("Repo", "secret"), "Eq", value(1))]]), /not a declared field/);
      rejects(filter("Repo", [[cond(field("Repo", "org"), "Eq", value(1))]]), /is a Relation/);
      rejects(filter("Repo", [[cond(field("Org", "name"), "Eq", value("x"))]]), /neither filters nor joins/);
      rejects(
        filter("Repo", [[]], [{ fromTypeName: "Repo", fromFieldName: "name", toTypeName: "Org" }]),
        /not a Relation/,
      );
      rejects(
        filter("Repo", [[]], [{ fromTypeName: "Repo", fromFieldName: "org", toTypeName: "Issue" }]),
        /leads to Org/,
      );
      rejects(
        filter(
          "Repo",
          [[]],
          [{ fromTypeName: "Org", fromFieldName: "repos", toTypeName: "Repo", fromAlias: "o" }],
        ),
        /unknown alias 'o'/,
      );
      rejects(
        filter("Repo", [[cond(field("Repo", "id"), "Like" as FilterComparison, value(1))]]),
        /unknown comparison/,
      );
      rejects(
        filter("Repo", [[cond(field("Repo", "orgId"), "Eq", value({ not: "a value" }))]]),
        /no column holds/,
      );
      rejects({ model: "Repo" } as never, /not a Filter/);
    });

    it("accepts an undeclared column only when it is the key, a Relation's key, or mapped", async () => {
      // Repo.orgId is the key side of Repo.org
      expect(await repos([[cond(field("Repo", "orgId"), "Eq", value(1))]])).toEqual(
        expected((r) => r.orgId === 1),
      );
    });
  });
});

describe("kyselyAdapter's type", () => {
  it("is an Adapter of the core's contract, as setDataFilteringAdapter takes it", async () => {
    const { openDatabase } = await import("./dialects.js");
    const t = await openDatabase("sqlite");
    try {
      // a type-level check (test/adapters/tsconfig.json type-checks this file) and a runtime one
      const asContract: Adapter = kyselyAdapter(t.db, OPTIONS);
      expect(typeof asContract.buildQuery).toBe("function");
      expect(typeof asContract.executeQuery).toBe("function");
    } finally {
      await t.close();
    }
  });
});

describe("kyselyAdapter options", () => {
  it("refuses a bad option at creation", async () => {
    const { openDatabase } = await import("./dialects.js");
    const t = await openDatabase("sqlite");
    try {
      const bad = [
        { tabels: {} },
        { tables: { Repo: "" } },
        { types: { Repo: { primarykey: "id" } } },
        { types: { Repo: { fromRow: "x" } } },
        { dialect: "mysql" },
      ];
      for (const options of bad) {
        expect(() => kyselyAdapter(t.db, options as never), JSON.stringify(options)).toThrow(
          expect.objectContaining({ code: "invalid_argument" }),
        );
      }
      expect(() => kyselyAdapter({} as never)).toThrow(expect.objectContaining({ code: "invalid_argument" }));
    } finally {
      await t.close();
    }
  });

  it("uses the Polar name as the table and id as the key by default, and a declared primaryKey", async () => {
    const { openDatabase } = await import("./dialects.js");
    const t = await openDatabase("sqlite");
    try {
      await t.db.schema.createTable("Org").addColumn("id", "integer").addColumn("name", "text").execute();
      await t.db
        .insertInto("Org")
        .values([
          { id: 1, name: "a" },
          { id: 2, name: "b" },
        ])
        .execute();
      const plain = kyselyAdapter(t.db);
      const f = filter("Org", [[cond({ typeName: "Org" }, "Eq", value({ id: 2 }))]]);
      expect(ids(await plain.executeQuery(plain.buildQuery(f)))).toEqual([2]);
      const byName = kyselyAdapter(t.db, { types: { Org: { primaryKey: "name" } } });
      const found = await byName.executeQuery(
        byName.buildQuery(filter("Org", [[cond({ typeName: "Org" }, "Eq", value({ name: "a" }))]])),
      );
      expect(ids(found)).toEqual([1]);
    } finally {
      await t.close();
    }
  });

  it("works under Kysely's CamelCasePlugin: snake_case columns with no columns map", async () => {
    const { openDatabase } = await import("./dialects.js");
    const t = await openDatabase("sqlite");
    try {
      await t.db.schema
        .createTable("repos")
        .addColumn("id", "integer")
        .addColumn("org_id", "integer")
        .addColumn("is_public", "integer")
        .addColumn("name", "text")
        .execute();
      await t.db
        .insertInto("repos")
        .values([
          { id: 1, org_id: 1, is_public: 1, name: "a" },
          { id: 2, org_id: 2, is_public: 0, name: "b" },
          { id: 3, org_id: 1, is_public: 1, name: "c" },
        ])
        .execute();
      const camel = kyselyAdapter(t.db.withPlugin(new CamelCasePlugin()), { tables: { Repo: "repos" } });
      const q = camel.buildQuery(filter("Repo", [[cond(field("Repo", "isPublic"), "Eq", value(true))]]));
      expect(q.compile().sql).toContain('"is_public" = ?');
      const found = (await camel.executeQuery(q.orderBy("id", "desc").limit(1))) as Repo[];
      expect(found).toHaveLength(1);
      expect(found[0]).toBeInstanceOf(Repo);
      expect(found[0]).toMatchObject({ id: 3, orgId: 1, isPublic: true });
    } finally {
      await t.close();
    }
  });

  it("detects the dialect (booleans bound as 1/0 only on SQLite), or takes it as an option", async () => {
    const { openDatabase } = await import("./dialects.js");
    const t = await openDatabase("sqlite");
    try {
      const f = filter("Repo", [[cond(field("Repo", "isPublic"), "Eq", value(true))]]);
      expect(kyselyAdapter(t.db, OPTIONS).buildQuery(f).compile().parameters).toEqual([1]);
      expect(
        kyselyAdapter(t.db, { ...OPTIONS, dialect: "postgres" })
          .buildQuery(f)
          .compile().parameters,
      ).toEqual([true]);
    } finally {
      await t.close();
    }
  });
});

// Doc, Folder: imported for the instanceof checks of the closure tests' documents
void Doc;
void Folder;

/**
 * The partial evaluator and the Filter it produces: shapes (Oso's, aliases, closures),
 * constructs with no query equivalent, configuration errors, and Relation fields read in
 * ordinary decisions.
 */
import { describe, expect, test } from "vitest";
import { isPolarError, type PolarError } from "../errors.js";
import { quietOso } from "../test-helpers.js";
import { arrayAdapter } from "./array-adapter.js";
import {
  CASES,
  Folder,
  Issue,
  loadCase,
  Org,
  Repo,
  Role,
  registerFixtures,
  User,
  type World,
} from "./fixtures.js";
import { type Adapter, type Filter, isValueRelation, Relation } from "./types.js";

async function osoWith(policy: string, world?: Partial<World>) {
  const oso = quietOso();
  registerFixtures(oso);
  await oso.loadStr(policy, "policy.polar");
  if (world) oso.setDataFilteringAdapter(arrayAdapter((t) => world[t as keyof World] ?? []));
  return oso;
}

async function failure(p: Promise<unknown>): Promise<PolarError> {
  try {
    await p;
  } catch (e) {
    if (isPolarError(e)) return e;
    throw e;
  }
  throw new Error("expected an error");
}

const plain = (f: Filter) => ({ model: f.model, relations: f.relations, conditions: f.conditions });

const org1 = new Org(1, "one");
const org2 = new Org(2, "two");
const repos = [new Repo(1, "a", 1, false), new Repo(2, "b", 2, false), new Repo(3, "c", 2, true)];

describe("filters", () => {
  test("resource blocks give Oso's shape: a join per relation, no aliases, rows compared with objects", async () => {
    const oso = quietOso();
    registerFixtures(oso);
    await loadCase(oso, CASES.find((c) => c.name.startsWith("resource blocks"))!);
    const alice = new User(1, "alice", [new Role("member", org1), new Role("reader", repos[1])]);
    const f = await oso.authorizedFilter(alice, "pull", Repo);
    expect(plain(f)).toEqual({
      model: "Repo",
      relations: [{ fromTypeName: "Repo", fromFieldName: "org", toTypeName: "Org" }],
      conditions: [
        [{ lhs: { typeName: "Repo" }, cmp: "Eq", rhs: { value: repos[1] } }],
        [{ lhs: { typeName: "Org" }, cmp: "Eq", rhs: { value: org1 } }],
        [{ lhs: { typeName: "Repo", fieldName: "isPublic" }, cmp: "Eq", rhs: { value: true } }],
      ],
    });
    expect(f.types.get("Repo")?.cls).toBe(Repo);
    expect(f.types.get("Repo")?.fields.get("org")).toBeInstanceOf(Relation);
  });

  test("[[]] when every row is allowed, [] when none is", async () => {
    const oso = await osoWith('allow(_: User, "read", _: Repo); allow(_: User, "write", _: Repo) if false;');
    const u = new User(1, "u", []);
    expect((await oso.authorizedFilter(u, "read", Repo)).conditions).toEqual([[]]);
    expect((await oso.authorizedFilter(u, "write", Repo)).conditions).toEqual([]);
    expect((await oso.authorizedFilter(u, "read", Org)).conditions).toEqual([]);
  });

  test("the class may be given by its Polar name; authorizedQuery is the adapter's buildQuery", async () => {
    const oso = await osoWith('allow(_: User, "read", r: Repo) if r.id > 1;', { Repo: repos });
    const u = new User(1, "u", []);
    const q = (await oso.authorizedQuery(u, "read", "Repo")) as Filter;
    expect(q.conditions).toEqual([
      [{ lhs: { typeName: "Repo", fieldName: "id" }, cmp: "Gt", rhs: { value: 1 } }],
    ]);
    expect(await oso.authorizedResources(u, "read", "Repo")).toEqual([repos[1], repos[2]]);
  });

  test("a type reached twice gets aliases (oso-ts extension)", async () => {
    const folders = [
      new Folder(1, "x", null),
      new Folder(2, "y", 1),
      new Folder(3, "z", 2),
      new Folder(4, "w", 3),
    ];
    const oso = await osoWith('allow(_: User, "read", f: Folder) if f.parent.parent.name = "x";', {
      Folder: folders,
    });
    const f = await oso.authorizedFilter(new User(1, "u", []), "read", Folder);
    expect(plain(f)).toEqual({
      model: "Folder",
      relations: [
        { fromTypeName: "Folder", fromFieldName: "parent", toTypeName: "Folder", toAlias: "Folder_1" },
        {
          fromTypeName: "Folder",
          fromFieldName: "parent",
          toTypeName: "Folder",
          fromAlias: "Folder_1",
          toAlias: "Folder_2",
        },
      ],
      conditions: [
        [
          {
            lhs: { typeName: "Folder", fieldName: "name", alias: "Folder_2" },
            cmp: "Eq",
            rhs: { value: "x" },
          },
        ],
      ],
    });
    expect(await oso.authorizedResources(new User(1, "u", []), "read", Folder)).toEqual([folders[2]]);
  });

  test("recursion over a relation of a type to itself is a closure over a base filter", async () => {
    const oso = quietOso();
    registerFixtures(oso);
    await loadCase(oso, CASES.find((c) => c.name.startsWith("a folder tree"))!);
    const folders = [
      new Folder(1, "r", null),
      new Folder(2, "a", 1),
      new Folder(3, "b", 2),
      new Folder(4, "c", null),
    ];
    oso.setDataFilteringAdapter(arrayAdapter({ Folder: folders }));
    const u = new User(1, "u", [new Role("viewer", folders[1])]);
    const f = await oso.authorizedFilter(u, "read", Folder);
    const closure = f.conditions.flat().find((c) => c.cmp === "In");
    expect(closure).toMatchObject({
      lhs: { typeName: "Folder" },
      cmp: "In",
      rhs: { closure: { typeName: "Folder", fieldName: "parent" } },
    });
    expect(await oso.authorizedResources(u, "read", Folder)).toEqual([folders[1], folders[2]]);
  });

  test("the role scan skips rows whose field differs and leaves Promises and numbers to the ordinary path", async () => {
    const oso = await osoWith(
      'allow(u: User, "read", r: Repo) if role in u.roles and role.name = "reader" and role.resource = r;',
      { Repo: repos },
    );
    const promised = { name: Promise.resolve("reader"), resource: repos[2] };
    const u = new User(1, "u", [
      new Role("writer", repos[0]),
      new Role("reader", repos[1]),
      promised as unknown as Role,
      { name: 7, resource: repos[0] } as unknown as Role,
    ]);
    expect(await oso.authorizedResources(u, "read", Repo)).toEqual([repos[1], repos[2]]);
    for (const r of repos) expect(await oso.isAllowed(u, "read", r)).toBe(r !== repos[0]);
  });

  test("repeated conditions and repeated alternatives are dropped, in short and long proofs", async () => {
    const repeat = (n: number) => Array.from({ length: n }, () => "r.orgId = 2").join(" and ");
    for (const n of [2, 12]) {
      const oso = await osoWith(
        `allow(_: User, "read", r: Repo) if ${repeat(n)} and r.id > 1; allow(_: User, "read", r: Repo) if r.id > 1 and ${repeat(n)};`,
      );
      const f = await oso.authorizedFilter(new User(1, "u", []), "read", Repo);
      expect(f.conditions).toEqual([
        [
          { lhs: { typeName: "Repo", fieldName: "orgId" }, cmp: "Eq", rhs: { value: 2 } },
          { lhs: { typeName: "Repo", fieldName: "id" }, cmp: "Gt", rhs: { value: 1 } },
        ],
      ]);
    }
  });

  test("not over two conditions becomes alternatives of negated comparisons", async () => {
    const oso = await osoWith('allow(_: User, "read", r: Repo) if not (r.isPublic = true and r.orgId = 2);');
    const f = await oso.authorizedFilter(new User(1, "u", []), "read", Repo);
    expect(f.conditions).toEqual([
      [{ lhs: { typeName: "Repo", fieldName: "isPublic" }, cmp: "Neq", rhs: { value: true } }],
      [{ lhs: { typeName: "Repo", fieldName: "orgId" }, cmp: "Neq", rhs: { value: 2 } }],
    ]);
  });

  test("cut before any condition on the resource is kept; values stay values", async () => {
    const oso = await osoWith(
      `allow(u: User, "read", r: Repo) if u.name = "it's" and cut and r.name = u.name;
       allow(_: User, "read", r: Repo) if r.id = 1;`,
      { Repo: [...repos, new Repo(4, "it's", 1, false)] },
    );
    const u = new User(1, "it's", []);
    expect((await oso.authorizedResources(u, "read", Repo)).map((r) => (r as Repo).id)).toEqual([4]);
    expect(await oso.isAllowed(u, "read", repos[0])).toBe(false);
  });
});

describe("no query equivalent: an error naming the expression and its position", () => {
  const u = new User(1, "u", []);
  test.each([
    ['allow(_: User, "read", r: Repo) if r.name.startsWith("a");', "A method call on the resource", 1, 36],
    ['allow(_: User, "read", r: Repo) if r.name.length = 1;', "A lookup on a column", 1, 36],
    ['allow(_: User, "read", r: Repo) if r.isOpen();', "A method call on the resource", 1, 36],
    ['allow(_: User, "read", r: Repo) if r.id + 1 = 2;', "Arithmetic on the resource", 1, 36],
    ['allow(_: User, "read", r: Repo) if r.isPublic and cut;', "A cut after a condition", 1, 51],
    ['allow(_: User, "read", r: Repo) if not _i in r.issues;', "`not` over a many-valued relation", 1, 36],
    ['allow(_: User, "read", r: Repo) if new User(1, "a", [r.id]).id = 1;', "Passing the resource", 1, 36],
    [
      'allow(_: User, "read", r: Repo) if r.name = ["a"];',
      "Comparing a column of the resource with a list",
      1,
      36,
    ],
    [
      'allow(_: User, "read", f: Folder) if f(f);\nf(x) if x.name = "a";\nf(x) if f(x.parent.parent);',
      "A path of more than 32 relations",
      3,
      11,
    ],
  ])("%s", async (policy, message, line, column) => {
    const oso = await osoWith(policy);
    const e = await failure(oso.authorizedFilter(u, "read", policy.includes("Folder") ? Folder : Repo));
    expect(e.code).toBe("unsupported_in_filter");
    expect(e.summary).toContain(message);
    expect([e.file, e.line, e.column]).toEqual(["policy.polar", line, column]);
  });

  test("cut in a rule the machine orders by specializers is refused (the order could differ)", async () => {
    const oso = await osoWith(`
      allow(u: User, "read", r: Repo) if f(u, r);
      f(_u: User, _r: Repo) if cut;
      f(_u, r) if r.isPublic;`);
    const e = await failure(oso.authorizedFilter(u, "read", Repo));
    expect(e.code).toBe("unsupported_in_filter");
    expect(e.summary).toContain("ordered by their specializers");
  });

  test("an exception of the application is an application_error at the expression", async () => {
    const oso = await osoWith('allow(u: User, "read", r: Repo) if u.boom() = r.name;');
    const boom = new Error("boom");
    const actor = Object.assign(new User(1, "u", []), {
      boom: () => {
        throw boom;
      },
    });
    const e = await failure(oso.authorizedFilter(actor, "read", Repo));
    expect([e.code, e.cause, e.column]).toEqual(["application_error", boom, 36]);
  });

  test("a field not declared in `fields` says to declare it", async () => {
    const oso = await osoWith('allow(_: User, "read", r: Repo) if r.secret = 1;');
    const e = await failure(oso.authorizedFilter(u, "read", Repo));
    expect(e.code).toBe("undeclared_field");
    expect(e.summary).toContain("declare it in registerClass(Repo, { fields:");
    expect(e.line).toBe(1);
  });
});

describe("limits", () => {
  test("the step limit and the depth limit bound a filter as they bound a decision", async () => {
    const oso = quietOso({ maxSteps: 500 });
    registerFixtures(oso);
    await oso.loadStr(
      'allow(_: User, "read", r: Repo) if x in [1, 2, 3] and f(x, 1000) and r.id = x;\nf(_, 0);\nf(x, n) if n > 0 and f(x, n - 1);',
    );
    const e = await failure(oso.authorizedFilter(new User(1, "u", []), "read", Repo));
    expect(e.code).toBe("step_limit");
    const deep = quietOso({ maxDepth: 50 });
    registerFixtures(deep);
    await deep.loadStr(
      'allow(_: User, "read", r: Repo) if f(r.id, 100);\nf(_, 0);\nf(x, n) if n > 0 and f(x, n - 1);',
    );
    expect((await failure(deep.authorizedFilter(new User(1, "u", []), "read", Repo))).code).toBe(
      "stack_overflow",
    );
  });
});

describe("configuration errors", () => {
  const u = new User(1, "u", []);
  const policy = 'allow(_: User, "read", r: Repo) if r.isPublic;';

  test("no adapter", async () => {
    const oso = await osoWith(policy);
    for (const p of [oso.authorizedQuery(u, "read", Repo), oso.authorizedResources(u, "read", Repo)]) {
      expect((await failure(p)).code).toBe("data_filtering_configuration");
    }
    // the filter itself needs none
    expect((await oso.authorizedFilter(u, "read", Repo)).model).toBe("Repo");
  });

  test("an unregistered class, by class or by name", async () => {
    const oso = await osoWith(policy, {});
    class Stranger {}
    expect((await failure(oso.authorizedResources(u, "read", Stranger))).code).toBe(
      "unregistered_class_runtime",
    );
    expect((await failure(oso.authorizedFilter(u, "read", "Nope"))).summary).toContain(
      "Nope is not a registered class",
    );
  });

  test("a Relation to an unregistered type, or comparing another Relation", async () => {
    const oso = quietOso();
    class A {}
    oso.registerClass(A, { fields: { id: Number, b: new Relation("one", "B", "bId", "id") } });
    await oso.loadStr('allow(_, "read", _: A);');
    const e = await failure(oso.authorizedFilter({}, "read", A));
    expect(e.code).toBe("data_filtering_configuration");
    expect(e.summary).toContain("Relation to B, which is not a registered class");
    class B {}
    oso.registerClass(B, { fields: { id: new Relation("one", "A", "id", "id") } });
    expect((await failure(oso.authorizedFilter({}, "read", A))).summary).toContain(
      "B.id, which is itself a Relation",
    );
  });

  test("the compared fields need not be declared (as in Oso's examples)", async () => {
    const oso = quietOso();
    class A {
      constructor(readonly bId: number) {}
    }
    class B {
      constructor(readonly id: number) {}
    }
    oso.registerClass(A, { fields: { b: new Relation("one", "B", "bId", "id") } });
    oso.registerClass(B, { fields: { id: Number } });
    await oso.loadStr('allow(_, "read", a: A) if a.b.id = 2;');
    oso.setDataFilteringAdapter(arrayAdapter({ A: [new A(1), new A(2)], B: [new B(1), new B(2)] }));
    expect(await oso.authorizedResources({}, "read", A)).toEqual([new A(2)]);
  });

  test("malformed fields are refused at registerClass", () => {
    const oso = quietOso();
    class A {}
    expect(() => oso.registerClass(A, { fields: { x: 1 } })).toThrow(/field `x` must be a class/);
    class C {}
    expect(() =>
      oso.registerClass(C, { fields: { x: new Relation("some" as "one", "A", "a", "b") } }),
    ).toThrow(/"one" or "many"/);
  });

  test("an adapter that throws or rejects: its error reaches the caller, never an empty list", async () => {
    const oso = await osoWith(policy);
    const boom = new Error("database down");
    const rejecting: Adapter = { buildQuery: (f) => f, executeQuery: async () => Promise.reject(boom) };
    oso.setDataFilteringAdapter(rejecting);
    await expect(oso.authorizedResources(u, "read", Repo)).rejects.toBe(boom);
    const throwing: Adapter = {
      buildQuery: () => {
        throw boom;
      },
      executeQuery: async () => [],
    };
    oso.setDataFilteringAdapter(throwing);
    await expect(oso.authorizedQuery(u, "read", Repo)).rejects.toBe(boom);
    await expect(oso.authorizedResources(u, "read", Repo)).rejects.toBe(boom);
    expect(() => oso.setDataFilteringAdapter({} as Adapter)).toThrow(/buildQuery/);
  });
});

describe("Relation fields in decisions", () => {
  const policy = `
allow(_: User, "read", r: Repo) if r.org.name = "one";
allow(_: User, "read", o: Org) if r in o.repos and r.isPublic;
allow(_: User, "read", i: Issue) if i.repo.isPublic;`;

  test('"one" gives the related row, "many" the list, through the adapter', async () => {
    const oso = await osoWith(policy, { Org: [org1, org2], Repo: repos });
    const u = new User(1, "u", []);
    expect(await oso.isAllowed(u, "read", repos[0])).toBe(true);
    expect(await oso.isAllowed(u, "read", repos[1])).toBe(false);
    expect(await oso.isAllowed(u, "read", org2)).toBe(true);
    expect(await oso.isAllowed(u, "read", org1)).toBe(false);
  });

  test('"one" with no row or several is an error, never a denial', async () => {
    const oso = await osoWith(policy, { Org: [org1, org2], Repo: [repos[0]!, repos[0]!] });
    const u = new User(1, "u", []);
    const e = await failure(oso.isAllowed(u, "read", new Issue(1, 1, false, 1)));
    expect(e.summary).toContain("Wrong number of parents: 2");
    const lost = await failure(oso.isAllowed(u, "read", new Repo(9, "z", 7, false)));
    expect(lost.summary).toContain("Wrong number of parents: 0");
  });

  test("with no adapter, reading a Relation is an error", async () => {
    const oso = await osoWith(policy);
    const e = await failure(oso.isAllowed(new User(1, "u", []), "read", repos[0]));
    expect(e.summary).toContain("no data filtering adapter is set");
  });

  test("a dictionary pattern reads a Relation field as a lookup does", async () => {
    const oso = await osoWith('allow(_: User, "read", r: Repo) if r matches {org: {name: "one"}};', {
      Org: [org1, org2],
      Repo: repos,
    });
    const u = new User(1, "u", []);
    expect(await oso.isAllowed(u, "read", repos[0])).toBe(true);
    expect(await oso.isAllowed(u, "read", repos[1])).toBe(false);
    expect(await oso.authorizedResources(u, "read", Repo)).toEqual([repos[0]]);
  });

  test("a Relation on the actor is read through the adapter while filtering, then inlined", async () => {
    class Member {
      constructor(
        readonly id: number,
        readonly memberId: number,
        readonly orgId: number,
      ) {}
    }
    class Person {
      constructor(readonly id: number) {}
    }
    const oso = quietOso();
    registerFixtures(oso);
    oso.registerClass(Member, { fields: { id: Number, memberId: Number, orgId: Number } });
    oso.registerClass(Person, {
      fields: { id: Number, memberships: new Relation("many", "Member", "id", "memberId") },
    });
    await oso.loadStr('allow(p: Person, "read", r: Repo) if m in p.memberships and r.orgId = m.orgId;');
    const queried: string[] = [];
    const rows = arrayAdapter({ Repo: repos, Member: [new Member(1, 7, 2), new Member(2, 8, 1)] });
    oso.setDataFilteringAdapter({
      buildQuery: (f) => {
        queried.push(f.model);
        return rows.buildQuery(f);
      },
      executeQuery: (q) => rows.executeQuery(q),
    });
    expect(await oso.authorizedResources(new Person(7), "read", Repo)).toEqual([repos[1], repos[2]]);
    expect(queried).toEqual(["Member", "Repo"]);
  });

  describe("with an adapter that takes relations from a value", () => {
    class Member {
      constructor(
        readonly id: number,
        readonly memberId: number,
        readonly orgId: number,
      ) {}
      org(): number {
        return this.orgId;
      }
    }
    class Person {
      constructor(readonly id: number | null) {}
    }
    const members = [new Member(1, 7, 2), new Member(2, 8, 1), new Member(3, 7, 9)];
    async function run(policy: string, person: Person) {
      const oso = quietOso();
      registerFixtures(oso);
      oso.registerClass(Member, { fields: { id: Number, memberId: Number, orgId: Number } });
      oso.registerClass(Person, {
        fields: { id: Number, memberships: new Relation("many", "Member", "id", "memberId") },
      });
      await oso.loadStr(policy);
      const filters: Filter[] = [];
      const rows = arrayAdapter({ Repo: repos, Member: members });
      oso.setDataFilteringAdapter({
        buildQuery: (f) => {
          filters.push(f);
          return rows.buildQuery(f);
        },
        executeQuery: (q) => rows.executeQuery(q),
        capabilities: { relationSubqueries: true },
      });
      const found = await oso.authorizedResources(person, "read", Repo);
      return { found, filters };
    }

    test("the actor's rows stay a subquery: one query, a relation from the actor", async () => {
      const person = new Person(7);
      const { found, filters } = await run(
        'allow(p: Person, "read", r: Repo) if m in p.memberships and r.orgId = m.orgId;',
        person,
      );
      expect(found).toEqual([repos[1], repos[2]]);
      expect(filters.map((f) => f.model)).toEqual(["Repo"]);
      expect(filters[0]!.relations).toEqual([
        { fromValue: person, fromTypeName: "Person", fromFieldName: "memberships", toTypeName: "Member" },
      ]);
      expect(filters[0]!.conditions).toEqual([
        [
          { lhs: { typeName: "Member", fieldName: "memberId" }, cmp: "Eq", rhs: { value: 7 } },
          {
            lhs: { typeName: "Repo", fieldName: "orgId" },
            cmp: "Eq",
            rhs: { typeName: "Member", fieldName: "orgId" },
          },
        ],
      ]);
    });

    test.each([
      [
        "a method call on a row",
        'allow(p: Person, "read", r: Repo) if m in p.memberships and r.orgId = m.org();',
        [1, 2],
      ],
      [
        "`not` over the membership",
        'allow(p: Person, "read", r: Repo) if m in p.memberships and r.orgId = m.orgId and not (n in p.memberships and n.orgId = 9 and r.id = 3);',
        // the membership in org 9 excludes repository 3
        [1],
      ],
    ] as const)("%s: the rows are fetched and inlined instead", async (_, policy, expected) => {
      const { found, filters } = await run(policy, new Person(7));
      expect(found).toEqual(expected.map((i) => repos[i]));
      // the rows read through the adapter (once per membership goal), then the repositories
      expect(filters.map((f) => f.model)).toContain("Member");
      expect(filters.at(-1)!.model).toBe("Repo");
      expect(filters.some((f) => f.relations.some(isValueRelation))).toBe(false);
    });

    test("an application error in the symbolic attempt reaches the caller, the method called once", async () => {
      let calls = 0;
      const person = Object.assign(new Person(7), {
        boom(): boolean {
          calls++;
          throw new Error("the application failed");
        },
      });
      await expect(
        run(
          'allow(p: Person, "read", r: Repo) if m in p.memberships and p.boom() and r.orgId = m.orgId;',
          person,
        ),
      ).rejects.toMatchObject({ code: "application_error" });
      // not retried with the rows fetched: the application sees the failing call once
      expect(calls).toBe(1);
    });

    test("an actor without a key has no rows (the Relation is read as an empty list)", async () => {
      const { found, filters } = await run(
        'allow(p: Person, "read", r: Repo) if m in p.memberships and r.orgId = m.orgId;',
        new Person(null),
      );
      expect(found).toEqual([]);
      expect(filters.some((f) => f.relations.some(isValueRelation))).toBe(false);
    });
  });

  test("a declared Relation is read through the adapter even when the object holds a stale value", async () => {
    const oso = await osoWith(policy, { Org: [org1, org2], Repo: repos });
    const u = new User(1, "u", []);
    // the own `org` disagrees with orgId: the adapter's answer (by orgId) decides, as in Oso
    expect(await oso.isAllowed(u, "read", Object.assign(new Repo(5, "e", 2, false), { org: org1 }))).toBe(
      false,
    );
    expect(await oso.isAllowed(u, "read", Object.assign(new Repo(6, "f", 1, false), { org: org2 }))).toBe(
      true,
    );
    // an own empty list for a "many" Relation does not hide the adapter's rows
    expect(await oso.isAllowed(u, "read", Object.assign(new Org(2, "two"), { repos: [] }))).toBe(true);
  });

  describe("an actor whose own value for a Relation field is stale", () => {
    class Member {
      constructor(
        readonly id: number,
        readonly memberId: number,
        readonly orgId: number,
        // stale in-memory copies of Relation fields
        readonly org: Org | null = null,
      ) {}
    }
    class Person {
      // an own empty list, as an ORM entity or a class with a default gives
      readonly memberships: Member[] = [];
      constructor(
        readonly id: number,
        readonly own: Member[] = [],
      ) {}
    }
    async function personOso(policy: string) {
      const oso = quietOso();
      registerFixtures(oso);
      oso.registerClass(Member, {
        fields: {
          id: Number,
          memberId: Number,
          orgId: Number,
          org: new Relation("one", "Org", "orgId", "id"),
        },
      });
      oso.registerClass(Person, {
        fields: { id: Number, memberships: new Relation("many", "Member", "id", "memberId") },
      });
      await oso.loadStr(policy);
      oso.setDataFilteringAdapter(
        arrayAdapter({ Org: [org1, org2], Repo: repos, Member: [new Member(1, 7, 2), new Member(2, 8, 1)] }),
      );
      return oso;
    }

    test("isAllowed and authorizedResources get the adapter's rows, not the own empty list", async () => {
      const oso = await personOso(
        'allow(p: Person, "read", r: Repo) if m in p.memberships and r.orgId = m.orgId;',
      );
      const p = new Person(7);
      expect(await oso.isAllowed(p, "read", repos[1])).toBe(true);
      expect(await oso.isAllowed(p, "read", repos[0])).toBe(false);
      expect(await oso.authorizedResources(p, "read", Repo)).toEqual([repos[1], repos[2]]);
    });

    test("a list scan does not read a stale own value of an element's Relation field", async () => {
      // `own` is a plain field, long enough for the machine to pre-check its elements with
      // direct reads; `m.org` is a declared Relation whose own values are stale
      const oso = await personOso('allow(p: Person, "read", o: Org) if m in p.own and m.org = o;');
      const p = new Person(
        7,
        Array.from({ length: 10 }, (_, i) => new Member(i + 1, 7, 2, org1)),
      );
      expect(await oso.isAllowed(p, "read", org2)).toBe(true);
      expect(await oso.isAllowed(p, "read", org1)).toBe(false);
      expect(await oso.authorizedResources(p, "read", Org)).toEqual([org2]);
    });
  });
});

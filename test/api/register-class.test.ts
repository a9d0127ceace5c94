/**
 * `registerClass(cls, { fields })` (issue 3): Oso's option declaring a class's field types
 * (for data filtering in Oso). oso-ts accepts it, as an object or a Map, and decides
 * exactly as without it: the decision engine reads fields from the instances, except a
 * field declared as a `Relation`, which it reads through the data filtering adapter, as Oso.
 */
import { arrayAdapter, OperationalError, Oso, type PolarError } from "@oso-ts/core";
import { describe, expect, it } from "vitest";

class Org {
  constructor(readonly name: string) {}
}
class User {
  constructor(
    readonly name: string,
    readonly org: Org,
  ) {}
}
class Repo {
  constructor(
    readonly id: number,
    readonly org: Org,
    readonly isPublic: boolean,
  ) {}
}

const POLICY = `allow(_user: User, "read", repo: Repo) if repo.isPublic;
allow(user: User, "read", repo: Repo) if user.org = repo.org;
`;

const acme = new Org("acme");
const other = new Org("other");
const ann = new User("ann", acme);
const decisions = [
  [new Repo(1, acme, false), true],
  [new Repo(2, other, false), false],
  [new Repo(3, other, true), true],
] as const;

async function answers(oso: Oso): Promise<boolean[]> {
  await oso.loadStr(POLICY);
  const out: boolean[] = [];
  for (const [repo] of decisions) {
    const allowed = await oso.isAllowed(ann, "read", repo);
    expect(oso.isAllowedSync(ann, "read", repo)).toBe(allowed);
    out.push(allowed);
  }
  return out;
}

const EXPECTED = decisions.map(([, allowed]) => allowed);

describe("registerClass with fields", () => {
  it("decides as without fields", async () => {
    const oso = new Oso();
    oso.registerClass(Org);
    oso.registerClass(User);
    oso.registerClass(Repo);
    expect(await answers(oso)).toEqual(EXPECTED);
  });

  it("accepts fields as an object of types and classes", async () => {
    const oso = new Oso();
    expect(() => oso.registerClass(Org, { fields: { name: String } })).not.toThrow();
    oso.registerClass(User, { fields: { name: String, org: Org } });
    oso.registerClass(Repo, { fields: { id: Number, org: Org, isPublic: Boolean } });
    expect(await answers(oso)).toEqual(EXPECTED);
  });

  it("accepts fields as a Map, with the other options", async () => {
    const oso = new Oso();
    oso.registerClass(Org, { fields: new Map([["name", String]]) });
    oso.registerClass(User, { name: "User", fields: new Map<string, unknown>([["org", Org]]) });
    oso.registerClass(Repo, { fields: {}, isaCheck: (v) => v instanceof Repo });
    expect(await answers(oso)).toEqual(EXPECTED);
  });

  it("accepts Oso's relation descriptions as field values, and reads them through the adapter as Oso does", async () => {
    // the shape of oso's `Relation` (kind, otherType, myField, otherField)
    const relation = { kind: "one", otherType: "Org", myField: "orgName", otherField: "name" };
    // each holds an `org` of its own, stale: the declared Relation is read by `orgName`
    class Member {
      readonly org = other;
      constructor(
        readonly name: string,
        readonly orgName: string,
      ) {}
    }
    class Project {
      readonly org = acme;
      constructor(
        readonly id: number,
        readonly orgName: string,
        readonly isPublic: boolean,
      ) {}
    }
    const oso = new Oso();
    oso.registerClass(Org);
    oso.registerClass(Member, { name: "User", fields: { name: String, org: relation } });
    oso.registerClass(Project, { name: "Repo", fields: { org: relation } });
    oso.setDataFilteringAdapter(arrayAdapter({ Org: [acme, other] }));
    await oso.loadStr(POLICY);
    const member = new Member("ann", "acme");
    const projects = [
      new Project(1, "acme", false),
      new Project(2, "other", false),
      new Project(3, "other", true),
    ];
    const got: boolean[] = [];
    for (const p of projects) got.push(await oso.isAllowed(member, "read", p));
    expect(got).toEqual(EXPECTED);
    // reading the relation asks the adapter, whose answer is a Promise
    expect(() => oso.isAllowedSync(member, "read", projects[1]!)).toThrow(
      expect.objectContaining({ code: "async_in_sync" }),
    );
  });

  it("still refuses what registerClass always refuses, fields or not", () => {
    const oso = new Oso();
    oso.registerClass(Org, { fields: { name: String } });
    let taken: unknown;
    try {
      oso.registerClass(class Org {}, { fields: { name: String } });
    } catch (e) {
      taken = e;
    }
    expect(taken).toBeInstanceOf(OperationalError);
    expect((taken as PolarError).code).toBe("duplicate_class_alias");
    expect(() => oso.registerClass({}, { fields: {} })).toThrow(/is not a constructor/);
  });

  it("types fields as an object or a Map, and refuses anything else at run time", async () => {
    const oso = new Oso();
    const refused = expect.objectContaining({ code: "invalid_argument" });
    // @ts-expect-error: a number is not a description of fields
    expect(() => oso.registerClass(Org, { fields: 42 })).toThrow(refused);
    // @ts-expect-error: nor is a string
    expect(() => oso.registerClass(User, { fields: "name: String" })).toThrow(refused);
    expect(() => oso.registerClass(Repo, { fields: null as unknown as Record<string, unknown> })).toThrow(
      refused,
    );
    expect(() => oso.registerClass(Repo, null as unknown as {})).toThrow(refused);
    // @ts-expect-error: isaCheck is a function
    expect(() => oso.registerClass(Repo, { isaCheck: true })).toThrow(refused);
    // nothing was registered by the refused calls
    oso.registerClass(Org);
    oso.registerClass(User);
    oso.registerClass(Repo);
  });
});

/**
 * The ways of listing "the repositories the user may read" that the lists benchmark
 * compares, each returning the rows (or instances) it found.
 * @module
 */
import { Oso as OsoTs, Relation as OsoTsRelation } from "@oso-ts/core";
import type { AuthorizedQuery } from "@oso-ts/kysely";
import { Relation as LegacyRelation, Oso as OsoLegacy } from "oso";
import {
  adapterOf,
  allRepos,
  handWritten,
  loadUser,
  Org,
  OrgRole,
  POLICY,
  Repo,
  RepoRole,
  USER_ID,
  User,
  type World,
} from "./world.js";

/** One way of listing: `list()` answers for the measured user. */
export interface Subject {
  readonly label: string;
  list(): Promise<readonly { id: number }[]>;
}

/** The fields oso@0.27.3 (and oso-ts's data filtering) need: columns, and Relations made by `rel`. */
function fields<R>(rel: (kind: "one" | "many", type: string, my: string, other: string) => R) {
  return {
    User: {
      id: Number,
      orgRoles: rel("many", "OrgRole", "id", "userId"),
      repoRoles: rel("many", "RepoRole", "id", "userId"),
    },
    Org: { id: Number, name: String },
    Repo: { id: Number, name: String, orgId: Number, org: rel("one", "Org", "orgId", "id") },
    OrgRole: { id: Number, userId: Number, orgId: Number, name: String },
    RepoRole: { id: Number, userId: Number, repoId: Number, name: String },
  };
}
const CLASSES = { User, Org, Repo, OrgRole, RepoRole };

/** The hand-written SQL query. */
export function handWrittenSubject(world: World): Subject {
  return { label: "hand-written SQL", list: () => handWritten(world, USER_ID) };
}

/** Load every repository and call oso-ts's `isAllowed` on each. */
export async function perRowSubject(world: World): Promise<Subject> {
  const oso = new OsoTs();
  for (const cls of Object.values(CLASSES)) oso.registerClass(cls);
  await oso.loadStr(POLICY);
  return {
    label: "all rows + oso-ts isAllowed per row",
    async list() {
      const user = await loadUser(world, USER_ID);
      const allowed: Repo[] = [];
      for (const repo of await allRepos(world))
        if (await oso.isAllowed(user, "read", repo)) allowed.push(repo);
      return allowed;
    },
  };
}

/** oso@0.27.3's `authorizedResources`, through `@oso-ts/kysely`. */
export async function legacySubject(world: World): Promise<Subject> {
  const oso = new OsoLegacy<unknown, unknown, object, unknown, unknown, AuthorizedQuery>();
  const f = fields((k, t, m, o) => new LegacyRelation(k, t, m, o));
  for (const [name, cls] of Object.entries(CLASSES))
    oso.registerClass(cls, { fields: f[name as keyof typeof f] });
  oso.setDataFilteringAdapter(adapterOf(world));
  await oso.loadStr(POLICY);
  const user = new User(USER_ID);
  return {
    label: "oso@0.27.3 authorizedResources (@oso-ts/kysely)",
    list: async () => (await oso.authorizedResources(user, "read", Repo)) as Repo[],
  };
}

/** oso-ts's own `authorizedResources`, through `@oso-ts/kysely`: the figure the targets are about. */
export async function osoTsSubject(world: World): Promise<Subject> {
  const oso = new OsoTs();
  const f = fields((k, t, m, o) => new OsoTsRelation(k, t, m, o));
  for (const [name, cls] of Object.entries(CLASSES))
    oso.registerClass(cls, { fields: f[name as keyof typeof f] });
  oso.setDataFilteringAdapter(adapterOf(world));
  await oso.loadStr(POLICY);
  const user = new User(USER_ID);
  return {
    label: "oso-ts authorizedResources (@oso-ts/kysely)",
    list: async () => (await oso.authorizedResources(user, "read", Repo)) as Repo[],
  };
}

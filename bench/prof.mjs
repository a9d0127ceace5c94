import { Oso, Relation } from "@oso-ts/core";
const W = await import("./dist/lists/world.js");
const size = Number(process.argv[2] ?? 100000);
const world = await W.createWorld(size);
const oso = new Oso();
const rel = (k,t,m,o)=>new Relation(k,t,m,o);
const f = {
    User: { id: Number, orgRoles: rel("many", "OrgRole", "id", "userId"), repoRoles: rel("many", "RepoRole", "id", "userId") },
    Org: { id: Number, name: String },
    Repo: { id: Number, name: String, orgId: Number, org: rel("one", "Org", "orgId", "id") },
    OrgRole: { id: Number, userId: Number, orgId: Number, name: String },
    RepoRole: { id: Number, userId: Number, repoId: Number, name: String },
};
for (const [n, c] of Object.entries({User: W.User, Org: W.Org, Repo: W.Repo, OrgRole: W.OrgRole, RepoRole: W.RepoRole})) oso.registerClass(c, {fields: f[n]});
const adapter = W.adapterOf(world);
oso.setDataFilteringAdapter(adapter);
await oso.loadStr(W.POLICY);
const u = new W.User(W.USER_ID);
const t = async (label, fn, n = 7) => { let best = Infinity, r; for (let i = 0; i < n; i++) { const s = performance.now(); r = await fn(); best = Math.min(best, performance.now() - s); } console.log(label.padEnd(30), best.toFixed(2), "ms"); return r; };
const filter = await t("authorizedFilter", () => oso.authorizedFilter(u, "read", W.Repo));
console.log("disjuncts", filter.conditions.length);
const q = await t("buildQuery", () => adapter.buildQuery(filter));
await t("compile", () => q.compile());
const c = q.compile(); console.log(c.sql.slice(0, 300), c.parameters.length);
await t("execute rows", () => q.execute());
await t("executeQuery (instances)", () => adapter.executeQuery(q));
await t("authorizedResources", () => oso.authorizedResources(u, "read", W.Repo));
await t("hand-written", () => W.handWritten(world, W.USER_ID));
const { sql } = await import("kysely");
const plan = await sql.raw("explain query plan " + c.sql.replace(/\?/g, "1")).execute(world.db);
console.log(plan.rows);
await world.close();

/**
 * S3 scale: S2 with actors holding 1, 100 and 10,000 role assignments. The extra ones
 * (alternately reader and maintainer) are on other repos, of another org; the allowed
 * actor's granting assignment (owner of the issue's org) sits in the middle of its list.
 * @module
 */
import { type Decision, type Issue, Org, Repo, Role, type ScenarioSpec, User } from "../model.js";
import { hierarchySpec, type Member, target } from "./hierarchy.js";

export const SIZES = [1, 100, 10_000] as const;

export function scale(): ScenarioSpec<Member, Issue> {
  const { org, repo, issue } = target();
  const other = new Org("other");
  const largest = Math.max(...SIZES);
  const repos = [repo];
  for (let i = 0; i < largest; i++) repos.push(new Repo(`other/r${i}`, other));
  const extra = (n: number): Role[] =>
    repos.slice(1, n + 1).map((r, i) => new Role(i % 2 === 0 ? "reader" : "maintainer", r));
  const actors: Member[] = [];
  const decisions: Decision<Member, Issue>[] = [];
  for (const allowed of [true, false]) {
    for (const n of SIZES) {
      const roles = allowed ? extra(n - 1) : extra(n);
      if (allowed) roles.splice(Math.floor(roles.length / 2), 0, new Role("owner", org));
      const actor = new User(`${allowed ? "owner" : "stranger"}-${n}`, roles);
      actors.push(actor);
      const label = `${allowed ? "allowed" : "denied"} ${n.toLocaleString("en-US")}`;
      decisions.push({ label, actor, action: "read", resource: issue, expected: allowed });
    }
  }
  return hierarchySpec("S3", "scale (S2 with 1, 100 and 10,000 role assignments)", {
    repos,
    actors,
    decisions,
  });
}

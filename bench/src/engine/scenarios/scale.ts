/**
 * S3 scale: S2 with actors holding 1, 100 and 10,000 role assignments, built as issue 13
 * says: org `o1` with repo `r1` and its issue `i1`, plus n−1 other repos in org `o2`.
 * The denied actor holds `member` on `o1` followed by n−1 `reader` assignments, one on each
 * other repo; the allowed actor holds the n−1 `reader` assignments followed by `owner` on
 * `o1`. The decision is `read` on `i1`.
 * @module
 */
import { type Decision, type Issue, Org, Repo, type ScenarioSpec } from "../model.js";
import { type Assignment, hierarchySpec, type Member, target, User } from "./hierarchy.js";

export const SIZES = [1, 100, 10_000] as const;

export function scale(): ScenarioSpec<Member, Issue> {
  const { org, repo, issue } = target();
  const o2 = new Org("o2");
  const largest = Math.max(...SIZES);
  const repos = [repo];
  for (let i = 2; i <= largest; i++) repos.push(new Repo(`r${i}`, o2));
  const readers = (n: number): Assignment[] =>
    repos.slice(1, n).map((r) => ({ name: "reader", resource: r }));
  const actors: Member[] = [];
  const decisions: Decision<Member, Issue>[] = [];
  for (const allowed of [true, false]) {
    for (const n of SIZES) {
      const roles: Assignment[] = allowed
        ? [...readers(n), { name: "owner", resource: org }]
        : [{ name: "member", resource: org }, ...readers(n)];
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

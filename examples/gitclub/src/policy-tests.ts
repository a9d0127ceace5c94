/**
 * GitClub's policy, stated as cases: who may do what to which organization, repository
 * and issue. Run with `oso-ts test dist/policy-tests.js --coverage` (after `tsc -b`), or
 * through Vitest (policy-tests.test.ts). Together the cases exercise every rule, declared
 * permission, role and implication of authorization.polar.
 * @module
 */
import { arrayAdapter } from "@oso-ts/core";
import type { PolicyTestModule } from "@oso-ts/core/testing";
import { Issue, Member, Org, Repo, User } from "./models.js";
import { createOso } from "./oso.js";

const acme = new Org(1, "acme", "");
const other = new Org(2, "other", "");
const anvil = new Repo(1, "anvil", "", acme);
const bug = new Issue(1, 1, "a bug", "", false, 5, "rita", anvil);
const orphan = new Issue(2, 2, "old", "", false, 7, "eve", anvil);

const mikeInAcme = new Member(2, 1, "member");
const olivia = new User(1, "olivia", [{ orgId: 1, name: "owner" }], []);
const mike = new User(2, "mike", [{ orgId: 1, name: "member" }], []);
const ada = new User(3, "ada", [], [{ repoId: 1, name: "admin" }]);
const max = new User(4, "max", [], [{ repoId: 1, name: "maintainer" }]);
const rita = new User(5, "rita", [], [{ repoId: 1, name: "reader" }]);
// eve created an issue, then lost every role: she may no longer close it
const eve = new User(7, "eve", [], []);

const suite: PolicyTestModule = {
  // the policy reads repo.org and issue.repo through the data-filtering adapter: these rows
  oso: createOso(arrayAdapter({ Org: [acme, other], Repo: [anvil] })),
  cases: [
    // organizations: an owner is a member too
    { name: "an owner reads the org", actor: olivia, action: "read", resource: acme, allowed: true },
    { name: "an owner updates the org", actor: olivia, action: "update", resource: acme, allowed: true },
    { name: "an owner deletes the org", actor: olivia, action: "delete", resource: acme, allowed: true },
    { name: "a member creates repos", actor: mike, action: "create_repo", resource: acme, allowed: true },
    {
      name: "a member may not update the org",
      actor: mike,
      action: "update",
      resource: acme,
      allowed: false,
    },
    { name: "roles stay in their org", actor: olivia, action: "read", resource: other, allowed: false },
    { name: "no role, no read", actor: eve, action: "read", resource: acme, allowed: false },
    // repositories: org roles flow down, admin > maintainer > reader
    { name: "an org member reads its repos", actor: mike, action: "read", resource: anvil, allowed: true },
    {
      name: "an org owner deletes its repos",
      actor: olivia,
      action: "delete",
      resource: anvil,
      allowed: true,
    },
    {
      name: "an org member may not delete repos",
      actor: mike,
      action: "delete",
      resource: anvil,
      allowed: false,
    },
    { name: "an admin deletes the repo", actor: ada, action: "delete", resource: anvil, allowed: true },
    { name: "an admin updates the repo", actor: ada, action: "update", resource: anvil, allowed: true },
    { name: "a maintainer updates the repo", actor: max, action: "update", resource: anvil, allowed: true },
    { name: "a maintainer reads the repo", actor: max, action: "read", resource: anvil, allowed: true },
    { name: "a reader creates issues", actor: rita, action: "create_issue", resource: anvil, allowed: true },
    {
      name: "a reader may not update the repo",
      actor: rita,
      action: "update",
      resource: anvil,
      allowed: false,
    },
    // issues: the repository's roles apply, and the creator may close while they may read
    { name: "a reader reads issues", actor: rita, action: "read", resource: bug, allowed: true },
    { name: "a maintainer updates issues", actor: max, action: "update", resource: bug, allowed: true },
    { name: "a maintainer closes issues", actor: max, action: "close", resource: bug, allowed: true },
    { name: "an admin deletes issues", actor: ada, action: "delete", resource: bug, allowed: true },
    { name: "the creator closes their issue", actor: rita, action: "close", resource: bug, allowed: true },
    {
      name: "a reader may not close others' issues",
      actor: rita,
      action: "close",
      resource: orphan,
      allowed: false,
    },
    {
      name: "a creator who may not read may not close",
      actor: eve,
      action: "close",
      resource: orphan,
      allowed: false,
    },
    // the list routes
    { name: "anyone signed in lists orgs", actor: eve, action: "list", resource: "orgs", allowed: true },
    { name: "anyone signed in lists repos", actor: eve, action: "list", resource: "repos", allowed: true },
    { name: "nobody lists issues this way", actor: eve, action: "list", resource: "issues", allowed: false },
    // members: seen by whoever may read their organization
    {
      name: "an org's owner sees its members",
      actor: olivia,
      action: "read",
      resource: mikeInAcme,
      allowed: true,
    },
    {
      name: "an outsider does not see members",
      actor: eve,
      action: "read",
      resource: mikeInAcme,
      allowed: false,
    },
  ],
};

export default suite;

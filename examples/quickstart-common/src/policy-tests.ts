/**
 * The quickstart's policy, stated as cases: every user reads and writes every page, with
 * the answers the built-in roles give (admin implies user). Run with `oso-ts test
 * dist/policy-tests.js --coverage` (after `tsc -b`), or through Vitest. Together the cases
 * exercise every rule, role, permission and implication of authorization.polar.
 * @module
 */
import type { PolicyTestCase, PolicyTestModule } from "@oso-ts/core/testing";
import { createOso } from "./oso.js";
import { Page } from "./page.js";
import { User } from "./user.js";

// alice: user of page 0, admin of page 1; bob: admin of page 2; carol: no role
const MAY: Readonly<Record<string, readonly [read: boolean, write: boolean][]>> = {
  alice: [
    [true, false],
    [true, true],
    [false, false],
  ],
  bob: [
    [false, false],
    [false, false],
    [true, true],
  ],
  carol: [
    [false, false],
    [false, false],
    [false, false],
  ],
};

const cases: PolicyTestCase[] = Object.entries(MAY).flatMap(([name, pages]) =>
  pages.flatMap(([read, write], n) => {
    const actor = User.getCurrentUser(name)!;
    const resource = Page.pages[n]!;
    return [
      {
        name: `${name} ${read ? "reads" : "may not read"} page ${n}`,
        actor,
        action: "read",
        resource,
        allowed: read,
      },
      {
        name: `${name} ${write ? "writes" : "may not write"} page ${n}`,
        actor,
        action: "write",
        resource,
        allowed: write,
      },
    ];
  }),
);

const suite: PolicyTestModule = { oso: createOso(), cases };

export default suite;

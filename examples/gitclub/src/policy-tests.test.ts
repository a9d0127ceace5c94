/**
 * GitClub's policy tests, run as `oso-ts test --coverage --min-coverage 100` would run
 * them: every case passes and every rule, permission, role and implication is exercised.
 */
import { policyTests } from "@oso-ts/core/testing";
import { test } from "vitest";
import suite from "./policy-tests.js";

policyTests(suite, { test, minCoverage: 100, label: "gitclub policy" });

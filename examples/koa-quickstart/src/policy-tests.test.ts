/**
 * The quickstart's policy tests through the Vitest helper: every case passes and every
 * rule, role, permission and implication of the policy is exercised.
 */
import { policyTests } from "@oso-ts/core/testing";
import { test } from "vitest";
import suite from "./policy-tests.js";

policyTests(suite, { test, minCoverage: 100, label: "quickstart policy" });

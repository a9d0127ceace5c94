/**
 * The quickstart's policy tests (shared with the other quickstart: the policy is the
 * same). Run with `oso-ts test dist/policy-tests.js --coverage` after `tsc -b`.
 * @module
 */
export { default } from "@oso-ts/example-quickstart-common/policy-tests";

import { defineConfig } from "vitest/config";

// Tests run from sources: every workspace package exports "@oso-ts/source" -> src/index.ts,
// so nothing needs to be built before `vitest run`.
export default defineConfig({
  resolve: { conditions: ["@oso-ts/source"] },
  ssr: { resolve: { conditions: ["@oso-ts/source"] } },
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "packages/*/test/**/*.test.ts",
      "examples/*/src/**/*.test.ts",
      "examples/*/test/**/*.test.ts",
      "test/**/*.test.ts",
    ],
    exclude: ["**/node_modules/**", "**/dist/**"],
    testTimeout: 20_000,
    // Type tests (`expectTypeOf` in *.test-d.ts) of the core and the adapters, checked by tsc with
    // test/adapters/tsconfig.json, which also type-checks the adapters' other test files.
    typecheck: {
      enabled: true,
      include: [
        "packages/core/src/**/*.test-d.ts",
        "packages/express/src/**/*.test-d.ts",
        "packages/koa/src/**/*.test-d.ts",
        "test/adapters/**/*.test-d.ts",
      ],
      tsconfig: "test/adapters/tsconfig.json",
    },
    // CI asks for a machine-readable report beside the console output (see .ci/run)
    ...(process.env.OSO_TS_TEST_REPORT
      ? { reporters: ["default", "json"], outputFile: { json: process.env.OSO_TS_TEST_REPORT } }
      : {}),
  },
});

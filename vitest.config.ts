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
    // CI asks for a machine-readable report beside the console output (see .ci/run)
    ...(process.env.OSO_TS_TEST_REPORT
      ? { reporters: ["default", "json"], outputFile: { json: process.env.OSO_TS_TEST_REPORT } }
      : {}),
  },
});

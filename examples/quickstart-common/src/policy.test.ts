import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { POLICY_FILE } from "./oso.js";

it("the quickstarts load Oso's quickstart policy byte for byte", () => {
  const fixture = fileURLToPath(
    new URL("../../../test/fixtures/quickstart-authorization.polar", import.meta.url),
  );
  expect(readFileSync(POLICY_FILE)).toEqual(readFileSync(fixture));
});

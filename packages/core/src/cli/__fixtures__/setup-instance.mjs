// An Oso made and loaded by the application, exported as `oso` (a Promise of one).
import { fileURLToPath } from "node:url";
import { Oso } from "@oso-ts/core";
import { Page, Slow, User } from "./models.mjs";

async function make() {
  const oso = new Oso({ timeoutMs: 500 });
  oso.registerClass(User);
  oso.registerClass(Page);
  oso.registerClass(Slow);
  oso.registerConstant(new User("bob", []), "bob");
  await oso.loadFiles([fileURLToPath(new URL("pages.polar", import.meta.url))]);
  return oso;
}
export const oso = make();

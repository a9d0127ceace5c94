// An Oso as the default export, with a rule loaded from a string.
import { Oso } from "@oso-ts/core";

const oso = new Oso();
await oso.loadStr("f(1); f(2);");
export default oso;

/** Oso's own JS library, oso@0.27.3 (Rust core in WebAssembly): `isAllowed`, awaited. @module */
import { Oso } from "oso";
import type { Contender } from "../contender.js";
import type { ScenarioSpec } from "../model.js";
import { POLAR_FORMS } from "../polar-forms.js";

export const LEGACY_NAME = "oso 0.27.3";

export async function osoLegacyContenders<A, R>(spec: ScenarioSpec<A, R>): Promise<Contender<A, R>[]> {
  const out: Contender<A, R>[] = [];
  for (const form of POLAR_FORMS) {
    const text = spec.polar[form.id];
    if (text === undefined || !form.legacy) continue;
    const oso = new Oso<A, string, R>();
    for (const cls of spec.classes) oso.registerClass(cls);
    await oso.loadStr(text, `${spec.id}-${form.id}.polar`);
    out.push({
      name: `${LEGACY_NAME} ${form.label} isAllowed`,
      engine: "oso",
      form: form.id,
      prepare: ({ actor, action, resource }) => ({
        kind: "async",
        call: () => oso.isAllowed(actor, action, resource),
      }),
    });
  }
  return out;
}

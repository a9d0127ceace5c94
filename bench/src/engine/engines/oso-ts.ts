/**
 * oso-ts: `isAllowed` (awaited) and `isAllowedSync`, once per Polar form, and `isAllowed`
 * with the compiled tier off (`compiledDecisions: false`), so that the tier is compared with
 * the query machine in the same run.
 * @module
 */
import { type Defined, Oso } from "@oso-ts/core";
import type { Contender } from "../contender.js";
import type { ScenarioSpec } from "../model.js";
import { POLAR_FORMS } from "../polar-forms.js";

export async function osoTsContenders<A, R>(spec: ScenarioSpec<A, R>): Promise<Contender<A, R>[]> {
  const out: Contender<A, R>[] = [];
  for (const form of POLAR_FORMS) {
    const text = spec.polar[form.id];
    if (text === undefined) continue;
    const oso = new Oso<A, string, R>();
    for (const cls of spec.classes) oso.registerClass(cls);
    await form.prepare?.(oso);
    await oso.loadStr(text, `${spec.id}-${form.id}.polar`);
    out.push(
      {
        name: `oso-ts ${form.label} isAllowed`,
        engine: "oso-ts",
        form: form.id,
        prepare: ({ actor, action, resource }) => ({
          kind: "async",
          // the scenarios never hold an undefined actor or resource
          call: () => oso.isAllowed(actor as Defined<A>, action, resource as Defined<R>),
        }),
      },
      {
        name: `oso-ts ${form.label} isAllowedSync`,
        engine: "oso-ts",
        form: form.id,
        prepare: ({ actor, action, resource }) => ({
          kind: "sync",
          call: () => oso.isAllowedSync(actor as Defined<A>, action, resource as Defined<R>),
        }),
      },
    );
    const machine = new Oso<A, string, R>({ compiledDecisions: false });
    for (const cls of spec.classes) machine.registerClass(cls);
    await form.prepare?.(machine);
    await machine.loadStr(text, `${spec.id}-${form.id}.polar`);
    out.push({
      name: `oso-ts ${form.label} isAllowed, query machine only`,
      engine: "oso-ts-interpreter",
      form: form.id,
      prepare: ({ actor, action, resource }) => ({
        kind: "async",
        call: () => machine.isAllowed(actor as Defined<A>, action, resource as Defined<R>),
      }),
    });
  }
  return out;
}

/** casbin 5: `enforceSync` over a model and CSV policy lines. @module */
import { newEnforcer, newModelFromString, StringAdapter } from "casbin";
import type { Contender } from "../contender.js";
import type { ScenarioSpec } from "../model.js";

export async function casbinContender<A, R>(spec: ScenarioSpec<A, R>): Promise<Contender<A, R>> {
  const { model, policy, request } = spec.casbin;
  const enforcer = await newEnforcer(newModelFromString(model), new StringAdapter(policy));
  return {
    name: "casbin 5 enforceSync",
    engine: "casbin",
    prepare: ({ actor, action, resource }) => ({
      kind: "sync",
      call: () => enforcer.enforceSync(...request(actor, action, resource)),
    }),
  };
}

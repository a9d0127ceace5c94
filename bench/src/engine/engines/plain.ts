/** The hand-written check, called directly. @module */
import type { Contender } from "../contender.js";
import type { ScenarioSpec } from "../model.js";

export function plainContender<A, R>(spec: ScenarioSpec<A, R>): Contender<A, R> {
  const check = spec.plain;
  return {
    name: "plain JS",
    engine: "plain",
    prepare: ({ actor, action, resource }) => ({ kind: "sync", call: () => check(actor, action, resource) }),
  };
}

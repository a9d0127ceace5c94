/** @casl/ability 7: `ability.can(action, subject)` on an ability built once per actor. @module */
import type { Contender } from "../contender.js";
import type { CaslAbility, ScenarioSpec } from "../model.js";

export function caslContender<A, R>(spec: ScenarioSpec<A, R>): Contender<A, R> {
  const abilities = new Map<A, CaslAbility<R>>();
  return {
    name: "CASL 7 can",
    engine: "casl",
    prepare: ({ actor, action, resource }) => {
      let ability = abilities.get(actor);
      if (ability === undefined) {
        ability = spec.casl.abilityFor(actor);
        abilities.set(actor, ability);
      }
      const a = ability;
      return { kind: "sync", call: () => a.can(action, resource) };
    },
  };
}

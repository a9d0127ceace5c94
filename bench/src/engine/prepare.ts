/**
 * Build every contender for a scenario, bind each to the scenario's decisions, and check
 * every answer before anything is timed.
 * @module
 */
import type { TimedCall } from "../timing.js";
import type { EngineId } from "./contender.js";
import { casbinContender } from "./engines/casbin.js";
import { caslContender } from "./engines/casl.js";
import { osoLegacyContenders } from "./engines/oso-legacy.js";
import { osoTsContenders } from "./engines/oso-ts.js";
import { plainContender } from "./engines/plain.js";
import type { ScenarioSpec } from "./model.js";
import type { PolarFormId } from "./polar-forms.js";

/** A contender bound to a scenario's decisions: `calls[i]` answers decision `i`. */
export interface Entry {
  readonly name: string;
  readonly engine: EngineId;
  readonly form?: PolarFormId;
  readonly sync: boolean;
  readonly calls: readonly TimedCall[];
}

/** A scenario ready to time (no longer generic in its actor and resource types). */
export interface Prepared {
  readonly id: string;
  readonly title: string;
  readonly decisions: readonly { readonly label: string; readonly expected: boolean }[];
  readonly entries: readonly Entry[];
}

export async function prepare<A, R>(spec: ScenarioSpec<A, R>): Promise<Prepared> {
  const contenders = [
    plainContender(spec),
    caslContender(spec),
    await casbinContender(spec),
    ...(await osoTsContenders(spec)),
    ...(await osoLegacyContenders(spec)),
  ];
  const entries = contenders.map((c): Entry => {
    const calls = spec.decisions.map((d) => c.prepare(d));
    return { name: c.name, engine: c.engine, form: c.form, sync: calls[0]?.kind === "sync", calls };
  });
  return {
    id: spec.id,
    title: spec.title,
    decisions: spec.decisions.map(({ label, expected }) => ({ label, expected })),
    entries,
  };
}

/** Every wrong answer (or error) of every entry, as readable lines; empty when all agree. */
export async function wrongAnswers(scenario: Prepared): Promise<string[]> {
  const wrong: string[] = [];
  for (const entry of scenario.entries) {
    for (const [i, decision] of scenario.decisions.entries()) {
      const where = `${scenario.id} "${decision.label}" by ${entry.name}`;
      try {
        const got = await entry.calls[i]!.call();
        if (got !== decision.expected)
          wrong.push(`${where}: got ${String(got)}, expected ${decision.expected}`);
      } catch (e) {
        wrong.push(`${where}: threw ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  return wrong;
}

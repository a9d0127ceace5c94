/**
 * The command line of the benchmarks: which scenarios to run, each with its options.
 * @module
 */

/** A benchmark scenario (the modules in `run.ts`'s list). */
export interface Scenario {
  readonly name: string;
  /** Throw on options (the arguments after the scenario's name) the scenario does not take. */
  checkArgs(args: readonly string[]): void;
  /** Run with those options (none: its defaults). */
  run(args: readonly string[]): void | Promise<void>;
}

/** One scenario to run, with its options. */
export interface Planned {
  readonly scenario: Scenario;
  readonly args: readonly string[];
}

/**
 * What to run for command-line arguments `argv`: scenario names, each followed by its
 * options (`--...`); every scenario when no name is given. Scenarios run in the order of
 * `scenarios`; every name and option is checked before anything runs.
 */
export function plan(argv: readonly string[], scenarios: readonly Scenario[]): Planned[] {
  const named = new Map<Scenario, string[]>();
  let current: string[] | undefined;
  for (const arg of argv) {
    if (arg.startsWith("--")) {
      if (current === undefined) {
        throw new Error(
          `option ${arg} comes before any scenario name: options follow the scenario they are for`,
        );
      }
      current.push(arg);
      continue;
    }
    const scenario = scenarios.find((s) => s.name === arg);
    if (scenario === undefined) {
      throw new Error(`unknown scenario ${arg}; known: ${scenarios.map((s) => s.name).join(", ")}`);
    }
    if (named.has(scenario)) throw new Error(`scenario ${arg} is named twice`);
    current = [];
    named.set(scenario, current);
  }
  const planned = scenarios
    .filter((s) => named.size === 0 || named.has(s))
    .map((scenario) => ({ scenario, args: named.get(scenario) ?? [] }));
  for (const { scenario, args } of planned) scenario.checkArgs(args);
  return planned;
}

/** `checkArgs` of a scenario that takes no options. */
export function noOptions(name: string): (args: readonly string[]) => void {
  return (args) => {
    if (args.length > 0) throw new Error(`the ${name} benchmark takes no options (got ${args.join(" ")})`);
  };
}

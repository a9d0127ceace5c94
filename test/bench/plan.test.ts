/**
 * The benchmarks' command line (`node dist/run.js [scenario [--option ...]] ...`): options
 * go to the scenario they follow, and everything is checked before anything runs.
 */
import { describe, expect, it } from "vitest";
import * as decisions from "../../bench/src/decisions.js";
import * as http from "../../bench/src/http.js";
import { noOptions, plan, type Scenario } from "../../bench/src/plan.js";

/** A scenario that records nothing and takes `--fast` only. */
function fake(name: string, takesFast = false): Scenario {
  return {
    name,
    checkArgs: takesFast
      ? (args) => {
          for (const a of args) if (a !== "--fast") throw new Error(`${name}: unknown argument ${a}`);
        }
      : noOptions(name),
    run: () => {},
  };
}

const a = fake("a");
const b = fake("b", true);
const c = fake("c", true);
const ALL = [a, b, c];
const named = (argv: string[]) => plan(argv, ALL).map((p) => [p.scenario.name, p.args]);

describe("plan", () => {
  it("runs every scenario, without options, when none is named", () => {
    expect(named([])).toEqual([
      ["a", []],
      ["b", []],
      ["c", []],
    ]);
  });

  it("runs the named scenarios in their own order, each with the options after its name", () => {
    expect(named(["c", "--fast", "a"])).toEqual([
      ["a", []],
      ["c", ["--fast"]],
    ]);
    expect(named(["b", "--fast", "--fast", "c"])).toEqual([
      ["b", ["--fast", "--fast"]],
      ["c", []],
    ]);
  });

  it("refuses an unknown scenario, naming the known ones", () => {
    expect(() => named(["b", "--rounds=3", "d"])).toThrow("unknown scenario d; known: a, b, c");
  });

  it("refuses options before any scenario name, and a scenario named twice", () => {
    expect(() => named(["--fast", "b"])).toThrow(/option --fast comes before any scenario name/);
    expect(() => named(["b", "c", "b"])).toThrow("scenario b is named twice");
  });

  it("has each scenario check its options before anything runs", () => {
    expect(() => named(["a", "--fast"])).toThrow("the a benchmark takes no options (got --fast)");
    expect(() => named(["b", "--slow"])).toThrow("b: unknown argument --slow");
  });
});

describe("the scenarios' options", () => {
  it("http takes --rounds, --duration, --connections and --warmup", () => {
    expect(plan(["http", "--rounds=3", "--duration=1.5", "--connections=4", "--warmup=0"], [http])).toEqual([
      { scenario: http, args: ["--rounds=3", "--duration=1.5", "--connections=4", "--warmup=0"] },
    ]);
    expect(() => plan(["http", "--round=3"], [http])).toThrow(/unknown argument --round=3/);
    expect(() => plan(["http", "--rounds=many"], [http])).toThrow(/unknown argument --rounds=many/);
  });

  it("decisions takes none", () => {
    expect(() => plan(["decisions", "--rounds=3"], [decisions, http])).toThrow(
      "the decisions benchmark takes no options (got --rounds=3)",
    );
    expect(plan(["decisions", "http", "--rounds=3"], [decisions, http]).map((p) => p.args)).toEqual([
      [],
      ["--rounds=3"],
    ]);
  });
});

/**
 * Markdown tables for the decision benchmark: medians per engine and decision, ratios of
 * oso-ts to plain JS and to oso@0.27.3, S3 growth, and the targets.
 * @module
 */
import type { CallStats } from "../timing.js";
import type { Entry, Prepared } from "./prepare.js";

/** `results[d][e]`: decision `d` answered by entry `e`. */
export type Results = readonly (readonly CallStats[])[];

/** Microseconds with about three significant digits. */
export function us(x: number): string {
  if (x >= 1000) return Math.round(x).toLocaleString("en-US");
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  if (x >= 1) return x.toFixed(2);
  return x.toFixed(3);
}

/** `12×`, `1.5×`, or below 1 `0.012× (1/85)`. */
export function ratio(x: number): string {
  if (!Number.isFinite(x)) return "—";
  if (x >= 100) return `${Math.round(x)}×`;
  if (x >= 1) return `${x.toPrecision(2)}×`;
  const inverse = 1 / x;
  return `${x.toPrecision(2)}× (1/${inverse >= 100 ? Math.round(inverse) : inverse.toPrecision(2)})`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

function header(first: string, scenario: Prepared): string[] {
  const heads = scenario.decisions.map((d) => `${d.label} (${d.expected ? "allow" : "deny"})`);
  return [row([first, ...heads]), row([first, ...heads].map(() => "---"))];
}

/**
 * Median µs per call (p25–p75) for every entry and decision; `†n` marks an entry whose runs
 * were capped (n runs instead of one per round), explained under the table.
 */
export function medianTable(scenario: Prepared, results: Results, rounds: number): string {
  const lines = header("engine", scenario);
  const capped: string[] = [];
  scenario.entries.forEach((entry, e) => {
    const cells = results.map((r, d) => {
      const s = r[e]!;
      if (s.capped) capped.push(`${entry.name} on "${scenario.decisions[d]!.label}": ${s.runs} runs`);
      return `${us(s.median)} (${us(s.p25)}–${us(s.p75)})${s.capped ? ` †${s.runs}` : ""}`;
    });
    lines.push(row([entry.name, ...cells]));
  });
  if (capped.length > 0) {
    lines.push(
      "",
      `† too slow for ${rounds} rounds: timed in fewer rounds, one call each (${capped.join("; ")}); ` +
        "with so few runs the p75 is close to the maximum.",
    );
  }
  return lines.join("\n");
}

function indexOf(scenario: Prepared, match: (e: Entry) => boolean): number {
  return scenario.entries.findIndex(match);
}

/** oso-ts ÷ plain JS and oso-ts ÷ oso@0.27.3 (same form), per decision. */
export function ratioTable(scenario: Prepared, results: Results, legacyName: string): string {
  const lines = header("ratio of medians", scenario);
  const plain = indexOf(scenario, (e) => e.engine === "plain");
  scenario.entries.forEach((entry, e) => {
    if (entry.engine !== "oso-ts") return;
    const legacy = indexOf(scenario, (x) => x.engine === "oso" && x.form === entry.form);
    const of = (other: number) => results.map((r) => ratio(r[e]!.median / (r[other]?.median ?? Number.NaN)));
    lines.push(row([`${entry.name} ÷ plain JS`, ...of(plain)]));
    lines.push(row([`${entry.name} ÷ ${legacyName} ${entry.form ?? ""} isAllowed`, ...of(legacy)]));
    // the compiled tier against the query machine, same form, same run
    const machine = indexOf(scenario, (x) => x.engine === "oso-ts-interpreter" && x.form === entry.form);
    if (!entry.sync && machine >= 0) lines.push(row([`${entry.name} ÷ query machine only`, ...of(machine)]));
  });
  return lines.join("\n");
}

/**
 * S3 growth: median at each size ÷ median at the smallest, for allowed and denied.
 * `sizes` are the sizes of the decisions, allowed ones first, then denied ones.
 */
export function growthTable(scenario: Prepared, results: Results, sizes: readonly number[]): string {
  const n = sizes.length;
  const heads: string[] = [];
  for (const kind of ["allowed", "denied"]) {
    for (const size of sizes.slice(1)) heads.push(`${kind} ${size.toLocaleString("en-US")} ÷ ${sizes[0]}`);
  }
  const lines = [row(["engine", ...heads]), row(["engine", ...heads].map(() => "---"))];
  scenario.entries.forEach((entry, e) => {
    const cells: string[] = [];
    for (const base of [0, n]) {
      for (let j = 1; j < n; j++)
        cells.push(ratio(results[base + j]![e]!.median / results[base]![e]!.median));
    }
    lines.push(row([entry.name, ...cells]));
  });
  return lines.join("\n");
}

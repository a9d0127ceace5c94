/**
 * The targets of the issue, checked against what was measured (oso-ts `isAllowed`,
 * awaited), from issue 13: S1 median ≤ 0.5 µs, S2 median ≤ 1.5 µs, S3 at 10,000 assignments
 * (denied and allowed) ≤ 20× plain JS.
 * @module
 */
import type { Prepared } from "./prepare.js";
import { type Results, ratio, us } from "./report.js";

const MAX_US: Readonly<Record<string, number>> = { S1: 0.5, S2: 1.5 };
const MAX_VS_PLAIN = 20;
const LARGEST = "10,000";

/** One line per oso-ts `isAllowed` entry and target of this scenario (none if it has no target). */
export function targetLines(scenario: Prepared, results: Results): string[] {
  const lines: string[] = [];
  const plain = scenario.entries.findIndex((e) => e.engine === "plain");
  scenario.entries.forEach((entry, e) => {
    if (entry.engine !== "oso-ts" || entry.sync) return;
    const limit = MAX_US[scenario.id];
    if (limit !== undefined) {
      const worst = Math.max(...results.map((r) => r[e]!.median));
      const verdict = worst <= limit ? "met" : "MISSED";
      lines.push(
        `- ${scenario.id} ${entry.name}: slowest median ${us(worst)} µs, target ≤ ${limit} µs: ${verdict}`,
      );
    }
    if (scenario.id === "S3") {
      scenario.decisions.forEach((d, i) => {
        if (!d.label.endsWith(LARGEST)) return;
        const r = results[i]!;
        const x = r[e]!.median / r[plain]!.median;
        const verdict = x <= MAX_VS_PLAIN ? "met" : "MISSED";
        lines.push(
          `- S3 ${entry.name}, ${d.label}: ${us(r[e]!.median)} µs = ${ratio(x)} plain JS (${us(r[plain]!.median)} µs), target ≤ ${MAX_VS_PLAIN}×: ${verdict}`,
        );
      });
    }
  });
  return lines;
}

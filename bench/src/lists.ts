/**
 * Lists scenario (issue 9): "the repositories the user may read" at 1,000, 10,000 and
 * 100,000 repositories, the user allowed about 1%, on SQLite in memory. Compared in one run:
 * a hand-written SQL query, oso@0.27.3's `authorizedResources` through `@oso-ts/kysely`,
 * oso-ts's `authorizedResources` (a slot until the core's data filtering lands), and loading
 * every row to call oso-ts's `isAllowed` on each. Every subject's answer is checked against
 * the hand-written query's first; one wrong answer aborts the run.
 *
 * Options: `--sizes=1000,10000` (default 1000,10000,100000), `--runs=N` (default 7): timed
 * calls per subject, fewer when a subject would take over 10 s. Before them, every subject
 * alike is warmed up (untimed calls, up to 30 or 1 s), so that the medians are of the
 * steady state rather than of the JIT compiling. A call of over 2 s is timed once and not
 * repeated (per-row `isAllowed` at 100,000 rows).
 * @module
 */
import {
  handWrittenSubject,
  legacySubject,
  osoTsSubject,
  perRowSubject,
  type Subject,
} from "./lists/subjects.js";
import { createWorld } from "./lists/world.js";

export const name = "lists";

const DEFAULT_SIZES = [1_000, 10_000, 100_000];
const BUDGET_MS = 10_000;
const SLOW_MS = 2_000;
const WARMUP_CALLS = 30;
const WARMUP_MS = 1_000;

interface Options {
  readonly sizes: readonly number[];
  readonly runs: number;
}

function parse(args: readonly string[]): Options {
  let sizes = DEFAULT_SIZES;
  let runs = 7;
  for (const arg of args) {
    const [key, value = ""] = arg.split("=", 2);
    if (key === "--sizes" && /^\d+(,\d+)*$/.test(value)) sizes = value.split(",").map(Number);
    else if (key === "--runs" && /^[1-9]\d*$/.test(value)) runs = Number(value);
    else throw new Error(`the lists benchmark takes --sizes=N,N,... and --runs=N (got ${arg})`);
  }
  if (sizes.some((n) => n < 1)) throw new Error("lists: every size must be at least 1");
  return { sizes, runs };
}

/** Throws on options the scenario does not take. */
export function checkArgs(args: readonly string[]): void {
  parse(args);
}

/** Median of the timed calls of `subject` (ms), after the warm-up; the answer's ids. */
async function time(
  subject: Subject,
  runs: number,
): Promise<{ median: number; runs: number; ids: number[] }> {
  let start = performance.now();
  const first = await subject.list();
  const firstMs = performance.now() - start;
  const ids = first.map((x) => x.id).sort((a, b) => a - b);
  if (firstMs > SLOW_MS) return { median: firstMs, runs: 1, ids };
  const warmEnd = performance.now() + WARMUP_MS;
  for (let i = 1; i < WARMUP_CALLS && performance.now() < warmEnd; i++) await subject.list();
  const times: number[] = [];
  const budget = performance.now() + BUDGET_MS;
  while (times.length < runs && (times.length === 0 || performance.now() < budget)) {
    start = performance.now();
    await subject.list();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor((times.length - 1) / 2)]!, runs: times.length, ids };
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

export async function run(args: readonly string[] = []): Promise<void> {
  const { sizes, runs } = parse(args);
  console.log("## Lists: the repositories a user may read (SQLite in memory, ~1% allowed)");
  const last: Record<string, number> = {};
  for (const size of sizes) {
    const world = await createWorld(size);
    try {
      const reference = await time(handWrittenSubject(world), runs);
      const allowed = reference.ids.length;
      console.log(
        `\n${size.toLocaleString("en")} repositories, ${allowed} allowed (${((100 * allowed) / size).toFixed(1)}%)`,
      );
      const line = (label: string, text: string) => console.log(`  ${label.padEnd(50)} ${text}`);
      line(handWrittenSubject(world).label, `${ms(reference.median)} ms (${reference.runs} runs)`);
      last["hand-written"] = reference.median;
      const subjects: [string, Subject][] = [
        ["oso-ts", await osoTsSubject(world)],
        ["oso@0.27.3", await legacySubject(world)],
        ["per-row", await perRowSubject(world)],
      ];
      for (const [key, subject] of subjects) {
        const t = await time(subject, runs);
        if (t.ids.join() !== reference.ids.join()) {
          throw new Error(
            `WRONG ANSWER: ${subject.label} found ${t.ids.length} repositories, the hand-written query ${allowed}`,
          );
        }
        last[key] = t.median;
        line(
          subject.label,
          `${ms(t.median)} ms (${t.runs} run${t.runs === 1 ? "" : "s"}), ${(t.median / reference.median).toFixed(1)}× hand-written`,
        );
      }
    } finally {
      await world.close();
    }
  }
  const largest = sizes[sizes.length - 1]!;
  console.log(`\nTargets at ${largest.toLocaleString("en")} repositories (the largest size run):`);
  const osoTs = last["oso-ts"]!;
  const hand = last["hand-written"]!;
  const perRow = last["per-row"]!;
  console.log(
    `  at most 2× the hand-written query: ${(osoTs / hand).toFixed(1)}× → ${osoTs <= 2 * hand ? "met" : "MISSED"}`,
  );
  console.log(
    `  at least 100× faster than per-row isAllowed: ${(perRow / osoTs).toFixed(0)}× → ${perRow >= 100 * osoTs ? "met" : "MISSED"}`,
  );
}

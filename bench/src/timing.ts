/**
 * Repeated timing with robust statistics: the benchmark machines are small and shared,
 * so report the median and the spread, never a single run or the mean.
 * @module
 */

/** Wall-clock statistics over several runs, in milliseconds. */
export interface Timing {
  readonly runs: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Interquartile range (p75 - p25): how noisy the runs were. */
  readonly iqr: number;
}

/** Time `fn` `runs` times after `warmup` untimed calls (which let the JIT settle). */
export function measure(fn: () => unknown, runs: number, warmup = 3): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * (times.length - 1)))] ?? 0;
  return { runs, median: at(0.5), min: at(0), max: at(1), iqr: at(0.75) - at(0.25) };
}

/** `12.3 ms (min 11.9, max 14.0, IQR 0.4, 20 runs)` */
export function formatTiming(t: Timing): string {
  const f = (ms: number) => ms.toFixed(1);
  return `${f(t.median)} ms (min ${f(t.min)}, max ${f(t.max)}, IQR ${f(t.iqr)}, ${t.runs} runs)`;
}

/** A call to time: synchronous, or asynchronous (timed until its Promise settles). */
export type TimedCall =
  | { readonly kind: "sync"; readonly call: () => unknown }
  | { readonly kind: "async"; readonly call: () => Promise<unknown> };

/** Options of {@link interleave}. */
export interface InterleaveOptions {
  /** Rounds; in each, every subject runs one timed batch (subjects take turns first). */
  readonly rounds: number;
  /** Target duration of one batch: fast calls are repeated to fill it (ms). */
  readonly batchMs: number;
  /** Untimed calls per subject before the first round (ms; at least one call). */
  readonly warmupMs: number;
  /** Cap on one subject's timed work (ms): slower subjects run in fewer, evenly spread rounds. */
  readonly budgetMs: number;
  /** Fewest timed batches a capped subject still gets. */
  readonly minRuns: number;
}

/** Time per call over a subject's batches, in microseconds. */
export interface CallStats {
  /** Timed batches (one per round the subject ran in). */
  readonly runs: number;
  /** Calls per batch. */
  readonly batch: number;
  /** True when the budget cut the subject's runs below the number of rounds. */
  readonly capped: boolean;
  readonly median: number;
  readonly p25: number;
  readonly p75: number;
  readonly min: number;
}

let sink = 0;

/** Time `n` calls back to back; async calls are awaited one after another. Returns ms. */
async function batch(subject: TimedCall, n: number): Promise<number> {
  const start = process.hrtime.bigint();
  if (subject.kind === "sync") {
    const f = subject.call;
    for (let i = 0; i < n; i++) if (f()) sink++;
  } else {
    const f = subject.call;
    for (let i = 0; i < n; i++) if (await f()) sink++;
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Warm up with growing batches; return the last batch's time per call (ms). */
async function warmUp(subject: TimedCall, warmupMs: number): Promise<number> {
  let total = 0;
  let n = 1;
  for (;;) {
    const ms = await batch(subject, n);
    total += ms;
    if (total >= warmupMs) return ms / n;
    n *= 2;
  }
}

/**
 * Time several subjects in interleaved rounds so that they share the machine's noise:
 * each round runs one batch of every subject, starting with a different subject each time.
 * Returns one {@link CallStats} per subject, in order.
 */
export async function interleave(
  subjects: readonly TimedCall[],
  options: InterleaveOptions,
): Promise<CallStats[]> {
  const { rounds, batchMs, warmupMs, budgetMs, minRuns } = options;
  const plans: { batch: number; runs: number }[] = [];
  for (const s of subjects) {
    const perCall = await warmUp(s, warmupMs);
    const size = Math.max(1, Math.round(batchMs / Math.max(perCall, 1e-6)));
    const affordable = Math.floor(budgetMs / (perCall * size));
    plans.push({ batch: size, runs: Math.min(rounds, Math.max(minRuns, affordable)) });
  }
  const samples: number[][] = subjects.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < subjects.length; k++) {
      const i = (r + k) % subjects.length;
      const { batch: size, runs } = plans[i]!;
      // a capped subject runs in `runs` of the rounds, spread evenly
      if (Math.floor(((r + 1) * runs) / rounds) === Math.floor((r * runs) / rounds)) continue;
      samples[i]!.push((await batch(subjects[i]!, size)) / size);
    }
  }
  if (sink < 0) console.log(sink); // keep the results observable
  return samples.map((times, i) => {
    times.sort((a, b) => a - b);
    const at = (q: number) => (times[Math.round(q * (times.length - 1))] ?? 0) * 1000;
    const { batch: size, runs } = plans[i]!;
    return {
      runs,
      batch: size,
      capped: runs < rounds,
      median: at(0.5),
      p25: at(0.25),
      p75: at(0.75),
      min: at(0),
    };
  });
}

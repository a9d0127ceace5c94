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

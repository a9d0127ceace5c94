/**
 * "Did you mean" hints: the closest of a set of names to a misspelt one. Used by the
 * loader (undefined rules), resource blocks and the built-in roles' validation.
 * @module
 */

/** The closest name within edit distance 2, for "did you mean" hints. */
export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    if (c === name) continue;
    const d = editDistance(name, c, bestDistance);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
      if (d === 1) break; // `name` itself is skipped, so nothing is closer
    }
  }
  return best;
}

/** The edit distance of `a` and `b`, or `cap` when it is at least `cap` (found out early when it can be). */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    // distances never shrink from one row to the next: past the cap, the rest cannot help
    if (rowMin >= cap) return cap;
    prev = cur;
  }
  return Math.min(prev[b.length]!, cap);
}

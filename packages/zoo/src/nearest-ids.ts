/**
 * "Did you mean": the ids nearest to a mistyped one, by edit distance with a bonus for shared prefixes and
 * substrings, so 'resnet50' suggests 'resnet50-v1-7' and 'resnet50-v2-7'.
 */

/**
 * Levenshtein distance between two strings.
 *
 * @example
 * ```ts
 * editDistance('mnist-7', 'mnist-8'); // 1
 * ```
 */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * Up to `max` candidates nearest to `query`, best first; only reasonably close ones.
 *
 * @example
 * ```ts
 * nearestIds('resnet50', ['resnet50-v1-7', 'resnet50-v2-7', 'vgg16-12']); // ['resnet50-v1-7', 'resnet50-v2-7']
 * ```
 */
export function nearestIds(query: string, candidates: readonly string[], max = 3): string[] {
  const q = query.toLowerCase();
  const scored = candidates.map((c) => {
    const lc = c.toLowerCase();
    let d = editDistance(q, lc);
    if (lc.includes(q) || q.includes(lc)) d = Math.min(d, Math.abs(lc.length - q.length) * 0.25);
    return { c, d };
  });
  const limit = Math.max(2, Math.ceil(q.length * 0.4));
  return scored.filter((s) => s.d <= limit).sort((x, y) => x.d - y.d || x.c.localeCompare(y.c)).slice(0, max).map((s) => s.c);
}

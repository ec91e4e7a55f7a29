/**
 * Finds the names closest to a misspelt one (Levenshtein distance), for "did you mean" errors.
 */

/**
 * The `count` names nearest to `wanted`, closest first (ties keep the given order). A name containing
 * `wanted` (or contained in it) ranks as close.
 *
 * @example
 * ```ts
 * nearestNames('avgpool', ['avg_pool', 'fc1000', 'bn']); // ['avg_pool', 'bn', 'fc1000']
 * ```
 */
export function nearestNames(wanted: string, names: readonly string[], count = 5): string[] {
  const w = wanted.toLowerCase();
  const scored = names.map((name, order) => {
    const n = name.toLowerCase();
    const d = n.includes(w) || w.includes(n) ? Math.abs(n.length - w.length) / 4 : editDistance(w, n);
    return { name, d, order };
  });
  scored.sort((a, b) => a.d - b.d || a.order - b.order);
  return scored.slice(0, count).map((s) => s.name);
}

/**
 * The Levenshtein distance between two strings.
 *
 * @example
 * ```ts
 * editDistance('kitten', 'sitting'); // 3
 * ```
 */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

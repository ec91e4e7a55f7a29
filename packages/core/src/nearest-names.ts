/**
 * "Did you mean": the names closest to a misspelt one (Levenshtein distance, with a name that contains the
 * query, or is contained in it, ranked as close). Used by every error that names an unknown tensor, model id,
 * column or option.
 */

/**
 * The names nearest to `wanted`, closest first (ties keep the given order). With `onlyClose`, only names
 * within an edit distance of max(2, 40% of the query's length) are returned.
 *
 * @example
 * ```ts
 * nearestNames('avgpool', ['avg_pool', 'fc1000', 'bn']);                              // ['avg_pool', 'fc1000', 'bn']
 * nearestNames('resnet50', ['resnet50-v1-7', 'resnet50-v2-7', 'vgg16-12'], { count: 3, onlyClose: true });
 * // ['resnet50-v1-7', 'resnet50-v2-7']
 * ```
 */
export function nearestNames(wanted: string, names: readonly string[], options: { count?: number; onlyClose?: boolean } = {}): string[] {
  const w = wanted.toLowerCase();
  const limit = options.onlyClose ? Math.max(2, Math.ceil(w.length * 0.4)) : Infinity;
  const scored = names.map((name, order) => {
    const n = name.toLowerCase();
    const d = n.includes(w) || w.includes(n) ? Math.min(editDistance(w, n), Math.abs(n.length - w.length) / 4) : editDistance(w, n);
    return { name, d, order };
  });
  return scored
    .filter((s) => s.d <= limit)
    .sort((a, b) => a.d - b.d || a.order - b.order)
    .slice(0, options.count ?? 5)
    .map((s) => s.name);
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

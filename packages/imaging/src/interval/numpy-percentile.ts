/**
 * numpy's `percentile(a, q)` with the default 'linear' method, on an ascending-sorted array: virtual index
 * `q/100 * (n - 1)`, then numpy's `_lerp` (which interpolates from the upper neighbour when the fraction is
 * >= 0.5) so the result matches numpy bit for bit.
 *
 * @example
 * ```ts
 * percentileOfSorted(Float64Array.of(1, 2, 3, 4), 50); // 2.5
 * ```
 */
export function percentileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  const virtual = (q / 100) * (n - 1);
  const below = Math.min(Math.max(Math.floor(virtual), 0), n - 1);
  const above = Math.min(below + 1, n - 1);
  const t = virtual - Math.floor(virtual);
  const a = sorted[below]!;
  const b = sorted[above]!;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

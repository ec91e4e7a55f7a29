/**
 * Sums like NumPy's `np.sum` on a contiguous float64 array (pairwise summation: 8 accumulators in blocks of
 * up to 128, halves above that), so metrics built on it equal scikit-learn to the last bit.
 * NOTE: a plain loop differs from NumPy in the last ulp on long arrays; parity tests compare exactly.
 *
 * @example
 * ```ts
 * pairwiseSum([0.1, 0.2, 0.3]); // the same double as np.sum([0.1, 0.2, 0.3])
 * ```
 */
export function pairwiseSum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i]!;
    return res;
  }
  if (n <= 128) {
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => a[start + j]!);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += a[start + i + j]!;
    let res = ((r[0]! + r[1]!) + (r[2]! + r[3]!)) + ((r[4]! + r[5]!) + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/**
 * NumPy's `np.mean` (pairwise sum / n).
 *
 * @example
 * ```ts
 * numpyMean([1, 2, 3, 4]); // 2.5
 * ```
 */
export function numpyMean(a: ArrayLike<number>): number {
  return pairwiseSum(a) / a.length;
}

/**
 * NumPy's `np.median`: the middle value, or the mean of the two middle values ((a + b) / 2).
 *
 * @example
 * ```ts
 * numpyMedian([3, 1, 2, 10]); // 2.5
 * ```
 */
export function numpyMedian(a: ArrayLike<number>): number {
  const s = Float64Array.from(a).sort();
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

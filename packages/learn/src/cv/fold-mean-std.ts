/**
 * The mean ± standard deviation of per-fold metrics, as every cross-validation summary reports it. Pure.
 */

/**
 * Per metric: the mean and population std (ddof = 0, as `np.std`) over the folds that have it, and how many
 * folds were left out.
 *
 * @example
 * ```ts
 * const s: FoldMeanStd = { mean: { auc: 0.8 }, std: { auc: 0.1 }, missing: { auc: 1 } };
 * ```
 */
export interface FoldMeanStd {
  readonly mean: Readonly<Record<string, number>>;
  readonly std: Readonly<Record<string, number>>;
  /** Folds without a usable value of the metric (absent, or non-finite when those are skipped). */
  readonly missing: Readonly<Record<string, number>>;
}

/** Options of {@link foldMeanStd}. @example `const o: FoldMeanStdOptions = { keepNonFinite: true };` */
export interface FoldMeanStdOptions {
  /**
   * Average NaN and ±Infinity like any value (a fold that diverged makes the mean NaN) instead of leaving
   * them out (default: left out).
   */
  readonly keepNonFinite?: boolean;
}

/**
 * Mean and population std of each metric (every name any fold has, in first-seen order) over the folds that
 * have it; a metric no fold has a usable value of gets mean 0 and std 0.
 * NOTE: plain left-to-right sums (not `pairwiseSum`), so the numbers stay those the reports have always had.
 *
 * @example
 * ```ts
 * foldMeanStd([{ auc: 0.7, tpr0: 0.2 }, { auc: 0.9 }]);
 * // { mean: { auc: 0.8, tpr0: 0.2 }, std: { auc: 0.10000000000000003, tpr0: 0 }, missing: { auc: 0, tpr0: 1 } }
 * ```
 */
export function foldMeanStd(perFold: readonly Readonly<Record<string, number | undefined>>[], options: FoldMeanStdOptions = {}): FoldMeanStd {
  const usable = options.keepNonFinite
    ? (v: number | undefined): v is number => v !== undefined
    : (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);
  const names = [...new Set(perFold.flatMap((m) => Object.keys(m)))];
  const mean: Record<string, number> = {}, std: Record<string, number> = {}, missing: Record<string, number> = {};
  for (const name of names) {
    const values = perFold.map((m) => m[name]).filter(usable);
    const mu = values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
    mean[name] = mu;
    std[name] = Math.sqrt(values.reduce((s, v) => s + (v - mu) ** 2, 0) / Math.max(1, values.length));
    missing[name] = perFold.length - values.length;
  }
  return { mean, std, missing };
}

import { LearnError } from '../learn-error.js';
import type { Fold } from './fold.js';
import { foldMeanStd, type FoldMeanStd } from './fold-mean-std.js';

/**
 * Per-fold metrics and their mean ± std ({@link foldMeanStd}: population std, ddof = 0, as `np.std`). A
 * metric missing from a fold (e.g. AUC on a single-class fold) is left out of that metric's mean and counted
 * in `missing`.
 *
 * @example
 * ```ts
 * result.mean.auc; result.std.auc; result.perFold[2].auc;
 * ```
 */
export interface CrossValidationResult extends FoldMeanStd {
  readonly perFold: readonly Readonly<Record<string, number>>[];
}

/**
 * Runs `evaluateFold` on each fold (sequentially, so a seeded training stays deterministic) and aggregates
 * the returned metrics.
 *
 * @example
 * ```ts
 * const result = await crossValidate(stratifiedKFold(labels, 5), async ({ train, test }) => {
 *   const head = linearHead({ inputs: x.cols, seed: 0 });
 *   await fit(head, gatherRows(x, train), gatherTargets(labels, train), { loss, optimizer: adam(), epochs: 20 });
 *   const scores = head.predict(gatherRows(x, test)).data;
 *   return { auc: rocAuc(gatherTargets(labels, test) as Int32Array, scores) };
 * });
 * console.log(`AUC ${result.mean.auc.toFixed(3)} ± ${result.std.auc.toFixed(3)}`);
 * ```
 */
export async function crossValidate(
  folds: readonly Fold[],
  evaluateFold: (fold: Fold, index: number) => Record<string, number | undefined> | Promise<Record<string, number | undefined>>,
): Promise<CrossValidationResult> {
  if (folds.length === 0) throw new LearnError('learn/bad-argument', 'crossValidate needs at least one fold');
  const perFold: Record<string, number>[] = [];
  for (let i = 0; i < folds.length; i++) {
    const raw = await evaluateFold(folds[i]!, i);
    const clean: Record<string, number> = {};
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'number' && Number.isFinite(v)) clean[k] = v;
    perFold.push(clean);
  }
  const { mean, std, missing } = foldMeanStd(perFold);
  return { perFold, mean, std, missing };
}

import { pairedInput, uniqueLabels } from './metric-input.js';

/**
 * The confusion matrix with rows = true class and columns = predicted class, over `labels` (default: the
 * sorted labels present in either array), as scikit-learn's `confusion_matrix`. Labels outside `labels`
 * are ignored.
 *
 * @example
 * ```ts
 * confusionMatrix([0, 1, 1, 2], [0, 1, 2, 2]); // [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
 * ```
 */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: { labels?: readonly number[] } = {}): number[][] {
  const [t, p] = pairedInput(yTrue, yPred, 'confusionMatrix');
  const labels = options.labels ?? uniqueLabels(t, p);
  const index = new Map(labels.map((l, i) => [l, i]));
  const m = labels.map(() => labels.map(() => 0));
  for (let i = 0; i < t.length; i++) {
    const r = index.get(t[i]!), c = index.get(p[i]!);
    if (r !== undefined && c !== undefined) m[r]![c]!++;
  }
  return m;
}

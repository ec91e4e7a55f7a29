import { pairedInput } from './metric-input.js';

/**
 * Cumulative false and true positives at each distinct score, scores decreasing (scikit-learn's
 * `_binary_clf_curve`): at threshold `thresholds[i]`, samples with score ≥ it count as positive.
 *
 * @example
 * ```ts
 * binaryClfCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // { fps: [0, 1, 1, 2], tps: [1, 1, 2, 2], thresholds: [0.8, 0.4, 0.35, 0.1] }
 * ```
 */
export function binaryClfCurve(
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  posLabel = 1,
): { fps: Float64Array; tps: Float64Array; thresholds: Float64Array } {
  const [t, s] = pairedInput(yTrue, yScore, 'binary curve');
  const order = Array.from({ length: s.length }, (_, i) => i).sort((a, b) => s[b]! - s[a]! || b - a);
  const fps: number[] = [], tps: number[] = [], thresholds: number[] = [];
  let tp = 0;
  for (let i = 0; i < order.length; i++) {
    if (t[order[i]!] === posLabel) tp++;
    const last = i === order.length - 1;
    if (last || s[order[i + 1]!] !== s[order[i]!]) {
      tps.push(tp);
      fps.push(i + 1 - tp);
      thresholds.push(s[order[i]!]!);
    }
  }
  return { fps: Float64Array.from(fps), tps: Float64Array.from(tps), thresholds: Float64Array.from(thresholds) };
}

/**
 * Metrics of an image classifier's probabilities (one sigmoid output for two classes, or one per class):
 * cross-entropy, accuracy and, for two classes, the lens-finding metrics with a named positive class (AUC,
 * TPR0, TPR10 as FINDINGS.md defines them). Pure.
 */
import { rocAuc, tpr0, tpr10 } from '@kenobi/learn';
import { UsageError } from '../usage-error.js';

/**
 * The positive class of a two-class problem: `wanted` when given (it must be one of `classes`), else 'lens'
 * when there is such a class, else the second class (sorted order, as heads report it).
 *
 * @example
 * ```ts
 * positiveClass(['lens', 'non-lens']); // 0
 * positiveClass(['elliptical', 'spiral'], 'elliptical'); // 0
 * ```
 */
export function positiveClass(classes: readonly string[], wanted?: string): number {
  if (wanted !== undefined) {
    const i = classes.indexOf(wanted);
    if (i < 0) throw new UsageError(`--positive ${wanted}: no such class (the classes are ${classes.join(', ')})`);
    return i;
  }
  const lens = classes.indexOf('lens');
  return lens >= 0 ? lens : Math.min(1, classes.length - 1);
}

/**
 * Probability of class `c` for row `r` of model outputs `p` with `k` columns (k = 1: a sigmoid giving class 1).
 *
 * @example
 * ```ts
 * classProbability(Float32Array.of(0.8), 1, 0, 0); // 0.2 (class 0 of a sigmoid output)
 * ```
 */
export function classProbability(p: ArrayLike<number>, k: number, r: number, c: number): number {
  if (k === 1) return c === 1 ? p[r]! : 1 - p[r]!;
  return p[r * k + c]!;
}

/**
 * Mean cross-entropy of the true classes, probabilities clipped to [1e-7, 1 − 1e-7] (Keras's epsilon).
 *
 * @example
 * ```ts
 * crossEntropy(Float32Array.of(0.9, 0.2), 1, Int32Array.of(1, 0)); // (−ln 0.9 − ln 0.8) / 2
 * ```
 */
export function crossEntropy(p: ArrayLike<number>, k: number, labels: ArrayLike<number>): number {
  let s = 0;
  for (let r = 0; r < labels.length; r++) s -= Math.log(Math.min(1 - 1e-7, Math.max(1e-7, classProbability(p, k, r, labels[r]!))));
  return s / Math.max(1, labels.length);
}

/**
 * Share of rows whose most probable class is the true one (ties: the lower class).
 *
 * @example
 * ```ts
 * accuracyOf(Float32Array.of(0.9, 0.2), 1, Int32Array.of(1, 1)); // 0.5
 * ```
 */
export function accuracyOf(p: ArrayLike<number>, k: number, labels: ArrayLike<number>): number {
  const classes = Math.max(2, k);
  let right = 0;
  for (let r = 0; r < labels.length; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (classProbability(p, k, r, c) > classProbability(p, k, r, best)) best = c;
    if (best === labels[r]) right++;
  }
  return right / Math.max(1, labels.length);
}

/**
 * Accuracy and cross-entropy, plus AUC, TPR0 and TPR10 with class `positive` as the positive class when
 * there are two classes (left out when a class is missing from `labels`).
 *
 * @example
 * ```ts
 * classMetrics(p, 1, labels, 0); // { accuracy: 0.93, loss: 0.19, auc: 0.97, tpr0: 0.41, tpr10: 0.78 }
 * ```
 */
export function classMetrics(p: ArrayLike<number>, k: number, labels: ArrayLike<number>, positive: number): Record<string, number> {
  const out: Record<string, number> = { accuracy: accuracyOf(p, k, labels), loss: crossEntropy(p, k, labels) };
  if (Math.max(2, k) !== 2) return out;
  const y = Int32Array.from(labels, (l) => (l === positive ? 1 : 0));
  const s = Float64Array.from(y, (_, r) => classProbability(p, k, r, positive));
  if (y.includes(1) && y.includes(0)) Object.assign(out, { auc: rocAuc(y, s), tpr0: tpr0(y, s), tpr10: tpr10(y, s) });
  return out;
}

import { LearnError } from '../learn-error.js';

/**
 * How to weight classes: `'balanced'` (scikit-learn: n_samples / (n_classes · bincount(y)), over the
 * classes present), or an explicit weight per class index.
 *
 * @example
 * ```ts
 * const cw: ClassWeight = 'balanced';
 * const cw2: ClassWeight = { 0: 1, 1: 10 };
 * ```
 */
export type ClassWeight = 'balanced' | Readonly<Record<number, number>> | ArrayLike<number>;

/**
 * The weight of each class index (0..max label); classes absent from `y` get 0 under `'balanced'`.
 * Equals scikit-learn's `compute_class_weight('balanced', classes=np.unique(y), y=y)`.
 *
 * @example
 * ```ts
 * computeClassWeight('balanced', Int32Array.of(0, 0, 0, 1)); // Float64Array [0.6667, 2]
 * ```
 */
export function computeClassWeight(classWeight: ClassWeight, y: ArrayLike<number>): Float64Array {
  let max = 0;
  for (let i = 0; i < y.length; i++) max = Math.max(max, y[i]!);
  const k = max + 1;
  const out = new Float64Array(k);
  if (classWeight === 'balanced') {
    const counts = new Float64Array(k);
    for (let i = 0; i < y.length; i++) counts[y[i]!]++;
    const present = counts.filter((c) => c > 0).length;
    for (let c = 0; c < k; c++) out[c] = counts[c]! > 0 ? y.length / (present * counts[c]!) : 0;
    return out;
  }
  const get = (c: number): number | undefined => (classWeight as Record<number, number>)[c];
  for (let c = 0; c < k; c++) {
    const w = get(c);
    out[c] = w === undefined ? 1 : w;
    if (!(out[c]! >= 0)) throw new LearnError('learn/bad-argument', `class weight for class ${c} is ${w}`);
  }
  return out;
}

/**
 * Per-sample weights from class weights (what `fit` uses).
 *
 * @example
 * ```ts
 * sampleWeightsFor('balanced', Int32Array.of(0, 0, 0, 1)); // [0.667, 0.667, 0.667, 2]
 * ```
 */
export function sampleWeightsFor(classWeight: ClassWeight, y: ArrayLike<number>): Float64Array {
  const cw = computeClassWeight(classWeight, y);
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = cw[y[i]!]!;
  return out;
}

/**
 * The stages of a `kenobi train --arch` run: k stratified folds (when cross-validating), then the final
 * model; each with its training rows, a stratified seeded validation share of them, and (folds) its test
 * rows. Pure: the same labels and settings give the same rows, so a resumed run trains on the same sets.
 */
import { stratifiedSplit } from '@kenobi/features';
import { stratifiedKFold } from '@kenobi/learn';

/**
 * One stage: rows are dataset item indices.
 *
 * @example
 * ```ts
 * const s: Stage = { name: 'fold 1/5', kind: 'fold', train, val, test };
 * ```
 */
export interface Stage {
  readonly name: string;
  readonly kind: 'fold' | 'final';
  readonly train: Int32Array;
  readonly val: Int32Array;
  readonly test?: Int32Array;
}

/**
 * Splits `rows` (item indices) into training and validation rows: `round(valFraction × count)` of each
 * class to validation, chosen by a shuffle seeded `seed` (features' `stratifiedSplit`); both keep the order
 * of `rows`.
 *
 * @example
 * ```ts
 * validationSplit(Int32Array.of(0, 1, 2, 3), Int32Array.of(0, 0, 1, 1), 0.5, 7); // { train: [..2], val: [..2] }
 * ```
 */
export function validationSplit(rows: Int32Array, labels: Int32Array, valFraction: number, seed: number): { train: Int32Array; val: Int32Array } {
  if (valFraction <= 0) return { train: rows, val: new Int32Array(0) };
  const { train, test } = stratifiedSplit({ items: Array.from(rows, (i) => ({ row: i, id: String(i), source: { kind: 'file', path: '' }, label: String(labels[i]) })) }, { testFraction: valFraction, seed });
  return { train: Int32Array.from(train, (p) => rows[p]!), val: Int32Array.from(test, (p) => rows[p]!) };
}

/**
 * The stages for `labels` (class index per item): with `kfold`, the folds of `stratifiedKFold(labels, k)`
 * (scikit-learn's `StratifiedKFold(shuffle=False)`, the folds `kenobi train --features --kfold` uses on
 * the same rows), then the final model on every row; each stage's validation rows come from its training
 * rows.
 *
 * @example
 * ```ts
 * planStages(labels, { kfold: 5, valFraction: 0.1, seed: 0 }).map((s) => s.name); // ['fold 1/5', ..., 'fold 5/5', 'final (all rows)']
 * ```
 */
export function planStages(labels: Int32Array, options: { readonly kfold?: number; readonly valFraction: number; readonly seed: number }): Stage[] {
  const stages: Stage[] = [];
  const k = options.kfold;
  if (k !== undefined) {
    stratifiedKFold(labels, k).forEach((fold, i) => {
      stages.push({ name: `fold ${i + 1}/${k}`, kind: 'fold', ...validationSplit(fold.train, labels, options.valFraction, options.seed), test: fold.test });
    });
  }
  const all = Int32Array.from({ length: labels.length }, (_, i) => i);
  stages.push({ name: 'final (all rows)', kind: 'final', ...validationSplit(all, labels, options.valFraction, options.seed) });
  return stages;
}

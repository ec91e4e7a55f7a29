/**
 * The per-image score tables of image models as CSV, through Kenobi's one CSV writer (`csvText`, RFC 4180):
 * `kenobi evaluate`'s predictions.csv (id, label, p_<class>...) and `kenobi train --arch --kfold`'s
 * out-of-fold table (id, label, fold, p_<class>...). Ids and labels are quoted as RFC 4180 says (quotes
 * doubled; backslashes and line breaks kept as they are), so pandas, astropy and Python's csv module read
 * them back exactly.
 */
import { csvText, type CsvCell } from '@kenobi/features';

/** What a score row needs of a dataset item. @example `const it: ScoredItem = { id: 'sim000001', label: 'lens' };` */
export interface ScoredItem {
  readonly id: string;
  readonly label?: string;
}

/**
 * predictions.csv of `kenobi evaluate` for an image model: one row per item, its probability of each class
 * (`scores` holds `classes.length` columns per row, row-major).
 *
 * @example
 * ```ts
 * imagePredictionsCsv([{ id: 'a,1', label: 'lens' }], ['lens', 'non-lens'], Float32Array.of(0.75, 0.25));
 * // 'id,label,p_lens,p_non-lens\n"a,1",lens,0.75,0.25\n'
 * ```
 */
export function imagePredictionsCsv(items: readonly ScoredItem[], classes: readonly string[], scores: ArrayLike<number>): string {
  const width = classes.length;
  const rows = items.map((it, r): CsvCell[] => [it.id, it.label ?? '', ...classes.map((_, c) => scores[r * width + c])]);
  return csvText(['id', 'label', ...classes.map((c) => `p_${c}`)], rows);
}

/**
 * The out-of-fold table of a cross-validated image run: id, label, fold (1-based), then the model's outputs
 * on the row (`columns` names them: one `p_<positive>` for a single sigmoid output, else one per class).
 *
 * @example
 * ```ts
 * outOfFoldCsv([{ id: 'x' }], ['p_lens'], [0], [0.9]); // 'id,label,fold,p_lens\nx,,1,0.9\n'
 * ```
 */
export function outOfFoldCsv(items: readonly ScoredItem[], columns: readonly string[], fold: readonly number[], scores: ArrayLike<number>): string {
  const k = columns.length;
  const rows = items.map((it, r): CsvCell[] => [it.id, it.label ?? '', fold[r]! + 1, ...columns.map((_, c) => scores[r * k + c])]);
  return csvText(['id', 'label', 'fold', ...columns], rows);
}

/**
 * Rows of `kenobi predict`: one per image with the predicted class, its probability and (with MC-dropout
 * samples) the standard deviation, as a text table, CSV or JSON.
 */
import { csvText } from '@kenobi/features';
import type { ItemFailure } from '@kenobi/features';

/**
 * One prediction.
 *
 * @example
 * ```ts
 * const r: PredictionRow = { id: 'lens_0001', label: 'lens', class: 'lens', probability: 0.93, std: 0.04, values: [0.07, 0.93], stds: [0.04, 0.04] };
 * ```
 */
export interface PredictionRow {
  readonly id: string;
  /** The item's row in the dataset (catalog line, header = 1; or position), as failures report it. */
  readonly row?: number;
  /** The true label when the dataset has one. */
  readonly label?: string;
  /** Argmax class (classification) or undefined (regression). */
  readonly class?: string;
  /** Mean probability of `class` (classification). */
  readonly probability?: number;
  /** MC-dropout standard deviation of that probability. */
  readonly std?: number;
  /** Every output column (class probabilities or regression outputs), MC means with samples. */
  readonly values: readonly number[];
  readonly stds?: readonly number[];
}

const f = (v: number | undefined): string => (v === undefined ? '' : v.toPrecision(6));

/**
 * Which optional columns a predictions CSV has, and whether it starts with the header: by default what its
 * rows need; merged shards (`kenobi slurm predict`) force the whole run's layout on every shard's rows.
 *
 * @example
 * ```ts
 * const layout: CsvLayout = { label: true, std: false, error: true, header: false };
 * ```
 */
export interface CsvLayout {
  readonly label: boolean;
  readonly std: boolean;
  readonly error: boolean;
  readonly header: boolean;
}

/**
 * CSV with a header: id[,label],class,probability[,std], then one column per output (p_<class> or y<k>).
 * With `failures`, a last `error` column (`<code>: <message>`, as the web app's CSV) and one row per failed
 * image, with empty values, in dataset order among the others.
 *
 * @example
 * ```ts
 * predictionsCsv(rows, ['non-lens', 'lens'], true); // 'id,class,probability,std,p_non-lens,p_lens,std_non-lens,std_lens\n...'
 * predictionsCsv(rows, ['non-lens', 'lens'], true, failures); // '...,p_lens,error\nx,,,,,fits/not-fits: the file is empty (0 bytes)\n...'
 * ```
 */
export function predictionsCsv(rows: readonly PredictionRow[], columns: readonly string[], classification: boolean, failures: readonly ItemFailure[] = [], layout: Partial<CsvLayout> = {}): string {
  const hasLabel = layout.label ?? rows.some((r) => r.label !== undefined);
  const hasStd = layout.std ?? rows.some((r) => r.stds !== undefined);
  const names = columns.map((c) => (classification ? `p_${c}` : c));
  const hasError = layout.error ?? failures.length > 0;
  const head = ['id', ...(hasLabel ? ['label'] : []), ...(classification ? ['class', 'probability', ...(hasStd ? ['std'] : [])] : []), ...names, ...(hasStd ? columns.map((c) => `std_${c}`) : []), ...(hasError ? ['error'] : [])];
  const lines: { row: number; cells: string[] }[] = rows.map((r, k) => ({
    row: r.row ?? k,
    cells: [
      r.id, ...(hasLabel ? [r.label ?? ''] : []),
      ...(classification ? [r.class ?? '', f(r.probability), ...(hasStd ? [f(r.std)] : [])] : []),
      ...r.values.map(f), ...(hasStd ? (r.stds ?? []).map(f) : []), ...(hasError ? [''] : []),
    ],
  }));
  const blanks = head.length - 2;
  for (const x of failures) lines.push({ row: x.row, cells: [x.id, ...Array<string>(blanks).fill(''), `${x.code ? `${x.code}: ` : ''}${x.error}`] });
  // NOTE: a stable sort by dataset row puts each failed image where it was in the dataset.
  lines.sort((a, b) => a.row - b.row);
  // NOTE: Kenobi's one CSV writer (csv-stringify): RFC 4180 quoting of ids, labels and error messages.
  return csvText(head, lines.map((l) => l.cells), { header: layout.header !== false });
}

/**
 * An aligned text table for the terminal.
 *
 * @example
 * ```ts
 * predictionsTable(rows, ['non-lens', 'lens'], true); // 'id         class  probability\nlens_0001  lens   0.9300 ± 0.0400\n'
 * ```
 */
export function predictionsTable(rows: readonly PredictionRow[], columns: readonly string[], classification: boolean): string {
  const cells = rows.map((r) => {
    const pm = (v: number, s: number | undefined): string => `${v.toFixed(4)}${s === undefined ? '' : ` ± ${s.toFixed(4)}`}`;
    return classification
      ? [r.id, ...(r.label !== undefined ? [r.label] : []), r.class ?? '', pm(r.probability!, r.std)]
      : [r.id, ...(r.label !== undefined ? [r.label] : []), r.values.map((v, k) => pm(v, r.stds?.[k])).join('  ')];
  });
  const hasLabel = rows.some((r) => r.label !== undefined);
  const head = classification ? ['id', ...(hasLabel ? ['label'] : []), 'class', 'probability'] : ['id', ...(hasLabel ? ['label'] : []), columns.join('  ')];
  const all = [head, ...cells];
  const widths = head.map((_, j) => Math.max(...all.map((row) => (row[j] ?? '').length)));
  return `${all.map((row) => row.map((c, j) => (j === row.length - 1 ? c : c.padEnd(widths[j]!))).join('  ')).join('\n')}\n`;
}

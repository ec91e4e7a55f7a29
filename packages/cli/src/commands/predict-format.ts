/**
 * Rows of `kenobi predict`: one per image with the predicted class, its probability and (with MC-dropout
 * samples) the standard deviation, as a text table, CSV or JSON.
 */
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
const q = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

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
export function predictionsCsv(rows: readonly PredictionRow[], columns: readonly string[], classification: boolean, failures: readonly ItemFailure[] = []): string {
  const hasLabel = rows.some((r) => r.label !== undefined);
  const hasStd = rows.some((r) => r.stds !== undefined);
  const names = columns.map((c) => (classification ? `p_${c}` : c));
  const hasError = failures.length > 0;
  const head = ['id', ...(hasLabel ? ['label'] : []), ...(classification ? ['class', 'probability', ...(hasStd ? ['std'] : [])] : []), ...names, ...(hasStd ? columns.map((c) => `std_${c}`) : []), ...(hasError ? ['error'] : [])];
  const lines: { row: number; text: string }[] = rows.map((r, k) => ({
    row: r.row ?? k,
    text: [
      q(r.id), ...(hasLabel ? [q(r.label ?? '')] : []),
      ...(classification ? [q(r.class ?? ''), f(r.probability), ...(hasStd ? [f(r.std)] : [])] : []),
      ...r.values.map(f), ...(hasStd ? (r.stds ?? []).map(f) : []), ...(hasError ? [''] : []),
    ].join(','),
  }));
  const blanks = head.length - 2;
  for (const x of failures) lines.push({ row: x.row, text: [q(x.id), ...Array<string>(blanks).fill(''), q(`${x.code ? `${x.code}: ` : ''}${x.error}`)].join(',') });
  // NOTE: a stable sort by dataset row puts each failed image where it was in the dataset.
  lines.sort((a, b) => a.row - b.row);
  return `${[head.join(','), ...lines.map((l) => l.text)].join('\n')}\n`;
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

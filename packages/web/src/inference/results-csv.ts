/**
 * The batch table as CSV, through Kenobi's one CSV writer (`csvText` of `@kenobi/features`, RFC 4180).
 * Pure TypeScript.
 */
import { csvText } from '@kenobi/features';
import type { SampleStatistics } from './mc-statistics.js';

/** One row of the batch table. */
export interface ResultRow {
  readonly id: string;
  readonly result?: SampleStatistics;
  /** Why this image has no result. */
  readonly error?: string;
}

/**
 * CSV with `id, class, probability`, then `p_<class>` (and `std_<class>` with MC samples) per class.
 *
 * @example
 * ```ts
 * resultsCsv([{ id: 'a.fits', result: { mean: [0.1, 0.9], std: [0, 0], samples: 1 } }], ['non-lens', 'lens']);
 * // 'id,class,probability,p_non-lens,p_lens,error\r\na.fits,lens,0.9,0.1,0.9,\r\n'
 * ```
 */
export function resultsCsv(rows: readonly ResultRow[], classes: readonly string[]): string {
  const mc = rows.some((r) => (r.result?.samples ?? 1) > 1);
  const header = ['id', 'class', 'probability', ...classes.map((c) => `p_${c}`), ...(mc ? classes.map((c) => `std_${c}`) : []), ...(mc ? ['samples'] : []), 'error'];
  const lines: string[][] = [];
  for (const r of rows) {
    const m = r.result?.mean ?? [];
    const best = m.length ? m.indexOf(Math.max(...m)) : -1;
    lines.push([
      r.id,
      best >= 0 ? classes[best] ?? String(best) : '',
      best >= 0 ? String(m[best]) : '',
      ...classes.map((_, k) => (m[k] === undefined ? '' : String(m[k]))),
      ...(mc ? classes.map((_, k) => String(r.result?.std[k] ?? '')) : []),
      ...(mc ? [String(r.result?.samples ?? '')] : []),
      r.error ?? '',
    ]);
  }
  return csvText(header, lines, { recordDelimiter: '\r\n' });
}

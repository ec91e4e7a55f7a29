/**
 * A {@link ResultTable} as CSV, through Kenobi's one CSV writer.
 */
import { csvText } from './csv-text.js';
import type { CsvCell, CsvTextOptions } from './csv-text.js';
import { flatColumnNames } from './result-table.js';
import type { ResultColumn, ResultTable } from './result-table.js';

/** The shortest decimal that reads back as the same float32 (`0.1` for Math.fround(0.1), not 0.10000000149011612). */
function float32Text(v: number): number | string {
  if (!Number.isFinite(v)) return v;
  for (let p = 1; p <= 9; p += 1) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return Number(s);
  }
  return v;
}

function cell(c: ResultColumn, i: number): CsvCell {
  const v = c.values[i];
  if (typeof v !== 'number') return v as CsvCell;
  if (c.digits !== undefined && Number.isFinite(v)) return Number(v.toPrecision(c.digits));
  return c.values instanceof Float32Array ? float32Text(v) : v;
}

/**
 * CSV text of a table: a header of flat column names, one line per row.
 *
 * @example
 * ```ts
 * resultTableCsv(resultTable('t', [{ name: 'id', values: ['a"b'] }, { name: 'p', values: Float32Array.of(0.1) }]));
 * // 'id,p\n"a""b",0.1\n'
 * ```
 */
export function resultTableCsv(table: ResultTable, options: CsvTextOptions = {}): string {
  function* rows(): Generator<CsvCell[]> {
    for (let r = 0; r < table.rows; r += 1) {
      const out: CsvCell[] = [];
      for (const c of table.columns) {
        const w = c.width ?? 1;
        for (let k = 0; k < w; k += 1) out.push(cell(c, r * w + k));
      }
      yield out;
    }
  }
  return csvText(flatColumnNames(table), rows(), options);
}

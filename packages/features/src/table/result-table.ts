/**
 * A table of results (predictions, cluster assignments, an exported feature store) as named columns, ready
 * to be written as CSV, Parquet or a FITS binary table. Pure data; the writers live beside it.
 */
import { FeaturesError } from '../features-error.js';

/** The values of a column: one per row, or `width` per row for a vector column (row-major). */
export type ResultValues = readonly string[] | Float32Array | Float64Array | Int32Array | BigInt64Array | readonly (boolean | null)[];

/**
 * One column. A vector column (`width` > 1, e.g. 1024 features) is one FITS column with a 1024-element cell,
 * and 1024 columns `<name>_0` … `<name>_1023` in CSV and Parquet.
 *
 * @example
 * ```ts
 * const c: ResultColumn = { name: 'p_lens', values: Float32Array.of(0.9, 0.2), digits: 6 };
 * ```
 */
export interface ResultColumn {
  readonly name: string;
  readonly values: ResultValues;
  /** Values per row (default 1). */
  readonly width?: number;
  readonly unit?: string;
  /** CSV only: significant digits of numbers (default: the shortest text that reads back the same value). */
  readonly digits?: number;
}

/**
 * A named table: columns of equal row count.
 *
 * @example
 * ```ts
 * const t = resultTable('predictions', [{ name: 'id', values: ['a', 'b'] }, { name: 'p_lens', values: Float32Array.of(0.9, 0.2) }]);
 * t.rows; // 2
 * ```
 */
export interface ResultTable {
  /** What the table is (the FITS EXTNAME, upper-cased). */
  readonly name: string;
  readonly rows: number;
  readonly columns: readonly ResultColumn[];
}

/**
 * Builds a table, checking that every column has `rows × width` values and that names are unique; throws
 * `features/bad-option` otherwise.
 *
 * @example
 * ```ts
 * resultTable('assignments', [{ name: 'id', values: ids }, { name: 'cluster', values: Int32Array.from(labels) }]);
 * ```
 */
export function resultTable(name: string, columns: readonly ResultColumn[]): ResultTable {
  if (columns.length === 0) throw new FeaturesError('features/bad-option', `table '${name}' has no columns`);
  const first = columns[0]!;
  const rows = first.values.length / (first.width ?? 1);
  const seen = new Set<string>();
  for (const c of columns) {
    const w = c.width ?? 1;
    if (!Number.isInteger(w) || w < 1) throw new FeaturesError('features/bad-option', `table '${name}': column '${c.name}' has width ${w}`);
    if (!Number.isInteger(rows) || c.values.length !== rows * w) {
      throw new FeaturesError('features/bad-option', `table '${name}': column '${c.name}' has ${c.values.length} values, not ${rows} rows × ${w}`);
    }
    if (seen.has(c.name)) throw new FeaturesError('features/bad-option', `table '${name}': two columns are named '${c.name}'`);
    seen.add(c.name);
  }
  return { name, rows, columns };
}

/**
 * The flat column names of a table as CSV and Parquet write them (vector columns expanded).
 *
 * @example
 * ```ts
 * flatColumnNames(resultTable('x', [{ name: 'id', values: ['a'] }, { name: 'f', values: Float32Array.of(1, 2), width: 2 }]));
 * // ['id', 'f_0', 'f_1']
 * ```
 */
export function flatColumnNames(table: ResultTable): string[] {
  return table.columns.flatMap((c) => ((c.width ?? 1) === 1 ? [c.name] : Array.from({ length: c.width! }, (_, k) => `${c.name}_${k}`)));
}

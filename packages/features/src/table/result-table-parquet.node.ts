/**
 * Node-only. A {@link ResultTable} as Parquet (hyparquet-writer, Snappy pages), readable by pandas, polars,
 * DuckDB, Arrow and TOPCAT: strings as UTF8 byte arrays (empty ones as nulls), float32/float64/int32/int64/boolean as themselves,
 * vector columns expanded to `<name>_<k>` columns, and the table's description in the key-value metadata.
 */
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { ColumnSource } from 'hyparquet-writer';
import { flatColumnNames } from './result-table.js';
import type { ResultColumn, ResultTable } from './result-table.js';

function parquetType(c: ResultColumn): 'STRING' | 'FLOAT' | 'DOUBLE' | 'INT32' | 'INT64' | 'BOOLEAN' {
  const v = c.values;
  if (v instanceof Float32Array) return 'FLOAT';
  if (v instanceof Float64Array) return 'DOUBLE';
  if (v instanceof Int32Array) return 'INT32';
  if (v instanceof BigInt64Array) return 'INT64';
  return v.length > 0 && typeof v[0] !== 'string' ? 'BOOLEAN' : 'STRING';
}

/** The values of element `k` of each row of a vector column. */
function strided(c: ResultColumn, k: number, rows: number): ColumnSource['data'] {
  const w = c.width ?? 1;
  if (w === 1) return c.values as ColumnSource['data'];
  const v = c.values;
  if (ArrayBuffer.isView(v)) {
    const out = new (v.constructor as new (n: number) => Float32Array)(rows);
    for (let r = 0; r < rows; r += 1) out[r] = (v as Float32Array)[r * w + k]!;
    return out;
  }
  return Array.from({ length: rows }, (_, r) => (v as readonly unknown[])[r * w + k]) as ColumnSource['data'];
}

/**
 * Parquet bytes of a table; `metadata` goes into the file's key-value metadata (e.g. `{ kenobi: JSON }`).
 *
 * @example
 * ```ts
 * writeFileSync('predictions.parquet', resultTableParquet(table, { kenobi: JSON.stringify({ model }) }));
 * // pandas.read_parquet('predictions.parquet').columns -> ['id', 'class', 'p_lens', ...]
 * ```
 */
export function resultTableParquet(table: ResultTable, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const names = flatColumnNames(table);
  const columnData: ColumnSource[] = [];
  let at = 0;
  for (const c of table.columns) {
    const w = c.width ?? 1;
    const type = parquetType(c);
    for (let k = 0; k < w; k += 1) {
      // NOTE: an empty string (an unlabelled row) and a null boolean are written as Parquet nulls (pandas:
      // None); numbers keep NaN, which Parquet stores as a value.
      const data = strided(c, k, table.rows);
      columnData.push({ name: names[at++]!, data: type === 'STRING' ? (data as string[]).map((s) => (s === '' ? null : s)) : data, type });
    }
  }
  const buffer = parquetWriteBuffer({
    columnData,
    kvMetadata: [{ key: 'kenobi.table', value: table.name }, ...Object.entries(metadata).map(([key, value]) => ({ key, value }))],
    createdBy: 'Kenobi (hyparquet-writer)',
  });
  return new Uint8Array(buffer);
}

/**
 * Node-only. A Parquet file (Rubin's data products, pandas' `to_parquet`) as a {@link CatalogTable}: numeric
 * columns are numbers (INT64 exact as ids), strings and booleans are text, nested columns (lists, structs) are
 * not usable as catalog columns.
 */
import { readParquetColumns } from '../table/parquet-read.node.js';
import type { CatalogColumn, CatalogTable } from './catalog-table.js';
import { findCatalogColumn } from './catalog-table.js';

function kindOf(values: ArrayLike<unknown>): CatalogColumn['kind'] {
  let kind: CatalogColumn['kind'] | undefined;
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const k = typeof v === 'number' || typeof v === 'bigint' ? 'number' : typeof v === 'string' || typeof v === 'boolean' ? 'text' : 'other';
    if (kind !== undefined && kind !== k) return 'other';
    kind = k;
  }
  return kind ?? 'number';
}

/**
 * Reads a Parquet file as a catalog (every top-level column).
 *
 * @example
 * ```ts
 * const t = await readParquetCatalogTable('objects.parquet');
 * t.column('objectId')?.text(0); // '1249537790362809267'
 * ```
 */
export async function readParquetCatalogTable(file: string): Promise<CatalogTable> {
  const p = await readParquetColumns(file);
  const columns = new Map<string, CatalogColumn>();
  for (const name of p.names) {
    const values = p.columns.get(name);
    if (!values) {
      columns.set(name, { name, kind: 'other', why: 'nested values (a Parquet list or struct)', text: () => '', number: () => Number.NaN });
      continue;
    }
    const kind = kindOf(values);
    columns.set(name, {
      name, kind, ...(kind === 'other' ? { why: 'values of mixed or binary types' } : {}),
      text: (i) => {
        const v = values[i];
        if (v === null || v === undefined || kind === 'other' || (typeof v === 'number' && Number.isNaN(v))) return '';
        return String(v);
      },
      number: (i) => {
        const v = values[i];
        return kind === 'number' && (typeof v === 'number' || typeof v === 'bigint') ? Number(v) : Number.NaN;
      },
    });
  }
  return {
    source: file, file, format: 'parquet', rows: p.rows, names: p.names,
    column: (name) => {
      const found = findCatalogColumn(p.names, name);
      return found === undefined ? undefined : columns.get(found);
    },
    rowNumber: (i) => i + 1,
    rowWord: 'row',
  };
}

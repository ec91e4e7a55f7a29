/**
 * Node-only. Writes a {@link ResultTable} to a file as CSV, Parquet or a FITS binary table, the format named
 * or taken from the file's extension.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { HeaderEntry } from '@kenobi/fits';
import { FeaturesError } from '../features-error.js';
import { resultTableCsv } from './result-table-csv.js';
import { resultTableFits } from './result-table-fits.js';
import { resultTableParquet } from './result-table-parquet.node.js';
import type { ResultTable } from './result-table.js';

/** The table formats Kenobi writes. @example `TABLE_FORMATS; // ['csv', 'parquet', 'fits']` */
export const TABLE_FORMATS = Object.freeze(['csv', 'parquet', 'fits'] as const);
/** One of {@link TABLE_FORMATS}. @example `const f: TableFormat = 'parquet';` */
export type TableFormat = (typeof TABLE_FORMATS)[number];

/** The file extension each format is written with. @example `TABLE_EXTENSIONS.fits; // '.fits'` */
export const TABLE_EXTENSIONS: Readonly<Record<TableFormat, string>> = Object.freeze({ csv: '.csv', parquet: '.parquet', fits: '.fits' });

/**
 * The format a file name asks for (`.csv`, `.parquet` / `.pq`, `.fits` / `.fit` / `.fts`), or `undefined`.
 *
 * @example
 * ```ts
 * tableFormatOf('out/predictions.parquet'); // 'parquet'
 * ```
 */
export function tableFormatOf(path: string): TableFormat | undefined {
  const p = path.toLowerCase();
  if (p.endsWith('.csv')) return 'csv';
  if (p.endsWith('.parquet') || p.endsWith('.pq')) return 'parquet';
  if (/\.(fits|fit|fts)$/.test(p)) return 'fits';
  return undefined;
}

/**
 * Parses a `--format` value: one format, or a comma list (`csv,parquet,fits`). Throws `features/bad-option`.
 *
 * @example
 * ```ts
 * parseTableFormats('csv,parquet'); // ['csv', 'parquet']
 * ```
 */
export function parseTableFormats(text: string): TableFormat[] {
  const out = text.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  const bad = out.filter((f) => !(TABLE_FORMATS as readonly string[]).includes(f));
  if (out.length === 0 || bad.length > 0) throw new FeaturesError('features/bad-option', `table format '${text}' is not one of ${TABLE_FORMATS.join(', ')}`);
  return [...new Set(out)] as TableFormat[];
}

/** Options of {@link writeTableFile}. */
export interface WriteTableOptions {
  /** The format; default from the extension (an unknown extension is `features/bad-option`). */
  readonly format?: TableFormat;
  /** What made the table, in each format's own metadata (Parquet key-value `kenobi`, FITS header cards). */
  readonly provenance?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * The bytes of a table in one format.
 *
 * @example
 * ```ts
 * tableBytes(table, 'parquet'); // Uint8Array starting with 'PAR1'
 * ```
 */
export function tableBytes(table: ResultTable, format: TableFormat, provenance: WriteTableOptions['provenance'] = {}): Uint8Array {
  if (format === 'csv') return new TextEncoder().encode(resultTableCsv(table));
  if (format === 'parquet') return resultTableParquet(table, Object.keys(provenance).length > 0 ? { kenobi: JSON.stringify(provenance) } : {});
  const header: HeaderEntry[] = Object.entries(provenance).map(([k, v]) => ({ keyword: k.length <= 8 ? k.toUpperCase() : `KENOBI ${k.toUpperCase()}`, value: v }));
  return resultTableFits(table, header);
}

/**
 * Writes a table to `path` (folders made as needed) and returns the absolute path and format.
 *
 * @example
 * ```ts
 * writeTableFile('out/assignments.parquet', table); // { path: '/…/out/assignments.parquet', format: 'parquet' }
 * ```
 */
export function writeTableFile(path: string, table: ResultTable, options: WriteTableOptions = {}): { path: string; format: TableFormat } {
  const format = options.format ?? tableFormatOf(path);
  if (!format) throw new FeaturesError('features/bad-option', `cannot tell the table format of '${path}'`, { hint: `end the name with ${Object.values(TABLE_EXTENSIONS).join(', ')} or pass a format` });
  const abs = resolve(path);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, tableBytes(table, format, options.provenance));
  return { path: abs, format };
}

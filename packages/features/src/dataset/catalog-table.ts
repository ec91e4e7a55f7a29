/**
 * A catalog as named columns, whatever file it came from (CSV, a FITS binary or ASCII table, Parquet), so
 * that ids, paths, labels and targets are found the same way in each. Pure TypeScript.
 */
import { csvCellNumber } from './csv-number.js';

/**
 * What a column can be used for: `number` (every present cell is a number: a regression target, or an id),
 * `text` (strings, or logicals as `true`/`false`: ids, paths, labels), `other` (vector cells, bit arrays,
 * variable-length arrays, nested Parquet columns: none of these).
 *
 * @example
 * ```ts
 * CATALOG_COLUMN_KINDS; // ['number', 'text', 'other']
 * ```
 */
export const CATALOG_COLUMN_KINDS = Object.freeze(['number', 'text', 'other'] as const);
/** One of {@link CATALOG_COLUMN_KINDS}. @example `const k: CatalogColumnKind = 'number';` */
export type CatalogColumnKind = (typeof CATALOG_COLUMN_KINDS)[number];

/** One column of a catalog. */
export interface CatalogColumn {
  readonly name: string;
  readonly kind: CatalogColumnKind;
  /** Why a column is `other` (e.g. "3-element vectors (TFORM '3E')"), for error messages. */
  readonly why?: string;
  /** Cell `i` as text: '' when missing; integers exact (64-bit ones too), floats as their shortest decimal. */
  text(i: number): string;
  /** Cell `i` as a number: NaN when missing or not a number. */
  number(i: number): number;
}

/**
 * A catalog: rows of named columns, and how its rows are numbered in messages.
 *
 * @example
 * ```ts
 * const t: CatalogTable = csvCatalogTable('cat.csv', ['id', 'path'], [['a', 'a.fits']]);
 * t.column('path')?.text(0); // 'a.fits'
 * ```
 */
export interface CatalogTable {
  /** What to call the catalog in messages: the path, with the HDU for a FITS table (`cat.fits[SOURCES]`). */
  readonly source: string;
  /** The file itself (relative image paths are relative to its folder). */
  readonly file: string;
  readonly format: 'csv' | 'fits' | 'parquet';
  readonly rows: number;
  readonly names: readonly string[];
  /** The column of that name (exact, then case-insensitive), or `undefined`. */
  column(name: string): CatalogColumn | undefined;
  /** How row `i` (0-based) is named in messages and in `DatasetItem.row`: a CSV line (header = 1) or a 1-based row. */
  rowNumber(i: number): number;
  /** `'line'` for CSV, `'row'` otherwise. */
  readonly rowWord: 'line' | 'row';
}

/**
 * Finds a column by exact name, then case-insensitively (FITS names are case-insensitive; `objID` = `objid`).
 *
 * @example
 * ```ts
 * findCatalogColumn(['OBJID', 'RA'], 'objid'); // 'OBJID'
 * ```
 */
export function findCatalogColumn(names: readonly string[], name: string): string | undefined {
  return names.find((n) => n === name) ?? names.find((n) => n.toLowerCase() === name.toLowerCase());
}

/**
 * The column names taken as the id when none is given, in order of preference, compared without case and
 * underscores: `id`, `objid` (SDSS), `object_id` / `objectId` (Rubin), `source_id` (Gaia), `name`.
 *
 * @example
 * ```ts
 * ID_COLUMN_NAMES; // ['id', 'objid', 'object_id', 'source_id', 'name']
 * ```
 */
export const ID_COLUMN_NAMES = Object.freeze(['id', 'objid', 'object_id', 'source_id', 'name'] as const);

/**
 * The column to use as the id when none is given: the first of {@link ID_COLUMN_NAMES} present (ignoring case
 * and underscores) whose kind is text or number; `undefined` when there is none.
 *
 * @example
 * ```ts
 * detectIdColumn(table); // 'objectId' for a Rubin catalog
 * ```
 */
export function detectIdColumn(table: Pick<CatalogTable, 'names' | 'column'>): string | undefined {
  const norm = (s: string): string => s.toLowerCase().replace(/_/g, '');
  for (const want of ID_COLUMN_NAMES) {
    const name = table.names.find((n) => norm(n) === norm(want));
    if (name !== undefined && table.column(name)?.kind !== 'other') return name;
  }
  return undefined;
}

/**
 * A catalog from CSV cells (a header and rows of strings); a column is `number` when every cell is a number or
 * a missing value ({@link csvCellNumber}: empty, `nan`, `NA`, ... read as NaN).
 *
 * @example
 * ```ts
 * csvCatalogTable('cat.csv', ['id', 'z'], [['a', '0.5'], ['b', '']]).column('z')?.kind; // 'number'
 * ```
 */
export function csvCatalogTable(file: string, header: readonly string[], body: readonly (readonly string[])[]): CatalogTable {
  const index = new Map(header.map((h, i) => [h, i]));
  const columns = new Map<string, CatalogColumn>();
  const column = (name: string): CatalogColumn | undefined => {
    const found = findCatalogColumn(header, name);
    if (found === undefined) return undefined;
    let c = columns.get(found);
    if (!c) {
      const j = index.get(found)!;
      const numeric = body.length > 0 && body.every((r) => csvCellNumber(r[j] ?? '') !== undefined);
      c = {
        name: found, kind: numeric ? 'number' : 'text',
        text: (i) => body[i]?.[j] ?? '',
        number: (i) => csvCellNumber(body[i]?.[j] ?? '') ?? Number.NaN,
      };
      columns.set(found, c);
    }
    return c;
  };
  return { source: file, file, format: 'csv', rows: body.length, names: header, column, rowNumber: (i) => i + 2, rowWord: 'line' };
}

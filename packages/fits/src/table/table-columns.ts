/**
 * The columns of a BINTABLE or TABLE HDU as its header describes them (TTYPEn, TFORMn, TUNITn, TSCALn,
 * TZEROn, TNULLn, TDIMn, TBCOLn), checked against the row width before any data are read.
 */
import { FitsError } from '../errors.js';
import type { FitsHdu } from '../hdu.js';
import type { FitsHeader } from '../header/header.js';
import { parseAsciiFormat, parseBinaryFormat, parseTdim } from './table-format.js';
import type { AsciiFormat, BinaryFormat } from './table-format.js';

/** What a column of a table HDU is. */
export interface FitsColumnInfo {
  /** 1-based column number (the n of TTYPEn). */
  readonly number: number;
  /** TTYPEn with trailing spaces removed (`COLn` when absent). */
  readonly name: string;
  /** TFORMn as written. */
  readonly tform: string;
  /** The binary format (BINTABLE) or the ASCII one (TABLE). */
  readonly format: { readonly table: 'binary'; readonly binary: BinaryFormat } | { readonly table: 'ascii'; readonly ascii: AsciiFormat };
  /** Byte offset of the cell in a row. */
  readonly offset: number;
  /** Bytes the cell takes in a row. */
  readonly width: number;
  /** Shape of one cell in C order (`[]` for a scalar, `[3]` for `3E`, `[2, 3]` for `6E` with TDIM `(3,2)`). */
  readonly cellShape: readonly number[];
  readonly unit: string | undefined;
  /** TSCALn (1 when absent). */
  readonly scale: number;
  /** TZEROn (0 when absent). */
  readonly zero: number;
  /** TNULLn: an integer for binary tables, a string for ASCII tables. */
  readonly nullValue: number | bigint | string | undefined;
}

function invalid(hdu: FitsHdu, message: string): FitsError {
  return new FitsError('fits/invalid-header', `HDU ${hdu.index}${hdu.extname ? ` (${hdu.extname})` : ''}: ${message}`);
}

function numberKey(h: FitsHeader, key: string, fallback: number, hdu: FitsHdu): number {
  if (!h.has(key)) return fallback;
  const v = h.number(key);
  if (v === undefined || !Number.isFinite(v)) throw invalid(hdu, `${key} = ${String(h.get(key))} is not a finite number`);
  return v;
}

/**
 * Reads the column descriptions of a table HDU (`kind` `'bintable'` or `'table'`). Throws
 * `fits/invalid-header` for a TFIELDS, TFORM or TBCOL that cannot be right, or columns wider than a row.
 *
 * @example
 * ```ts
 * const cols = tableColumns(fits.hdu('CAT'));
 * cols.map((c) => [c.name, c.tform]); // [['ID', '10A'], ['FLUX', 'E'], ...]
 * ```
 */
export function tableColumns(hdu: FitsHdu): FitsColumnInfo[] {
  const h = hdu.header;
  const ascii = hdu.kind === 'table';
  const tfields = h.number('TFIELDS', 0)!;
  if (!Number.isInteger(tfields) || tfields < 0 || tfields > 999) throw invalid(hdu, `TFIELDS = ${String(h.get('TFIELDS'))} is not an integer in [0, 999]`);
  const rowBytes = h.number('NAXIS1', 0)!;
  const out: FitsColumnInfo[] = [];
  let offset = 0;
  for (let n = 1; n <= tfields; n += 1) {
    const tform = h.string(`TFORM${n}`);
    if (tform === undefined) throw invalid(hdu, `TFORM${n} is missing (TFIELDS = ${tfields})`);
    const name = (h.string(`TTYPE${n}`) ?? `COL${n}`).replace(/\s+$/, '');
    const unit = h.string(`TUNIT${n}`)?.trim();
    const scale = numberKey(h, `TSCAL${n}`, 1, hdu);
    const zero = numberKey(h, `TZERO${n}`, 0, hdu);
    const rawNull = h.get(`TNULL${n}`);
    if (ascii) {
      const format = parseAsciiFormat(tform, `HDU ${hdu.index} TFORM${n}`);
      const tbcol = h.number(`TBCOL${n}`);
      if (tbcol === undefined || !Number.isInteger(tbcol) || tbcol < 1 || tbcol - 1 + format.width > rowBytes) {
        throw invalid(hdu, `TBCOL${n} = ${String(h.get(`TBCOL${n}`))} does not place a ${format.width}-character field inside a ${rowBytes}-character row`);
      }
      out.push({
        number: n, name, tform, format: { table: 'ascii', ascii: format }, offset: tbcol - 1, width: format.width, cellShape: [],
        unit: unit === '' ? undefined : unit, scale, zero,
        nullValue: rawNull === undefined || rawNull === null ? undefined : typeof rawNull === 'string' ? rawNull : String(rawNull),
      });
      continue;
    }
    const format = parseBinaryFormat(tform, `HDU ${hdu.index} TFORM${n}`);
    const dims = parseTdim(h.string(`TDIM${n}`), format.repeat);
    let cellShape: number[];
    if (format.type === 'A') cellShape = dims && dims.length > 1 ? dims.slice(0, -1) : [];
    else if (format.type === 'P' || format.type === 'Q') cellShape = [];
    else cellShape = dims ?? (format.repeat === 1 ? [] : [format.repeat]);
    out.push({
      number: n, name, tform, format: { table: 'binary', binary: format }, offset, width: format.width, cellShape,
      unit: unit === '' ? undefined : unit, scale, zero,
      nullValue: typeof rawNull === 'number' || typeof rawNull === 'bigint' ? rawNull : undefined,
    });
    offset += format.width;
  }
  if (!ascii && offset > rowBytes) throw invalid(hdu, `the columns (TFORMn) take ${offset} bytes but a row (NAXIS1) has ${rowBytes}`);
  return out;
}

/**
 * Finds a column by name: exact first, then case-insensitive (FITS column names are case-insensitive).
 *
 * @example
 * ```ts
 * findColumn(cols, 'ra')?.name; // 'RA'
 * ```
 */
export function findColumn(columns: readonly FitsColumnInfo[], name: string): FitsColumnInfo | undefined {
  return columns.find((c) => c.name === name) ?? columns.find((c) => c.name.toUpperCase() === name.toUpperCase());
}

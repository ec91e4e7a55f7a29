/**
 * One decoded column of a FITS table: its values in C order over `[rows, ...cellShape]`, with a mask of the
 * missing ones (TNULL, NaN, empty strings, null logicals).
 */
import type { FitsDtype, FitsTypedArray } from '../data/dtype.js';
import type { FitsColumnInfo } from './table-columns.js';

/**
 * What a decoded column holds:
 * - `number`: a typed array (`dtype` as astropy gives it: unsigned conventions honoured, scaled integers as
 *   float64, 64-bit integers as `BigInt64Array` / `BigUint64Array`);
 * - `string`: one string per cell (trailing spaces and NULs removed);
 * - `logical`: a `Uint8Array` of 0 / 1 (`missing` marks the null byte);
 * - `bits`: a `Uint8Array` of 0 / 1, one per bit of an `X` column;
 * - `array`: one typed array (or string) per row, for variable-length P / Q columns.
 *
 * @example
 * ```ts
 * FITS_COLUMN_KINDS.includes('logical'); // true
 * ```
 */
export const FITS_COLUMN_KINDS = Object.freeze(['number', 'string', 'logical', 'bits', 'array'] as const);
/** One of {@link FITS_COLUMN_KINDS}. @example `const k: FitsColumnKind = 'number';` */
export type FitsColumnKind = (typeof FITS_COLUMN_KINDS)[number];

/** A decoded column. */
export interface FitsTableColumn {
  readonly info: FitsColumnInfo;
  readonly kind: FitsColumnKind;
  /** The element type (`'string'` for text, `'bool'` for logicals and bits). */
  readonly dtype: FitsDtype | 'string' | 'bool';
  /** `[rows, ...info.cellShape]` (`[rows]` for strings and variable-length arrays). */
  readonly shape: readonly number[];
  readonly data: FitsTypedArray | readonly string[] | readonly (FitsTypedArray | string)[];
  /** 1 where a value is missing, one entry per element of `data`; `undefined` when none is. */
  readonly missing: Uint8Array | undefined;
}

/**
 * Element `i` of a numeric, logical or string column as a plain value, `undefined` when missing.
 *
 * @example
 * ```ts
 * columnValue(table.column('FLUX'), 3); // 12.5, or undefined for a TNULL / NaN cell
 * ```
 */
export function columnValue(column: FitsTableColumn, i: number): number | bigint | string | boolean | undefined {
  if (column.missing?.[i]) return undefined;
  const v = (column.data as ArrayLike<unknown>)[i];
  if (column.kind === 'logical' || column.kind === 'bits') return v === 1;
  return v as number | bigint | string;
}

/**
 * TFORMn of binary and ASCII tables: what a column's cells hold and how wide they are. Pure parsing, no data.
 */
import { FitsError } from '../errors.js';

/**
 * The type letters of a binary-table TFORM (FITS 4.0, table 18): logical, bit, unsigned byte, 16/32/64-bit
 * integers, characters, 32/64-bit floats, 32/64-bit complex, and P / Q variable-length-array descriptors.
 *
 * @example
 * ```ts
 * BINARY_TYPES.includes('K'); // true (64-bit integers)
 * ```
 */
export const BINARY_TYPES = Object.freeze(['L', 'X', 'B', 'I', 'J', 'K', 'A', 'E', 'D', 'C', 'M', 'P', 'Q'] as const);
/** One of {@link BINARY_TYPES}. @example `const t: BinaryType = 'E';` */
export type BinaryType = (typeof BINARY_TYPES)[number];

/** The type letters of an ASCII-table TFORM: characters, integers, fixed and exponential floats. @example `ASCII_TYPES; // ['A', 'I', 'F', 'E', 'D']` */
export const ASCII_TYPES = Object.freeze(['A', 'I', 'F', 'E', 'D'] as const);
/** One of {@link ASCII_TYPES}. @example `const t: AsciiType = 'F';` */
export type AsciiType = (typeof ASCII_TYPES)[number];

/** Bytes one element of each binary type takes in a row (X: bits, counted apart; P / Q: the descriptor). */
const WIDTH: Readonly<Record<BinaryType, number>> = Object.freeze({ L: 1, X: 0, B: 1, I: 2, J: 4, K: 8, A: 1, E: 4, D: 8, C: 8, M: 16, P: 8, Q: 16 });

/** A parsed binary-table TFORM. */
export interface BinaryFormat {
  readonly type: BinaryType;
  /** The repeat count r of `rT` (1 when absent; may be 0: a column with no data). */
  readonly repeat: number;
  /** For P / Q: the type of the heap array's elements. */
  readonly elementType: Exclude<BinaryType, 'P' | 'Q'> | undefined;
  /** Bytes the cell takes in a row. */
  readonly width: number;
}

/**
 * Parses a binary-table TFORM such as `'1J'`, `'20A'`, `'512E'`, `'16X'` or `'1PE(20)'`. Throws
 * `fits/invalid-header` naming `where` for text that is no TFORM.
 *
 * @example
 * ```ts
 * parseBinaryFormat('3E', 'TFORM8');   // { type: 'E', repeat: 3, elementType: undefined, width: 12 }
 * parseBinaryFormat('1PJ(3)', 'TFORM10'); // { type: 'P', repeat: 1, elementType: 'J', width: 8 }
 * ```
 */
export function parseBinaryFormat(tform: string, where: string): BinaryFormat {
  const text = tform.trim().toUpperCase();
  // NOTE: 'rT' with an optional suffix: '(emax)' for P/Q, and free text some writers append (e.g. 'E8.3')
  // that the standard reserves and readers ignore.
  const m = /^(\d*)([LXBIJKAEDCMPQ])([LXBIJKAEDCM]?)/.exec(text);
  if (!m) throw new FitsError('fits/invalid-header', `${where} = '${tform}' is not a binary-table format (rT with T one of ${BINARY_TYPES.join(' ')})`);
  const repeat = m[1] === '' ? 1 : Number(m[1]);
  if (!Number.isSafeInteger(repeat)) throw new FitsError('fits/invalid-header', `${where} = '${tform}': repeat count is too large`);
  const type = m[2] as BinaryType;
  const variable = type === 'P' || type === 'Q';
  const elementType = variable ? ((m[3] || 'B') as Exclude<BinaryType, 'P' | 'Q'>) : undefined;
  const width = type === 'X' ? Math.ceil(repeat / 8) : repeat * WIDTH[type];
  return { type, repeat, elementType, width };
}

/**
 * Bytes one element of a binary type takes (0 for X, whose elements are bits).
 *
 * @example
 * ```ts
 * binaryElementWidth('D'); // 8
 * ```
 */
export function binaryElementWidth(type: BinaryType): number {
  return WIDTH[type];
}

/** A parsed ASCII-table TFORM. */
export interface AsciiFormat {
  readonly type: AsciiType;
  /** Field width in characters. */
  readonly width: number;
  /** Digits after the point (F, E, D); 0 for A and I. */
  readonly decimals: number;
}

/**
 * Parses an ASCII-table TFORM such as `'A15'`, `'I10'`, `'F8.3'`, `'E12.5'` or `'D21.14'`.
 *
 * @example
 * ```ts
 * parseAsciiFormat('E12.5', 'TFORM3'); // { type: 'E', width: 12, decimals: 5 }
 * ```
 */
export function parseAsciiFormat(tform: string, where: string): AsciiFormat {
  const text = tform.trim().toUpperCase();
  const m = /^([AIFED])(\d+)(?:\.(\d+))?(?:E\d+)?$/.exec(text);
  if (!m) throw new FitsError('fits/invalid-header', `${where} = '${tform}' is not an ASCII-table format (Aw, Iw, Fw.d, Ew.d or Dw.d)`);
  const width = Number(m[2]);
  if (width < 1 || !Number.isSafeInteger(width)) throw new FitsError('fits/invalid-header', `${where} = '${tform}': field width must be at least 1`);
  return { type: m[1] as AsciiType, width, decimals: m[3] === undefined ? 0 : Number(m[3]) };
}

/**
 * The cell shape of a TDIMn value `'(3,2)'` in C order (`[2, 3]`, as astropy gives it), checked against the
 * repeat count; `undefined` when there is no TDIM or it does not match (then the cell is a flat vector).
 *
 * @example
 * ```ts
 * parseTdim('(3,2)', 6); // [2, 3]
 * parseTdim('(4)', 6);   // undefined: 4 ≠ 6
 * ```
 */
export function parseTdim(tdim: string | undefined, repeat: number): number[] | undefined {
  if (tdim === undefined) return undefined;
  const m = /^\s*\(([\d\s,]+)\)\s*$/.exec(tdim);
  if (!m) return undefined;
  const axes = m[1]!.split(',').map((s) => Number(s.trim()));
  if (axes.some((n) => !Number.isSafeInteger(n) || n < 0)) return undefined;
  // NOTE: for character columns the first axis is the string length, which is not an axis of the cell.
  const count = axes.reduce((a, b) => a * b, 1);
  if (count !== repeat) return undefined;
  return axes.reverse();
}

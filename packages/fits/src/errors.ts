/**
 * The typed errors of `@kenobi/fits`. Every error thrown on purpose is a {@link FitsError} whose `code` is
 * one of {@link FITS_ERROR_CODES}, so callers can branch on `err.code` (or `isKenobiError(err, 'fits/')`).
 */
import { KenobiError } from '@kenobi/core';

/**
 * Every code a {@link FitsError} can carry.
 * - `fits/not-fits`: the bytes are not FITS (no `SIMPLE = T` first card, an empty file, HTML...).
 * - `fits/truncated`: the file ends before a header or a data unit that the header declares.
 * - `fits/invalid-header`: a mandatory keyword is missing or has an impossible value.
 * - `fits/unsupported`: valid FITS that this reader does not decode (random-groups data, HCOMPRESS_1...).
 * - `fits/unsupported-container`: a compressed container (bzip2, .Z) that cannot be opened here.
 * - `fits/corrupt-tile`: a tile of a tile-compressed image does not decode.
 * - `fits/hdu-not-found`: no HDU matches the index or EXTNAME/EXTVER asked for.
 * - `fits/not-image`: the selected HDU holds no image (a table, or an empty primary).
 * - `fits/not-table`: the selected HDU is not a table (BINTABLE or ASCII TABLE), or the file has none.
 * - `fits/column-not-found`: a table has no column of that name or number.
 * - `fits/invalid-argument`: a caller passed a value this API cannot use (writer input, plane index...).
 * - `fits/too-large`: decoding would take more memory than the file can justify: a compressed container that
 *   decompresses beyond what its FITS headers declare (a decompression bomb), a compressed image larger than
 *   its compressed bytes allow, or more than the `maxBytes` option (see the README, "Limits").
 *
 * @example
 * ```ts
 * import { FITS_ERROR_CODES } from '@kenobi/fits';
 * FITS_ERROR_CODES.includes('fits/truncated'); // true
 * ```
 */
export const FITS_ERROR_CODES = Object.freeze([
  'fits/not-fits',
  'fits/truncated',
  'fits/invalid-header',
  'fits/unsupported',
  'fits/unsupported-container',
  'fits/corrupt-tile',
  'fits/hdu-not-found',
  'fits/not-image',
  'fits/not-table',
  'fits/column-not-found',
  'fits/invalid-argument',
  'fits/too-large',
] as const);

/** One of {@link FITS_ERROR_CODES}. */
export type FitsErrorCode = (typeof FITS_ERROR_CODES)[number];

/**
 * An error thrown on purpose by `@kenobi/fits`.
 *
 * @example
 * ```ts
 * import { openFits, FitsError } from '@kenobi/fits';
 * try { openFits(new Uint8Array(10)); }
 * catch (e) { if (e instanceof FitsError) console.log(e.code); } // 'fits/not-fits'
 * ```
 */
export class FitsError extends KenobiError {
  declare readonly code: FitsErrorCode;

  constructor(
    code: FitsErrorCode,
    message: string,
    options: { hint?: string; cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(code, message, options);
  }
}

import { KenobiError } from '@kenobi/core';

/**
 * Codes of the errors `@kenobi/imaging` throws on purpose.
 * - `imaging/invalid-argument`: a parameter out of its domain (a negative size, `a <= 0`, mismatched shapes).
 * - `imaging/unsupported-format`: bytes that are neither PNG nor JPEG, or a PNG/JPEG variant not handled.
 * - `imaging/decode`: a PNG/JPEG whose data is corrupt or truncated.
 * - `imaging/no-finite-values`: an interval asked of an image with no finite pixel.
 * - `imaging/channels`: an image whose channel count cannot be mapped to what a model wants.
 *
 * @example
 * ```ts
 * import { IMAGING_ERROR_CODES } from '@kenobi/imaging';
 * IMAGING_ERROR_CODES.includes('imaging/decode'); // true
 * ```
 */
export const IMAGING_ERROR_CODES = Object.freeze([
  'imaging/invalid-argument',
  'imaging/unsupported-format',
  'imaging/decode',
  'imaging/no-finite-values',
  'imaging/channels',
] as const);

/** One of {@link IMAGING_ERROR_CODES}. @example `const c: ImagingErrorCode = 'imaging/decode';` */
export type ImagingErrorCode = (typeof IMAGING_ERROR_CODES)[number];

/**
 * The typed error of `@kenobi/imaging`.
 *
 * @example
 * ```ts
 * import { ImagingError } from '@kenobi/imaging';
 * try { decodeImage(new Uint8Array([1, 2, 3])); }
 * catch (e) { if (e instanceof ImagingError) console.log(e.code); } // 'imaging/unsupported-format'
 * ```
 */
export class ImagingError extends KenobiError {
  declare readonly code: ImagingErrorCode;

  constructor(
    code: ImagingErrorCode,
    message: string,
    options: { hint?: string; cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(code, message, options);
  }
}

/** Throws `imaging/invalid-argument` unless `ok`. @example `requireArgument(a > 0, 'a must be > 0');` */
export function requireArgument(ok: boolean, message: string): asserts ok {
  if (!ok) throw new ImagingError('imaging/invalid-argument', message);
}

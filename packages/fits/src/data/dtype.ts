/**
 * Element types of decoded FITS data, named as numpy names them, with the typed array that holds each.
 */

/** The numpy-style names of the element types Kenobi decodes FITS data into. */
export const FITS_DTYPES = Object.freeze([
  'uint8',
  'int8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'uint64',
  'float32',
  'float64',
] as const);
/** One of {@link FITS_DTYPES}. */
export type FitsDtype = (typeof FITS_DTYPES)[number];

/** The typed arrays that decoded FITS data live in. */
export type FitsTypedArray =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

/** The legal BITPIX values. */
export const BITPIX_VALUES = Object.freeze([8, 16, 32, 64, -32, -64] as const);
/** One of {@link BITPIX_VALUES}. */
export type Bitpix = (typeof BITPIX_VALUES)[number];

/**
 * True when `n` is a legal BITPIX.
 *
 * @example
 * ```ts
 * isBitpix(-32); // true
 * isBitpix(12);  // false
 * ```
 */
export function isBitpix(n: unknown): n is Bitpix {
  return typeof n === 'number' && (BITPIX_VALUES as readonly number[]).includes(n);
}

/**
 * The dtype that stored values of this BITPIX decode to before any scaling.
 *
 * @example
 * ```ts
 * dtypeOfBitpix(16); // 'int16'
 * ```
 */
export function dtypeOfBitpix(bitpix: Bitpix): FitsDtype {
  switch (bitpix) {
    case 8: return 'uint8';
    case 16: return 'int16';
    case 32: return 'int32';
    case 64: return 'int64';
    case -32: return 'float32';
    case -64: return 'float64';
  }
}

/**
 * Allocates a typed array of this dtype.
 *
 * @example
 * ```ts
 * allocate('float32', 4); // Float32Array(4)
 * ```
 */
export function allocate(dtype: FitsDtype, length: number): FitsTypedArray {
  switch (dtype) {
    case 'uint8': return new Uint8Array(length);
    case 'int8': return new Int8Array(length);
    case 'int16': return new Int16Array(length);
    case 'uint16': return new Uint16Array(length);
    case 'int32': return new Int32Array(length);
    case 'uint32': return new Uint32Array(length);
    case 'int64': return new BigInt64Array(length);
    case 'uint64': return new BigUint64Array(length);
    case 'float32': return new Float32Array(length);
    case 'float64': return new Float64Array(length);
  }
}

/**
 * The dtype of a typed array.
 *
 * @example
 * ```ts
 * dtypeOf(new Uint16Array(2)); // 'uint16'
 * ```
 */
export function dtypeOf(array: FitsTypedArray): FitsDtype {
  if (array instanceof Uint8Array) return 'uint8';
  if (array instanceof Int8Array) return 'int8';
  if (array instanceof Int16Array) return 'int16';
  if (array instanceof Uint16Array) return 'uint16';
  if (array instanceof Int32Array) return 'int32';
  if (array instanceof Uint32Array) return 'uint32';
  if (array instanceof BigInt64Array) return 'int64';
  if (array instanceof BigUint64Array) return 'uint64';
  if (array instanceof Float32Array) return 'float32';
  return 'float64';
}

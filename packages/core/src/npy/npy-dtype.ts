/**
 * The numpy dtypes that `.npy` reading and writing support, with their descriptors (`'<f4'`) and typed arrays.
 */
import { KenobiError } from '../kenobi-error.js';

/** The element types `readNpy` / `writeNpy` handle. */
export const NPY_DTYPES = Object.freeze([
  'bool', 'uint8', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'float32', 'float64',
] as const);
/** One of {@link NPY_DTYPES}. */
export type NpyDtype = (typeof NPY_DTYPES)[number];

/** The typed arrays that hold `.npy` data. */
export type NpyTypedArray =
  | Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array
  | BigInt64Array | BigUint64Array | Float32Array | Float64Array;

const BY_CODE: Record<string, NpyDtype> = {
  b1: 'bool', u1: 'uint8', i1: 'int8', i2: 'int16', u2: 'uint16', i4: 'int32', u4: 'uint32',
  i8: 'int64', u8: 'uint64', f4: 'float32', f8: 'float64',
};

/** A parsed dtype descriptor: the dtype, its byte order and its width in bytes. */
export interface NpyDescr {
  readonly dtype: NpyDtype;
  readonly bigEndian: boolean;
  readonly width: number;
}

/**
 * Parses a numpy dtype descriptor such as `'<f4'`, `'>i2'` or `'|u1'`.
 *
 * @example
 * ```ts
 * parseNpyDescr('<f4'); // { dtype: 'float32', bigEndian: false, width: 4 }
 * ```
 */
export function parseNpyDescr(descr: string): NpyDescr {
  const m = /^([<>|=])([biuf]\d+)$/.exec(descr);
  const dtype = m ? BY_CODE[m[2]!] : undefined;
  if (!m || !dtype) throw new KenobiError('core/npy-unsupported', `npy dtype '${descr}' is not supported (${NPY_DTYPES.join(', ')})`);
  return { dtype, bigEndian: m[1] === '>', width: Number(m[2]!.slice(1)) };
}

/**
 * The little-endian descriptor of a dtype.
 *
 * @example
 * ```ts
 * npyDescr('float32'); // '<f4'
 * ```
 */
export function npyDescr(dtype: NpyDtype): string {
  const code = Object.keys(BY_CODE).find((k) => BY_CODE[k] === dtype)!;
  return (code.endsWith('1') ? '|' : '<') + code;
}

/**
 * The dtype of a typed array (Uint8Array reads as uint8; pass `'bool'` explicitly when you mean it).
 *
 * @example
 * ```ts
 * npyDtypeOf(new Float32Array(1)); // 'float32'
 * ```
 */
export function npyDtypeOf(a: NpyTypedArray): NpyDtype {
  if (a instanceof Uint8Array) return 'uint8';
  if (a instanceof Int8Array) return 'int8';
  if (a instanceof Int16Array) return 'int16';
  if (a instanceof Uint16Array) return 'uint16';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Uint32Array) return 'uint32';
  if (a instanceof BigInt64Array) return 'int64';
  if (a instanceof BigUint64Array) return 'uint64';
  if (a instanceof Float32Array) return 'float32';
  return 'float64';
}

/**
 * A typed array of this dtype viewing `byteLength` bytes of `buffer` from `byteOffset` (no copy; the offset
 * must be a multiple of the element size, as typed arrays require).
 *
 * @example
 * ```ts
 * npyArrayOver('float32', bytes.buffer, bytes.byteOffset + 128, 4 * 6); // Float32Array(6), shares bytes
 * ```
 */
export function npyArrayOver(dtype: NpyDtype, buffer: ArrayBufferLike, byteOffset: number, byteLength: number): NpyTypedArray {
  switch (dtype) {
    case 'bool':
    case 'uint8': return new Uint8Array(buffer, byteOffset, byteLength);
    case 'int8': return new Int8Array(buffer, byteOffset, byteLength);
    case 'int16': return new Int16Array(buffer, byteOffset, byteLength / 2);
    case 'uint16': return new Uint16Array(buffer, byteOffset, byteLength / 2);
    case 'int32': return new Int32Array(buffer, byteOffset, byteLength / 4);
    case 'uint32': return new Uint32Array(buffer, byteOffset, byteLength / 4);
    case 'int64': return new BigInt64Array(buffer, byteOffset, byteLength / 8);
    case 'uint64': return new BigUint64Array(buffer, byteOffset, byteLength / 8);
    case 'float32': return new Float32Array(buffer, byteOffset, byteLength / 4);
    case 'float64': return new Float64Array(buffer, byteOffset, byteLength / 8);
  }
}

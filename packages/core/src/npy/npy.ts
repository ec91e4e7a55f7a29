/**
 * Reading and writing numpy `.npy` files (format versions 1.0–3.0), the interchange format of Kenobi's
 * feature store and of the golden fixtures made in Python. Pure TypeScript; data come out native-endian.
 */
import { KenobiError } from '../kenobi-error.js';
import { npyArrayFrom, npyDescr, npyDtypeOf, parseNpyDescr } from './npy-dtype.js';
import type { NpyDtype, NpyTypedArray } from './npy-dtype.js';

/** An array read from or written to `.npy`. */
export interface NpyArray {
  readonly dtype: NpyDtype;
  /** C-order shape, `[]` for a scalar. */
  readonly shape: readonly number[];
  readonly data: NpyTypedArray;
  /** True when the file stored the array in Fortran order (the data are then as stored, column-major). */
  readonly fortranOrder: boolean;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

function fail(message: string): never {
  throw new KenobiError('core/npy-invalid', message);
}

function swapBytes(bytes: Uint8Array, width: number): void {
  for (let i = 0; i + width <= bytes.length; i += width) bytes.subarray(i, i + width).reverse();
}

/**
 * Parses `.npy` bytes.
 *
 * @example
 * ```ts
 * import { readNpy } from '@kenobi/core';
 * const a = readNpy(bytes);
 * a.dtype; a.shape; // 'float32', [1000, 512]
 * ```
 */
export function readNpy(bytes: Uint8Array): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail('not an .npy file (no \\x93NUMPY magic)');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLen > bytes.length) fail('.npy header runs past the end of the file');
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) fail(`.npy header is not understood: ${header.trim()}`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const { dtype, bigEndian, width } = parseNpyDescr(descr);
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = start + headerLen;
  if (dataStart + count * width > bytes.length) fail(`.npy data need ${count * width} bytes, the file holds ${bytes.length - dataStart}`);
  const raw = bytes.slice(dataStart, dataStart + count * width);
  if (width > 1 && bigEndian === LITTLE_ENDIAN) swapBytes(raw, width);
  return { dtype, shape, data: npyArrayFrom(dtype, raw), fortranOrder: fortran === 'True' };
}

/**
 * Serialises a C-order array as `.npy` (version 1.0, little-endian), readable by `numpy.load`.
 *
 * @example
 * ```ts
 * import { writeNpy } from '@kenobi/core';
 * const bytes = writeNpy(new Float32Array(6), [2, 3]);
 * ```
 */
export function writeNpy(data: NpyTypedArray, shape: readonly number[], dtype: NpyDtype = npyDtypeOf(data)): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new KenobiError('core/npy-invalid', `shape [${shape.join(', ')}] holds ${count} values, the data have ${data.length}`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${npyDescr(dtype)}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i += 1) out[10 + i] = header.charCodeAt(i);
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  if (!LITTLE_ENDIAN && data.BYTES_PER_ELEMENT > 1) swapBytes(body, data.BYTES_PER_ELEMENT);
  out.set(body, 10 + header.length);
  return out;
}

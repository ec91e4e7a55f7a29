/**
 * Reading and writing numpy `.npy` files (format versions 1.0–3.0), the interchange format of Kenobi's
 * feature store and of the golden fixtures made in Python. Pure TypeScript; data come out native-endian.
 */
import { KenobiError, isKenobiError } from '../kenobi-error.js';
import { npyArrayOver, npyDescr, npyDtypeOf, parseNpyDescr } from './npy-dtype.js';
import type { NpyDescr, NpyDtype, NpyTypedArray } from './npy-dtype.js';

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

/** Options of {@link readNpy}. */
export interface ReadNpyOptions {
  /** What to call the bytes in error messages (a file path). */
  readonly source?: string;
  /**
   * `false`: return a view over `bytes` when it can (native byte order and the data aligned for its type, as
   * numpy's 64-byte-padded headers are in a buffer of its own, e.g. `readFileSync`'s), else a copy. The view
   * shares memory with `bytes`. Default `true`: always a copy of its own.
   */
  readonly copy?: boolean;
}

/**
 * The dtype, shape and data offset of `.npy` bytes, checked against the number of bytes there are (`size`,
 * the file's size when `bytes` holds only its start). Throws `core/npy-invalid` or `core/npy-unsupported`
 * naming `source`.
 *
 * @example
 * ```ts
 * parseNpyHeader(bytes); // { dtype: 'float32', shape: [2, 3], fortranOrder: false, dataOffset: 128, dataBytes: 24, ... }
 * ```
 */
export function parseNpyHeader(bytes: Uint8Array, size = bytes.length, options: ReadNpyOptions = {}): NpyHeader {
  const fail = (message: string): never => {
    throw new KenobiError('core/npy-invalid', options.source ? `${options.source}: ${message}` : message);
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail('not an .npy file (no \\x93NUMPY magic)');
  const major = bytes[6]!;
  // NOTE: version 1 has a 2-byte header length, 2 and 3 a 4-byte one; any other version has an unknown layout.
  if (major < 1 || major > 3) fail(`.npy format version ${major}.${bytes[7]} is not one this reader knows (1.0 to 3.0)`);
  const start = major === 1 ? 10 : 12;
  if (bytes.length < start) fail(`.npy file ends inside its preamble (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (start + headerLen > bytes.length) fail(`.npy header of ${headerLen} bytes runs past the end of the file`);
  // NOTE: the format ends the header with '\n' (some writers pad with spaces after it); without this check a
  // header length off by one moved the data start by a byte and every value was read misaligned, silently
  // (found by the fuzzer).
  let last = start + headerLen - 1;
  while (last >= start && bytes[last] === 0x20) last--;
  if (last < start || bytes[last] !== 0x0a) fail(`.npy header of ${headerLen} bytes does not end with a newline (the header length is wrong)`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  // NOTE: each key exactly once: numpy keeps the last of a repeated key, this reader would take the first.
  const once = ['descr', 'fortran_order', 'shape'].every((k) => header.split(`'${k}'`).length === 2);
  if (descr === undefined || fortran === undefined || shapeText === undefined || !once) return fail(`.npy header is not understood: ${header.trim().slice(0, 200)}`);
  const trimmed = shapeText.trim();
  const parts = trimmed === '' ? [] : trimmed.split(',').map((p) => p.trim());
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop(); // '(3,)'
  // NOTE: a shape is a tuple of non-negative integers (Python 2 wrote longs as '3L'); anything else (NaN, -1,
  // 2.5, 1e3) would give a wrong count, and a wrong count silently wrong data.
  if (parts.some((p) => !/^\d+L?$/.test(p))) fail(`.npy shape (${shapeText.slice(0, 100)}) is not a tuple of non-negative integers`);
  const shape = parts.map((p) => Number.parseInt(p, 10));
  let dtype: NpyDescr;
  try {
    dtype = parseNpyDescr(descr);
  } catch (e) {
    if (isKenobiError(e) && options.source) throw new KenobiError(e.code, `${options.source}: ${e.message}`, { cause: e });
    throw e;
  }
  const count = shape.reduce((a, b) => a * b, 1);
  const dataOffset = start + headerLen;
  const dataBytes = count * dtype.width;
  if (!Number.isSafeInteger(dataBytes) || dataOffset + dataBytes > size) fail(`.npy data of shape [${shape.join(', ')}] need ${dataBytes} bytes, the file holds ${Math.max(0, size - dataOffset)}`);
  return { ...dtype, shape, fortranOrder: fortran === 'True', dataOffset, count, dataBytes };
}

/** What {@link parseNpyHeader} reads. */
export interface NpyHeader extends NpyDescr {
  readonly shape: number[];
  readonly fortranOrder: boolean;
  /** Where the data start. */
  readonly dataOffset: number;
  /** Elements and bytes of the data. */
  readonly count: number;
  readonly dataBytes: number;
}

function swapBytes(bytes: Uint8Array, width: number): void {
  for (let i = 0; i + width <= bytes.length; i += width) bytes.subarray(i, i + width).reverse();
}

/**
 * Parses `.npy` bytes. Bad bytes throw `core/npy-invalid` (or `core/npy-unsupported` for a dtype it does not
 * read) naming `options.source`, before anything the size of the claimed data is allocated.
 *
 * @example
 * ```ts
 * import { readNpy } from '@kenobi/core';
 * const a = readNpy(bytes, { source: 'feats/part-00000.npy' });
 * a.dtype; a.shape; // 'float32', [1000, 512]
 * readNpy(readFileSync(path), { copy: false }).data; // a view over the file's bytes (no copy of the data)
 * ```
 */
export function readNpy(bytes: Uint8Array, options: ReadNpyOptions = {}): NpyArray {
  const h = parseNpyHeader(bytes, bytes.length, options);
  const swap = h.width > 1 && h.bigEndian === LITTLE_ENDIAN;
  const offset = bytes.byteOffset + h.dataOffset;
  if (options.copy === false && !swap && offset % h.width === 0) {
    return { dtype: h.dtype, shape: h.shape, data: npyArrayOver(h.dtype, bytes.buffer, offset, h.dataBytes), fortranOrder: h.fortranOrder };
  }
  // NOTE: one copy (it was two: a slice, then another in the typed-array constructor), made with Uint8Array's
  // slice: Node's Buffer#slice is a view, and the byte swap must not write into the caller's bytes.
  const raw = Uint8Array.prototype.slice.call(bytes, h.dataOffset, h.dataOffset + h.dataBytes);
  if (swap) swapBytes(raw, h.width);
  return { dtype: h.dtype, shape: h.shape, data: npyArrayOver(h.dtype, raw.buffer, 0, raw.byteLength), fortranOrder: h.fortranOrder };
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

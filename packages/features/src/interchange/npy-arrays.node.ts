/**
 * Node-only. `.npy` files made by numpy for import: numeric arrays of any dtype numpy writes (C or Fortran
 * order; Fortran ones are transposed into C order), and 1-D text arrays (`<U…` unicode, `|S…` bytes) for ids
 * and labels, which `@kenobi/core`'s reader does not read.
 */
import { readFile } from 'node:fs/promises';
import { isKenobiError, readNpy } from '@kenobi/core';
import type { NpyArray } from '@kenobi/core';
import { FeaturesError } from '../features-error.js';

/** A numeric `.npy` array in C order as float64 values (int64 through Number), with its shape. */
export interface NpyMatrix {
  readonly shape: readonly number[];
  readonly dtype: string;
  /** C-order values. */
  readonly values: Float64Array | Float32Array;
  /** For 1-D integer arrays: each value as exact text (64-bit ids beyond 2^53 included). */
  readonly exact?: readonly string[];
}

/** An `.npy` file's contents for import: numbers or strings. */
export type NpyContents = { readonly kind: 'numbers'; readonly matrix: NpyMatrix } | { readonly kind: 'strings'; readonly shape: readonly number[]; readonly values: readonly string[] };

/** C-order copy of a Fortran-order array. */
function fromFortran(a: ArrayLike<number | bigint>, shape: readonly number[]): Float64Array {
  const n = shape.reduce((x, y) => x * y, 1);
  const out = new Float64Array(n);
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  for (let k = 0; k < n; k += 1) {
    // k walks C order; the Fortran offset has the first axis fastest
    let f = 0;
    let stride = 1;
    for (let d = 0; d < rank; d += 1) {
      f += idx[d]! * stride;
      stride *= shape[d]!;
    }
    out[k] = Number(a[f]!);
    for (let d = rank - 1; d >= 0; d -= 1) {
      idx[d]! += 1;
      if (idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

function numbers(a: NpyArray): NpyMatrix {
  if (a.fortranOrder && a.shape.length > 1) return { shape: a.shape, dtype: a.dtype, values: fromFortran(a.data as ArrayLike<number | bigint>, a.shape) };
  if (a.shape.length === 1 && !a.dtype.startsWith('float')) {
    const exact = Array.from(a.data as ArrayLike<number | bigint>, (v) => String(v));
    return { shape: a.shape, dtype: a.dtype, values: Float64Array.from(a.data as ArrayLike<number | bigint>, (v) => Number(v)), exact };
  }
  if (a.data instanceof Float32Array) return { shape: a.shape, dtype: a.dtype, values: a.data };
  return { shape: a.shape, dtype: a.dtype, values: Float64Array.from(a.data as ArrayLike<number | bigint>, (v) => Number(v)) };
}

/** Text arrays: the header read by hand, the data as UCS-4 (`U`) or bytes (`S`), C order. */
function strings(bytes: Uint8Array, path: string): { shape: number[]; values: string[] } | undefined {
  const major = bytes[6];
  const start = major === 1 ? 10 : 12;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const header = new TextDecoder('latin1').decode(bytes.subarray(start, start + len));
  const descr = /'descr'\s*:\s*'([<>|=])([US])(\d+)'/.exec(header);
  if (!descr) return undefined;
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1] ?? '';
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (/'fortran_order'\s*:\s*True/.test(header) && shape.length > 1) throw new FeaturesError('features/bad-option', `${path}: a Fortran-order text array of shape [${shape.join(', ')}]; save ids and labels as a 1-D array`);
  const unicode = descr[2] === 'U';
  const chars = Number(descr[3]);
  const width = unicode ? 4 * chars : chars;
  const count = shape.reduce((a, b) => a * b, 1);
  const data = start + len;
  if (!Number.isSafeInteger(count * width) || data + count * width > bytes.length) {
    throw new FeaturesError('features/bad-option', `${path}: the .npy header claims ${count} strings of ${chars} characters, the file is shorter`);
  }
  const values: string[] = new Array<string>(count);
  const little = descr[1] !== '>';
  for (let i = 0; i < count; i += 1) {
    const at = data + i * width;
    let s = '';
    for (let c = 0; c < chars; c += 1) {
      const code = unicode ? view.getUint32(at + 4 * c, little) : bytes[at + c]!;
      if (code === 0) break;
      s += unicode ? String.fromCodePoint(code) : String.fromCharCode(code);
    }
    values[i] = unicode ? s : new TextDecoder().decode(Uint8Array.from(s, (ch) => ch.charCodeAt(0)));
  }
  return { shape, values };
}

/**
 * Reads an `.npy` file for import: numbers (any dtype, C or Fortran order) or strings (`<U…`, `|S…`). Object
 * arrays (pickles) and structured dtypes are refused with `features/bad-option` naming the file; a damaged
 * file is `core/npy-invalid` naming it.
 *
 * @example
 * ```ts
 * const x = await readNpyFile('X.npy'); // { kind: 'numbers', matrix: { shape: [1000, 512], dtype: 'float64', values } }
 * const ids = await readNpyFile('ids.npy'); // { kind: 'strings', shape: [1000], values: ['J1234+5678', ...] }
 * ```
 */
export async function readNpyFile(path: string): Promise<NpyContents> {
  const bytes = new Uint8Array(await readFile(path).catch((e: unknown) => {
    throw new FeaturesError('features/bad-option', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }));
  try {
    return { kind: 'numbers', matrix: numbers(readNpy(bytes, { source: path })) };
  } catch (e) {
    if (!isKenobiError(e, 'core/npy-unsupported')) throw e;
    const text = strings(bytes, path);
    if (text) return { kind: 'strings', ...text };
    throw new FeaturesError('features/bad-option', `${path}: ${(e as Error).message}`, {
      cause: e, hint: 'save numbers (np.save(path, x.astype("float32"))) or strings (np.save(path, ids.astype(str)))',
    });
  }
}

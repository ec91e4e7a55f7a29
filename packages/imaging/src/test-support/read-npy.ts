/**
 * Test support (Node only): reads a gzip-compressed little-endian `.npy` (format 1.0/2.0), as the shared
 * FITS and raster references are stored, into a typed array and its shape.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** A decoded .npy. @example `const { shape, data } = readNpyGz(path)` */
export interface Npy {
  readonly shape: number[];
  readonly dtype: string;
  readonly data: Uint8Array | Int16Array | Uint16Array | Int32Array | Float32Array | Float64Array | BigInt64Array;
}

/** Reads `path` (a `.npy.gz`). @example `readNpyGz(sharedPath('data/raster/expected/x.png.npy.gz'))` */
export function readNpyGz(path: string): Npy {
  const bytes = gunzipSync(readFileSync(path));
  const major = bytes[6]!;
  const headerLen = major === 1 ? bytes[8]! | (bytes[9]! << 8) : bytes.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = bytes.subarray(start, start + headerLen).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)![1]!;
  const fortran = /'fortran_order':\s*True/.test(header);
  if (fortran) throw new Error(`${path}: Fortran-order arrays are not handled`);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)![1]!.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const body = bytes.subarray(start + headerLen);
  const buf = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength);
  const kinds: Record<string, (b: ArrayBuffer) => Npy['data']> = {
    '|u1': (b) => new Uint8Array(b),
    '<i2': (b) => new Int16Array(b),
    '<u2': (b) => new Uint16Array(b),
    '<i4': (b) => new Int32Array(b),
    '<f4': (b) => new Float32Array(b),
    '<f8': (b) => new Float64Array(b),
    '<i8': (b) => new BigInt64Array(b),
  };
  const make = kinds[descr];
  if (!make) throw new Error(`${path}: dtype ${descr} not handled`);
  return { shape, dtype: descr, data: make(buf) };
}

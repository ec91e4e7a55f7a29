/**
 * Big-endian stored values → native typed arrays. NOTE: large arrays go through the WebAssembly SIMD byte
 * swap of byte-kernels.ts; the JavaScript fallback (a copy into an aligned buffer then an in-place swap
 * through Uint32Array words) is 3–6× faster in V8 than a DataView loop (see docs/benchmarks/fits.md).
 */
import { swapWithKernels } from './byte-kernels.js';
import { allocate, dtypeOfBitpix } from './dtype.js';
import type { Bitpix, FitsTypedArray } from './dtype.js';

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
/** Below this many bytes the JavaScript loops win over a call into WebAssembly. */
const SIMD_MIN_BYTES = 256;

/** Swaps the bytes of each 16-bit value in place. */
function swap16(buf: ArrayBuffer, count: number): void {
  const words = new Uint32Array(buf, 0, count >>> 1);
  for (let i = 0; i < words.length; i += 1) {
    const x = words[i]!;
    words[i] = ((x & 0x00ff00ff) << 8) | ((x >>> 8) & 0x00ff00ff);
  }
  if (count & 1) {
    const b = new Uint8Array(buf, (count - 1) * 2, 2);
    const t = b[0]!;
    b[0] = b[1]!;
    b[1] = t;
  }
}

/** Swaps the bytes of each 32-bit value in place. */
function swap32(buf: ArrayBuffer, count: number): void {
  const words = new Uint32Array(buf, 0, count);
  for (let i = 0; i < count; i += 1) {
    const x = words[i]!;
    words[i] = (x << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
  }
}

/** Swaps the bytes of each 64-bit value in place. */
function swap64(buf: ArrayBuffer, count: number): void {
  const words = new Uint32Array(buf, 0, count * 2);
  for (let i = 0; i < words.length; i += 2) {
    const a = words[i]!;
    const b = words[i + 1]!;
    words[i] = (b << 24) | ((b & 0xff00) << 8) | ((b >>> 8) & 0xff00) | (b >>> 24);
    words[i + 1] = (a << 24) | ((a & 0xff00) << 8) | ((a >>> 8) & 0xff00) | (a >>> 24);
  }
}

/**
 * Decodes `count` big-endian values of this BITPIX starting at `bytes[offset]` into a new native typed array
 * (Uint8Array, Int16Array, Int32Array, BigInt64Array, Float32Array or Float64Array).
 *
 * @example
 * ```ts
 * decodeBigEndian(Uint8Array.of(0x3f, 0x80, 0, 0), 0, 1, -32); // Float32Array [1]
 * ```
 */
export function decodeBigEndian(bytes: Uint8Array, offset: number, count: number, bitpix: Bitpix): FitsTypedArray {
  const out = allocate(dtypeOfBitpix(bitpix), count);
  const width = Math.abs(bitpix) / 8;
  const at = bytes.byteOffset + offset;
  if (LITTLE_ENDIAN && width > 1 && count * width >= SIMD_MIN_BYTES) {
    const view = new Uint8Array(out.buffer, 0, count * width);
    const done = swapWithKernels(bytes, offset, view, count * width, width as 2 | 4 | 8);
    if (done >= 0) {
      if (done < count * width) {
        // The last few values (fewer than 16 bytes): copy, then swap in place.
        view.set(bytes.subarray(offset + done, offset + count * width), done);
        for (let p = done; p < count * width; p += width) {
          for (let a = p, b = p + width - 1; a < b; a += 1, b -= 1) {
            const t = view[a]!;
            view[a] = view[b]!;
            view[b] = t;
          }
        }
      }
      return out;
    }
  }
  if (LITTLE_ENDIAN && width === 4 && at % 4 === 0) {
    // NOTE: one pass (read, swap, write) when the source is 4-byte aligned, as FITS data units usually are.
    const src = new Uint32Array(bytes.buffer, at, count);
    const dst = new Uint32Array(out.buffer, 0, count);
    for (let i = 0; i < count; i += 1) {
      const x = src[i]!;
      dst[i] = (x << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
    }
    return out;
  }
  const view = new Uint8Array(out.buffer, 0, count * width);
  view.set(bytes.subarray(offset, offset + count * width));
  if (!LITTLE_ENDIAN || width === 1) return out;
  if (width === 2) swap16(out.buffer as ArrayBuffer, count);
  else if (width === 4) swap32(out.buffer as ArrayBuffer, count);
  else swap64(out.buffer as ArrayBuffer, count);
  return out;
}

/**
 * Encodes a native typed array as big-endian bytes (the inverse of {@link decodeBigEndian}).
 *
 * @example
 * ```ts
 * encodeBigEndian(Int16Array.of(1)); // Uint8Array [0, 1]
 * ```
 */
export function encodeBigEndian(values: FitsTypedArray): Uint8Array {
  const width = values.BYTES_PER_ELEMENT;
  const out = new Uint8Array(values.length * width);
  out.set(new Uint8Array(values.buffer, values.byteOffset, values.length * width));
  if (!LITTLE_ENDIAN || width === 1) return out;
  if (width === 2) swap16(out.buffer, values.length);
  else if (width === 4) swap32(out.buffer, values.length);
  else swap64(out.buffer, values.length);
  return out;
}

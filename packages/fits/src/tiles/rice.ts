/**
 * RICE_1 decompression, a port of CFITSIO's `fits_rdecomp` (ricecomp.c, R. White): per block of `blockSize`
 * pixels a 3/4/5-bit code length, then Rice-coded differences (or all-equal / raw-bits blocks).
 */
import { FitsError } from '../errors.js';

/** Bit lengths of 0..255 (the position of the highest set bit, plus one). */
const BIT_LENGTH = (() => {
  const t = new Uint8Array(256);
  for (let i = 1; i < 256; i += 1) t[i] = 32 - Math.clz32(i);
  return t;
})();

/**
 * Decodes a RICE_1 byte stream of `count` pixels of `bytepix` bytes each (1, 2 or 4) into `out` (from 0).
 * 8-bit values come out unsigned, 16- and 32-bit values signed.
 *
 * @example
 * ```ts
 * const pixels = new Int32Array(300);
 * riceDecode(tileBytes, pixels, 300, 32, 2);
 * ```
 */
export function riceDecode(c: Uint8Array, out: Int32Array, count: number, blockSize: number, bytepix: number): void {
  let fsbits: number;
  let fsmax: number;
  if (bytepix === 4) { fsbits = 5; fsmax = 25; }
  else if (bytepix === 2) { fsbits = 4; fsmax = 14; }
  else if (bytepix === 1) { fsbits = 3; fsmax = 6; }
  else throw new FitsError('fits/unsupported', `RICE_1 with BYTEPIX = ${bytepix} is not supported (1, 2 or 4)`);
  const bbits = 1 << fsbits;
  const clen = c.length;
  if (clen < bytepix + 1) throw new FitsError('fits/corrupt-tile', `RICE_1 tile of ${clen} bytes is too short`);
  const mask = bytepix === 4 ? -1 : bytepix === 2 ? 0xffff : 0xff;
  const shift = bytepix === 2 ? 16 : 0;
  let p = 0;
  let lastpix = 0;
  for (let k = 0; k < bytepix; k += 1) lastpix = (lastpix << 8) | c[p++]!;
  lastpix &= mask;
  let b = c[p++]!;
  let nbits = 8;
  // NOTE: reading past the end yields 0 bytes (undefined | 0); the overrun is detected after each block.
  for (let i = 0; i < count;) {
    nbits -= fsbits;
    while (nbits < 0) {
      b = ((b << 8) | (c[p++]! | 0)) >>> 0;
      nbits += 8;
    }
    const fs = (b >>> nbits) - 1;
    b &= (1 << nbits) - 1;
    let imax = i + blockSize;
    if (imax > count) imax = count;
    if (fs < 0) {
      const v = shift ? (lastpix << shift) >> shift : lastpix;
      for (; i < imax; i += 1) out[i] = v;
    } else if (fs === fsmax) {
      for (; i < imax; i += 1) {
        let k = bbits - nbits;
        let diff = k >= 32 ? 0 : (b << k) >>> 0;
        for (k -= 8; k >= 0; k -= 8) {
          b = c[p++]! | 0;
          diff = (diff | (b << k)) >>> 0;
        }
        if (nbits > 0) {
          b = c[p++]! | 0;
          diff = (diff | (b >>> -k)) >>> 0;
          b &= (1 << nbits) - 1;
        } else {
          b = 0;
        }
        const d = (diff & 1) === 0 ? diff >>> 1 : ~(diff >>> 1);
        lastpix = (d + lastpix) & mask;
        out[i] = shift ? (lastpix << shift) >> shift : lastpix;
      }
    } else {
      for (; i < imax; i += 1) {
        while (b === 0) {
          nbits += 8;
          b = c[p++]! | 0;
          if (p > clen + 4) throw new FitsError('fits/corrupt-tile', 'RICE_1 stream ends inside a run of zero bits');
        }
        const nzero = nbits - BIT_LENGTH[b]!;
        nbits -= nzero + 1;
        b ^= 1 << nbits;
        nbits -= fs;
        while (nbits < 0) {
          b = ((b << 8) | (c[p++]! | 0)) >>> 0;
          nbits += 8;
        }
        const diff = ((nzero << fs) | (b >>> nbits)) >>> 0;
        b &= (1 << nbits) - 1;
        const d = (diff & 1) === 0 ? diff >>> 1 : ~(diff >>> 1);
        lastpix = (d + lastpix) & mask;
        out[i] = shift ? (lastpix << shift) >> shift : lastpix;
      }
    }
    if (p > clen) {
      throw new FitsError('fits/corrupt-tile', `RICE_1 stream of ${clen} bytes ended after ${i} of ${count} pixels`);
    }
  }
}

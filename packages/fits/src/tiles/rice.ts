/**
 * RICE_1 decompression, a port of CFITSIO's `fits_rdecomp` (ricecomp.c, R. White): per block of `blockSize`
 * pixels a 3/4/5-bit code length, then Rice-coded differences (or all-equal / raw-bits blocks).
 */
import { FitsError } from '../errors.js';

let scratch = new Uint8Array(0);

/**
 * The tile's bytes followed by 16 zero bytes, in a reused buffer: the bit reader may read a few bytes past
 * the end of the stream (they count as 0) without a bounds test per byte.
 */
function padded(c: Uint8Array): Uint8Array {
  if (scratch.length < c.length + PAD) scratch = new Uint8Array(Math.max(c.length + PAD, 2 * scratch.length));
  scratch.set(c);
  scratch.fill(0, c.length, c.length + PAD);
  return scratch;
}
const PAD = 16;

/**
 * Decodes a RICE_1 byte stream of `count` pixels of `bytepix` bytes each (1, 2 or 4) into `out` (from 0).
 * 8-bit values come out unsigned, 16- and 32-bit values signed.
 *
 * NOTE: the bit reader keeps 25–32 bits left-aligned in one 32-bit word and refills a byte at a time; a run
 * of zeros (the unary part of a Rice code) is then one `Math.clz32`. About 2× faster in V8 than reading the
 * stream byte by byte as ricecomp.c does (docs/benchmarks/fits.md).
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
  c = padded(c);
  const mask = bytepix === 4 ? -1 : bytepix === 2 ? 0xffff : 0xff;
  const shift = bytepix === 2 ? 16 : 0;
  let p = 0;
  let lastpix = 0;
  for (let k = 0; k < bytepix; k += 1) lastpix = (lastpix << 8) | c[p++]!;
  lastpix &= mask;
  // The next `nb` bits of the stream, left-aligned in `buf` (bits below them are 0). Bytes past the end
  // read as 0; overruns are detected after each block.
  let buf = 0;
  let nb = 0;
  for (let i = 0; i < count;) {
    while (nb <= 24) {
      buf |= c[p]! << (24 - nb);
      p += 1;
      nb += 8;
    }
    const fs = (buf >>> (32 - fsbits)) - 1;
    buf <<= fsbits;
    nb -= fsbits;
    let imax = i + blockSize;
    if (imax > count) imax = count;
    if (fs < 0) {
      const v = shift ? (lastpix << shift) >> shift : lastpix;
      for (; i < imax; i += 1) out[i] = v;
    } else if (fs === fsmax) {
      for (; i < imax; i += 1) {
        // bbits (8, 16 or 32) raw bits, 16 at most at a time.
        let diff = 0;
        for (let left = bbits; left > 0;) {
          const take = left > 16 ? 16 : left;
          while (nb <= 24) {
            buf |= c[p]! << (24 - nb);
            p += 1;
            nb += 8;
          }
          diff = ((diff << take) | (buf >>> (32 - take))) >>> 0;
          buf <<= take;
          nb -= take;
          left -= take;
        }
        const d = (diff & 1) === 0 ? diff >>> 1 : ~(diff >>> 1);
        lastpix = (d + lastpix) & mask;
        out[i] = shift ? (lastpix << shift) >> shift : lastpix;
      }
    } else {
      for (; i < imax; i += 1) {
        if (nb <= 16) {
          buf |= ((c[p]! << 8) | c[p + 1]!) << (16 - nb);
          p += 2;
          nb += 16;
        }
        let nzero = Math.clz32(buf);
        if (nzero >= nb) {
          // A run of zeros longer than the buffer: count it out a buffer at a time.
          nzero = nb;
          buf = 0;
          nb = 0;
          for (;;) {
            while (nb <= 24) {
              buf |= c[p]! << (24 - nb);
              p += 1;
              nb += 8;
            }
            const z = Math.clz32(buf);
            if (z < nb) {
              nzero += z;
              buf = (buf << z) << 1;
              nb -= z + 1;
              break;
            }
            if (p > clen + 8) throw new FitsError('fits/corrupt-tile', 'RICE_1 stream ends inside a run of zero bits');
            nzero += nb;
            buf = 0;
            nb = 0;
          }
        } else {
          buf = (buf << nzero) << 1;
          nb -= nzero + 1;
        }
        let low = 0;
        if (fs > 0) {
          while (nb < fs) {
            buf |= c[p]! << (24 - nb);
            p += 1;
            nb += 8;
          }
          low = buf >>> (32 - fs);
          buf <<= fs;
          nb -= fs;
        }
        const diff = ((nzero << fs) | low) >>> 0;
        const d = (diff & 1) === 0 ? diff >>> 1 : ~(diff >>> 1);
        lastpix = (d + lastpix) & mask;
        out[i] = shift ? (lastpix << shift) >> shift : lastpix;
      }
    }
    // Bits consumed so far: 8 * p - nb.
    if (8 * p - nb > 8 * clen) {
      throw new FitsError('fits/corrupt-tile', `RICE_1 stream of ${clen} bytes ended after ${i} of ${count} pixels`);
    }
  }
}

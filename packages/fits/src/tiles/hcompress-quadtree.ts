/**
 * HCOMPRESS_1 bit planes: the coefficients' magnitudes are coded bit plane by bit plane, each plane of each
 * quadrant either written directly (4 pixels a nybble) or as a binary quadtree of Huffman-coded 4-bit
 * codes. This expands the codes into the planes of the coefficient array (`n` values per row).
 */
import { FitsError } from '../errors.js';
import type { HcompressInput } from './hcompress-bits.js';

/** log2 of max(nx, ny), rounded up to a power of two, computed as CFITSIO does (float log, +0.5, truncation). */
export function log2Ceil(nmax: number): number {
  if (nmax <= 0) return 0;
  let log2n = Math.trunc(Math.log(Math.fround(nmax)) / Math.log(2) + 0.5);
  if (nmax > 2 ** log2n) log2n += 1;
  return log2n;
}

/** Sets bit `bit` (as `plane`, a power of two) of a coefficient. */
function setPlane(b: Float64Array | Int32Array, at: number, plane: number): void {
  // NOTE: `|` for 32-bit coefficients; for 64-bit ones the plane may be above 2^31, where `|` would wrap:
  // add instead (that bit is still 0, planes are decoded top down).
  if (b instanceof Int32Array) b[at] = b[at]! | plane;
  else b[at] = b[at]! + plane;
}

/**
 * Copies 4-bit codes `a[(nx+1)/2, (ny+1)/2]` into bit plane `bit` of `b` (row length `n`), each code's bits
 * 8, 4, 2, 1 going to pixels [i, j], [i, j+1], [i+1, j], [i+1, j+1].
 */
export function quadtreeBitInsert(a: Uint8Array, nx: number, ny: number, b: Float64Array | Int32Array, offset: number, n: number, bit: number): void {
  const plane = 2 ** bit;
  let k = 0;
  let i = 0;
  for (; i < nx - 1; i += 2) {
    let s00 = offset + n * i;
    let j = 0;
    for (; j < ny - 1; j += 2) {
      const c = a[k]!;
      if (c & 1) setPlane(b, s00 + n + 1, plane);
      if (c & 2) setPlane(b, s00 + n, plane);
      if (c & 4) setPlane(b, s00 + 1, plane);
      if (c & 8) setPlane(b, s00, plane);
      s00 += 2;
      k += 1;
    }
    if (j < ny) {
      const c = a[k]!;
      if (c & 2) setPlane(b, s00 + n, plane);
      if (c & 8) setPlane(b, s00, plane);
      k += 1;
    }
  }
  if (i < nx) {
    let s00 = offset + n * i;
    let j = 0;
    for (; j < ny - 1; j += 2) {
      const c = a[k]!;
      if (c & 4) setPlane(b, s00 + 1, plane);
      if (c & 8) setPlane(b, s00, plane);
      s00 += 2;
      k += 1;
    }
    if (j < ny && a[k]! & 8) setPlane(b, s00, plane);
  }
}

/** Expands 4-bit codes `a[(nx+1)/2, (ny+1)/2]` into one bit per pixel of `b[nx, ny]` (row length `n`; a and b may be the same array). */
function quadtreeCopy(a: Uint8Array, nx: number, ny: number, b: Uint8Array, n: number): void {
  const nx2 = (nx + 1) >> 1;
  const ny2 = (ny + 1) >> 1;
  let k = ny2 * (nx2 - 1) + ny2 - 1;
  for (let i = nx2 - 1; i >= 0; i -= 1) {
    let s00 = 2 * (n * i + ny2 - 1);
    for (let j = ny2 - 1; j >= 0; j -= 1) {
      b[s00] = a[k]!;
      k -= 1;
      s00 -= 2;
    }
  }
  let i = 0;
  for (; i < nx - 1; i += 2) {
    let s00 = n * i;
    let s10 = s00 + n;
    let j = 0;
    for (; j < ny - 1; j += 2) {
      const c = b[s00]!;
      b[s10 + 1] = c & 1;
      b[s10] = (c >> 1) & 1;
      b[s00 + 1] = (c >> 2) & 1;
      b[s00] = (c >> 3) & 1;
      s00 += 2;
      s10 += 2;
    }
    if (j < ny) {
      b[s10] = (b[s00]! >> 1) & 1;
      b[s00] = (b[s00]! >> 3) & 1;
    }
  }
  if (i < nx) {
    let s00 = n * i;
    let j = 0;
    for (; j < ny - 1; j += 2) {
      b[s00 + 1] = (b[s00]! >> 2) & 1;
      b[s00] = (b[s00]! >> 3) & 1;
      s00 += 2;
    }
    if (j < ny) b[s00] = (b[s00]! >> 3) & 1;
  }
}

/** One quadtree expansion: codes of the coarser level → pixels, then a new code for each pixel that is set. */
function quadtreeExpand(input: HcompressInput, a: Uint8Array, nx: number, ny: number): void {
  quadtreeCopy(a, nx, ny, a, ny);
  for (let i = nx * ny - 1; i >= 0; i -= 1) if (a[i]) a[i] = input.huffman();
}

/**
 * Decodes `planes` bit planes of one quadrant (`nqx` × `nqy`, at `offset` in the coefficient array with row
 * length `n`), top plane first.
 */
export function quadtreeDecode(input: HcompressInput, b: Float64Array | Int32Array, offset: number, n: number, nqx: number, nqy: number, planes: number, tile: number): void {
  const log2n = log2Ceil(Math.max(nqx, nqy));
  const scratch = new Uint8Array(Math.max(1, ((nqx + 1) >> 1) * ((nqy + 1) >> 1)));
  for (let bit = planes - 1; bit >= 0; bit -= 1) {
    const format = input.nybble();
    if (format === 0) {
      // the plane was written directly, 4 pixels a nybble
      input.nybbles(((nqx + 1) >> 1) * ((nqy + 1) >> 1), scratch);
      quadtreeBitInsert(scratch, nqx, nqy, b, offset, n, bit);
    } else if (format !== 0xf) {
      throw new FitsError('fits/corrupt-tile', `HCOMPRESS_1 tile ${tile}: bit-plane format code ${format} is neither 0 (direct) nor 15 (quadtree)`);
    } else {
      scratch[0] = input.huffman();
      let nx = 1, ny = 1, nfx = nqx, nfy = nqy, c = 2 ** log2n;
      for (let k = 1; k < log2n; k += 1) {
        c >>= 1;
        nx <<= 1;
        ny <<= 1;
        if (nfx <= c) nx -= 1; else nfx -= c;
        if (nfy <= c) ny -= 1; else nfy -= c;
        quadtreeExpand(input, scratch, nx, ny);
      }
      quadtreeBitInsert(scratch, nqx, nqy, b, offset, n, bit);
    }
  }
}

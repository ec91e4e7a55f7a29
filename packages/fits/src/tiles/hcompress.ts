/**
 * HCOMPRESS_1 tile decoding (R. White's H-transform compression, as CFITSIO writes and reads it): header
 * (magic 0xDD99, nx, ny, scale, pixel sum, bit planes per quadrant), quadtree-coded bit planes of the four
 * quadrants, sign bits, then multiply by `scale` and invert the H-transform (smoothing the coefficients when
 * the header's SMOOTH parameter asks for it). 8/16-bit images decode in 32-bit integer arithmetic and 32-bit
 * and quantised float images in 64-bit, as CFITSIO does, so results are bit-identical to it and to astropy.
 */
import { FitsError } from '../errors.js';
import { HcompressInput } from './hcompress-bits.js';
import { log2Ceil, quadtreeDecode } from './hcompress-quadtree.js';
import { hInverse } from './hcompress-transform.js';

/** Options of {@link hcompressDecode}. */
export interface HcompressTile {
  /** Tile rows (NAXIS2 direction) and columns (NAXIS1, varies fastest). */
  readonly rows: number;
  readonly cols: number;
  /** The header's SMOOTH parameter (ZNAMEn = 'SMOOTH'): smooth the coefficients while inverting. */
  readonly smooth: boolean;
  /** 64-bit arithmetic (ZBITPIX 32 or a quantised float image), else 32-bit (ZBITPIX 8 or 16). */
  readonly wide: boolean;
  /** 1-based tile number, for error messages. */
  readonly tile: number;
}

/**
 * Decodes one HCOMPRESS_1 tile into `out[0 .. rows × cols)` as 32-bit integers (row-major). Throws
 * `fits/corrupt-tile` for a stream that is not HCOMPRESS_1, whose size differs from the tile's, or that ends
 * early.
 *
 * @example
 * ```ts
 * hcompressDecode(tileBytes, ints, { rows: 300, cols: 300, smooth: false, wide: false, tile: 1 });
 * ```
 */
export function hcompressDecode(bytes: Uint8Array, out: Int32Array, t: HcompressTile): void {
  const input = new HcompressInput(bytes, t.tile);
  const corrupt = (what: string): FitsError => new FitsError('fits/corrupt-tile', `HCOMPRESS_1 tile ${t.tile}: ${what}`);
  if (input.byte() !== 0xdd || input.byte() !== 0x99) throw corrupt('no 0xDD99 magic at the start of the stream');
  const nx = input.int32();
  const ny = input.int32();
  const scale = input.int32();
  // NOTE: nx counts rows and ny columns (ny varies fastest), the reverse of FITS's axis order.
  if (nx !== t.rows || ny !== t.cols) throw corrupt(`the stream holds a ${nx} × ${ny} tile, the table says ${t.rows} × ${t.cols}`);
  const sum = input.int64();
  const planes = [input.byte(), input.byte(), input.byte()] as const;
  const maxPlanes = t.wide ? 52 : 31;
  if (planes.some((p) => p > maxPlanes)) throw corrupt(`${Math.max(...planes)} bit planes, more than ${t.wide ? '64-bit decoding can hold exactly' : '32 bits hold'}`);
  const n = nx * ny;
  // NOTE: magnitudes below 2^31 decode into 32-bit integers, wider ones (64-bit images only) into doubles.
  const mags = Math.max(...planes) <= 30 ? new Int32Array(n) : new Float64Array(n);
  const nx2 = (nx + 1) >> 1;
  const ny2 = (ny + 1) >> 1;
  input.startBits();
  quadtreeDecode(input, mags, 0, ny, nx2, ny2, planes[0], t.tile);
  quadtreeDecode(input, mags, ny2, ny, nx2, ny >> 1, planes[1], t.tile);
  quadtreeDecode(input, mags, ny * nx2, ny, nx >> 1, ny2, planes[1], t.tile);
  quadtreeDecode(input, mags, ny * nx2 + ny2, ny, nx >> 1, ny >> 1, planes[2], t.tile);
  if (input.nybble() !== 0) throw corrupt('no end-of-data code after the bit planes');
  input.startBits();
  for (let i = 0; i < n; i += 1) if (mags[i] !== 0 && input.bit()) mags[i] = -mags[i]!;
  const k = Math.max(1, scale);
  let a: Int32Array | Float64Array;
  if (!t.wide) {
    a = mags as Int32Array;
    // the sum of all pixels goes back into the first coefficient (C stores it in an int here)
    a[0] = sum | 0;
    if (scale > 1) for (let i = 0; i < n; i += 1) a[i] = Math.imul(a[i]!, scale);
  } else {
    // NOTE: 64-bit arithmetic gives the same results in 32 bits when no value can reach 2^31. Through the
    // inverse every value stays below |sum| + 3·max|coefficient| + 4·R (R, the rounding, ≤ 2^(log2n+1)); smoothing
    // takes up to 16 × (|sum| + 7·max + 8·R). Below these limits (8× margins) the fast 32-bit path is used.
    const r = 2 ** (log2Ceil(Math.max(nx, ny)) + 1);
    let m = 0;
    for (let i = 1; i < n; i += 1) { const v = Math.abs(mags[i]!); if (v > m) m = v; }
    const bound = t.smooth ? Math.abs(sum) * k + 7 * m * k + 8 * r : Math.abs(sum) * k + 3 * m * k + 4 * r;
    a = bound < (t.smooth ? 2 ** 24 : 2 ** 28) && mags instanceof Int32Array ? mags : Float64Array.from(mags);
    a[0] = sum;
    if (scale > 1) for (let i = 0; i < n; i += 1) a[i] = a[i]! * scale;
  }
  hInverse(a, nx, ny, t.smooth, scale, log2Ceil(Math.max(nx, ny)));
  // NOTE: CFITSIO packs 64-bit results into 32-bit ints (a C cast: the low 32 bits, which `| 0` also takes).
  if (a instanceof Int32Array) out.set(a.subarray(0, n));
  else for (let i = 0; i < n; i += 1) out[i] = a[i]! | 0;
}

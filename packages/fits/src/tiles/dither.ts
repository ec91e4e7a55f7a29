/**
 * Dequantisation of tile-compressed floats: NO_DITHER, SUBTRACTIVE_DITHER_1 and SUBTRACTIVE_DITHER_2, with
 * CFITSIO's random sequence (a Park–Miller generator stored as float32, 10,000 values), so the results equal
 * CFITSIO's and astropy's bit for bit.
 */
import { FitsError } from '../errors.js';

/** The quantisation methods of the tiled-image convention. */
export const QUANTIZE_METHODS = Object.freeze(['NO_DITHER', 'SUBTRACTIVE_DITHER_1', 'SUBTRACTIVE_DITHER_2'] as const);
/** One of {@link QUANTIZE_METHODS}. */
export type QuantizeMethod = (typeof QUANTIZE_METHODS)[number];

const N_RANDOM = 10000;
/** SUBTRACTIVE_DITHER_2 stores exact zeros as this value. */
const ZERO_VALUE = -2147483646;

let randoms: Float32Array | undefined;

/**
 * CFITSIO's `fits_rand_value` table: 10,000 float32 values of the Park–Miller sequence from seed 1.
 *
 * @example
 * ```ts
 * ditherRandoms()[0]; // 7.826369e-06
 * ```
 */
export function ditherRandoms(): Float32Array {
  if (randoms) return randoms;
  const a = 16807;
  const m = 2147483647;
  let seed = 1;
  const out = new Float32Array(N_RANDOM);
  for (let i = 0; i < N_RANDOM; i += 1) {
    const temp = a * seed;
    seed = temp - m * Math.trunc(temp / m);
    out[i] = seed / m;
  }
  // NOTE: CFITSIO checks the 10,000th seed to catch a broken floating point unit; so do we.
  if (seed !== 1043618065) throw new FitsError('fits/unsupported', 'the dither random sequence does not reproduce CFITSIO (floating-point anomaly)');
  randoms = out;
  return out;
}

/** The parameters of one tile's dequantisation. */
export interface DequantizeTile {
  readonly method: QuantizeMethod;
  readonly scale: number;
  readonly zero: number;
  /** ZBLANK: quantised values equal to it are NaN. */
  readonly blank: number | undefined;
  /** 1-based tile (row) number. */
  readonly tile: number;
  /** ZDITHER0. */
  readonly ditherSeed: number;
  /** Round to float32 (ZBITPIX = -32) or keep float64. */
  readonly float32: boolean;
}

/**
 * Turns a tile's quantised integers back into floats, writing `out[0..count)`.
 *
 * @example
 * ```ts
 * const out = new Float64Array(n);
 * dequantize(ints, out, n, { method: 'SUBTRACTIVE_DITHER_1', scale, zero, blank: -2147483647, tile: 1, ditherSeed: 42, float32: true });
 * ```
 */
export function dequantize(input: Int32Array, out: Float32Array | Float64Array, count: number, p: DequantizeTile): void {
  // NOTE: one loop per case, with no per-pixel function calls: this runs for every pixel of a survey image.
  // A Float32Array store rounds exactly as CFITSIO's (float) cast does.
  const { scale, zero } = p;
  const blank = p.blank ?? NaN;
  if (p.method === 'NO_DITHER') {
    for (let i = 0; i < count; i += 1) {
      const v = input[i]!;
      out[i] = v === blank ? NaN : v * scale + zero;
    }
    return;
  }
  const r = ditherRandoms();
  const dither2 = p.method === 'SUBTRACTIVE_DITHER_2';
  let iseed = (p.tile + p.ditherSeed - 2) % N_RANDOM;
  if (iseed < 0) iseed += N_RANDOM;
  let next = Math.trunc(r[iseed]! * 500);
  let i = 0;
  while (i < count) {
    const end = Math.min(count, i + (N_RANDOM - next));
    if (dither2) {
      for (; i < end; i += 1, next += 1) {
        const v = input[i]!;
        out[i] = v === blank ? NaN : v === ZERO_VALUE ? 0 : (v - r[next]! + 0.5) * scale + zero;
      }
    } else {
      for (; i < end; i += 1, next += 1) {
        const v = input[i]!;
        out[i] = v === blank ? NaN : (v - r[next]! + 0.5) * scale + zero;
      }
    }
    if (next === N_RANDOM) {
      iseed += 1;
      if (iseed === N_RANDOM) iseed = 0;
      next = Math.trunc(r[iseed]! * 500);
    }
  }
}

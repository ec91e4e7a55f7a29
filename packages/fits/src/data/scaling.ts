/**
 * Stored values → physical values: BSCALE/BZERO (with the unsigned-integer BZERO convention) and BLANK.
 *
 * Two BLANK policies (see README "BLANK policy"):
 * - `standard` (default), the FITS standard: for integer BITPIX, every stored value equal to BLANK (BLANK = 0
 *   included) is an undefined pixel and becomes NaN. An image that would stay integer (no scaling, or the
 *   unsigned BZERO convention) keeps its integer type when no pixel is BLANK, and becomes float (float32 for
 *   BITPIX 8/16, float64 for 32/64) with NaN when some are.
 * - `astropy`, astropy 5.2's behaviour: BLANK = 0 is ignored (a truthiness test); an integer image with BLANK
 *   and no scaling stays integer in a compressed HDU, and becomes float (blanks → NaN) in a plain one; the
 *   unsigned convention ignores BLANK.
 * BLANK on a floating-point BITPIX is ignored in both (the standard says it does not apply there).
 */
import { allocate } from './dtype.js';
import type { Bitpix, FitsDtype, FitsTypedArray } from './dtype.js';

/** The BLANK policies; see the module comment. */
export const BLANK_POLICIES = Object.freeze(['standard', 'astropy'] as const);
/** One of {@link BLANK_POLICIES}. */
export type BlankPolicy = (typeof BLANK_POLICIES)[number];

/** What scaling needs to know about an HDU. */
export interface ScalingInput {
  readonly bitpix: Bitpix;
  readonly bscale: number;
  readonly bzero: number;
  /** BLANK (or ZBLANK) when the header has one. */
  readonly blank: number | bigint | undefined;
  readonly policy: BlankPolicy;
  /** A tile-compressed image (astropy treats BLANK differently there). */
  readonly compressed: boolean;
}

/** Physical values and how many pixels were BLANK. */
export interface ScalingResult {
  readonly values: FitsTypedArray;
  readonly blankCount: number;
}

/**
 * The unsigned (or signed-byte) type that the BZERO convention maps this BITPIX to, if it applies.
 *
 * @example
 * ```ts
 * unsignedConvention(16, 1, 32768); // 'uint16'
 * unsignedConvention(16, 0.1, 0);   // undefined
 * ```
 */
export function unsignedConvention(bitpix: Bitpix, bscale: number, bzero: number): FitsDtype | undefined {
  if (bscale !== 1) return undefined;
  if (bitpix === 8 && bzero === -128) return 'int8';
  if (bitpix === 16 && bzero === 32768) return 'uint16';
  if (bitpix === 32 && bzero === 2147483648) return 'uint32';
  if (bitpix === 64 && bzero === 9223372036854775808) return 'uint64';
  return undefined;
}

function floatDtype(bitpix: Bitpix): 'float32' | 'float64' {
  return bitpix === -32 || bitpix === 8 || bitpix === 16 ? 'float32' : 'float64';
}

/**
 * BLANK as a 64-bit integer, or undefined when it is not an integer (then it marks no pixel). NOTE: a BLANK
 * of 2.5 or 1E999 on a BITPIX = 64 image made `BigInt()` throw an untyped RangeError.
 */
function bigBlank(blank: number | bigint | undefined): bigint | undefined {
  if (typeof blank === 'bigint') return blank;
  return blank !== undefined && Number.isInteger(blank) ? BigInt(blank) : undefined;
}

function countBlanks(raw: FitsTypedArray, blank: number | bigint): number {
  let n = 0;
  if (raw instanceof BigInt64Array) {
    const b = bigBlank(blank);
    if (b === undefined) return 0;
    for (let i = 0; i < raw.length; i += 1) if (raw[i] === b) n += 1;
    return n;
  }
  const b = Number(blank);
  const r = raw as Exclude<FitsTypedArray, BigInt64Array | BigUint64Array>;
  for (let i = 0; i < r.length; i += 1) if (r[i] === b) n += 1;
  return n;
}

function toUnsigned(raw: FitsTypedArray, dtype: FitsDtype): FitsTypedArray {
  // NOTE: adding 2^(bits-1) to a two's-complement value is flipping its sign bit.
  if (dtype === 'int8') {
    const out = new Int8Array(raw.length);
    const u = raw as Uint8Array;
    for (let i = 0; i < u.length; i += 1) out[i] = u[i]! ^ 0x80;
    return out;
  }
  if (dtype === 'uint16') {
    const out = new Uint16Array(raw.length);
    const r = raw as Int16Array;
    for (let i = 0; i < r.length; i += 1) out[i] = r[i]! ^ 0x8000;
    return out;
  }
  if (dtype === 'uint32') {
    const out = new Uint32Array(raw.length);
    const r = raw as Int32Array;
    for (let i = 0; i < r.length; i += 1) out[i] = (r[i]! ^ 0x80000000) >>> 0;
    return out;
  }
  const out = new BigUint64Array(raw.length);
  const r = raw as BigInt64Array;
  for (let i = 0; i < r.length; i += 1) out[i] = BigInt.asUintN(64, r[i]!) ^ 0x8000000000000000n;
  return out;
}

/**
 * Converts stored values to floats: `raw * BSCALE + BZERO` (float32 arithmetic for float32 results, as numpy
 * does), NaN where the stored value equals `blank`.
 *
 * @example
 * ```ts
 * toFloat(Int16Array.of(10, -32768), 16, 0.1, 0, -32768); // Float32Array [1, NaN]
 * ```
 */
export function toFloat(raw: FitsTypedArray, bitpix: Bitpix, bscale: number, bzero: number, blank: number | bigint | undefined): FitsTypedArray {
  const dtype = floatDtype(bitpix);
  const n = raw.length;
  const out = allocate(dtype, n) as Float32Array | Float64Array;
  const scale = bscale !== 1;
  const shift = bzero !== 0;
  if (raw instanceof BigInt64Array) {
    const b = bigBlank(blank);
    for (let i = 0; i < n; i += 1) {
      const v = raw[i]!;
      out[i] = v === b ? NaN : Number(v) * bscale + bzero;
    }
    return out;
  }
  const r = raw as Exclude<FitsTypedArray, BigInt64Array | BigUint64Array>;
  const b = blank === undefined ? NaN : Number(blank);
  if (dtype === 'float32' && Number.isNaN(b) && scale && shift) {
    // NOTE: the common case (scaled 8/16-bit survey images) gets a branch-free loop; see the general one below.
    const bs = Math.fround(bscale);
    const bz = Math.fround(bzero);
    for (let i = 0; i < n; i += 1) out[i] = Math.fround(r[i]! * bs) + bz;
    return out;
  }
  if (dtype === 'float32') {
    const bs = Math.fround(bscale);
    const bz = Math.fround(bzero);
    for (let i = 0; i < n; i += 1) {
      const v = r[i]!;
      if (v === b) { out[i] = NaN; continue; }
      let x = v;
      if (scale) x = Math.fround(x * bs);
      if (shift) x = x + bz;
      out[i] = x;
    }
    return out;
  }
  for (let i = 0; i < n; i += 1) {
    const v = r[i]!;
    if (v === b) { out[i] = NaN; continue; }
    let x = v;
    if (scale) x *= bscale;
    if (shift) x += bzero;
    out[i] = x;
  }
  return out;
}

/**
 * Applies BSCALE/BZERO/BLANK to stored values under a BLANK policy.
 *
 * @example
 * ```ts
 * scaleValues(Int16Array.of(-32768, 0), { bitpix: 16, bscale: 1, bzero: 32768, blank: undefined, policy: 'standard', compressed: false });
 * // { values: Uint16Array [0, 32768], blankCount: 0 }
 * ```
 */
export function scaleValues(raw: FitsTypedArray, input: ScalingInput): ScalingResult {
  const { bitpix, bscale, bzero, policy, compressed } = input;
  const isInt = bitpix > 0;
  const blank = isInt ? input.blank : undefined;
  const trivial = bscale === 1 && bzero === 0;
  const unsigned = isInt ? unsignedConvention(bitpix, bscale, bzero) : undefined;

  if (policy === 'astropy') {
    if (unsigned) return { values: toUnsigned(raw, unsigned), blankCount: 0 };
    if (trivial && (blank === undefined || compressed)) return { values: raw, blankCount: 0 };
    // astropy tests `if self._blank:` on plain HDUs, so BLANK = 0 never marks a pixel there.
    const active = blank !== undefined && (compressed || Number(blank) !== 0) ? blank : undefined;
    return { values: toFloat(raw, bitpix, bscale, bzero, active), blankCount: active === undefined ? 0 : countBlanks(raw, active) };
  }
  const blankCount = blank === undefined ? 0 : countBlanks(raw, blank);
  if (blankCount === 0) {
    if (unsigned) return { values: toUnsigned(raw, unsigned), blankCount };
    if (trivial) return { values: raw, blankCount };
  }
  return { values: toFloat(raw, bitpix, bscale, bzero, blankCount > 0 ? blank : undefined), blankCount };
}

/**
 * One pass from big-endian 8- or 16-bit stored values to scaled float32 (BSCALE/BZERO/BLANK), for the common
 * survey case: no intermediate integer array, no second loop. Same values as `decodeBigEndian` then
 * `toFloat` (float32 arithmetic: `fround(fround(v * BSCALE) + BZERO)`, NaN where the stored value is BLANK).
 */
import { scaleInt16WithKernels } from './byte-kernels.js';

/** Scaled float32 values and how many stored values equalled BLANK. */
export interface ScaledFloat32 {
  readonly values: Float32Array;
  readonly blankCount: number;
}

/**
 * Decodes `count` big-endian values of BITPIX 8 (unsigned) or 16 from `bytes[offset]` to float32 physical
 * values. `blank` is the BLANK to honour (undefined for none).
 *
 * @example
 * ```ts
 * decodeScaledFloat32(Uint8Array.of(0, 10, 0x80, 0), 0, 2, 16, 0.5, 100, -32768);
 * // { values: Float32Array [105, NaN], blankCount: 1 }
 * ```
 */
export function decodeScaledFloat32(
  bytes: Uint8Array,
  offset: number,
  count: number,
  bitpix: 8 | 16,
  bscale: number,
  bzero: number,
  blank: number | undefined,
): ScaledFloat32 {
  const out = new Float32Array(count);
  const bs = Math.fround(bscale);
  // NOTE: x + (-0) is x for every x (and keeps -0), so "no BZERO" needs no branch.
  const bz = bzero === 0 ? -0 : Math.fround(bzero);
  const lo = bitpix === 16 ? -32768 : 0;
  const hi = bitpix === 16 ? 32767 : 255;
  // A BLANK outside the stored range can match nothing.
  const b = blank !== undefined && Number.isInteger(blank) && blank >= lo && blank <= hi ? blank : undefined;
  let i = 0;
  let blanks = 0;
  if (bitpix === 16) {
    if (count >= 64) {
      const r = scaleInt16WithKernels(bytes, offset, out, count, bs, bz, b);
      if (r) {
        i = r.done;
        blanks = r.blanks;
      }
    }
    const bb = b ?? NaN;
    for (let p = offset + 2 * i; i < count; i += 1, p += 2) {
      const v = ((bytes[p]! << 24) >> 16) | bytes[p + 1]!;
      if (v === bb) {
        out[i] = NaN;
        blanks += 1;
      } else {
        out[i] = Math.fround(v * bs) + bz;
      }
    }
    return { values: out, blankCount: blanks };
  }
  const bb = b ?? NaN;
  for (let p = offset; i < count; i += 1, p += 1) {
    const v = bytes[p]!;
    if (v === bb) {
      out[i] = NaN;
      blanks += 1;
    } else {
      out[i] = Math.fround(v * bs) + bz;
    }
  }
  return { values: out, blankCount: blanks };
}

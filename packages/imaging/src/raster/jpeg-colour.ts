// libjpeg's fixed-point YCbCr -> RGB (jdcolor.c): 16 fraction bits, FIX(x) = round(x * 2^16), ONE_HALF
// rounding folded into the tables, an arithmetic right shift, then clamping to 0..255.
const SCALE_BITS = 16;
const ONE_HALF = 1 << (SCALE_BITS - 1);
const fix = (x: number): number => Math.floor(x * (1 << SCALE_BITS) + 0.5);

const CR_R = new Int32Array(256);
const CB_B = new Int32Array(256);
const CR_G = new Int32Array(256);
const CB_G = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  const x = i - 128;
  CR_R[i] = (fix(1.402) * x + ONE_HALF) >> SCALE_BITS;
  CB_B[i] = (fix(1.772) * x + ONE_HALF) >> SCALE_BITS;
  CR_G[i] = -fix(0.71414) * x;
  CB_G[i] = -fix(0.34414) * x + ONE_HALF;
}

/**
 * Converts full-size Y, Cb, Cr planes (same length) to interleaved RGB with exactly libjpeg/libjpeg-turbo's
 * integer arithmetic (`ycc_rgb_convert`), so equal YCbCr samples give the same RGB bytes as Pillow.
 *
 * @example
 * ```ts
 * ycbcrToRgb(Uint8Array.of(128), Uint8Array.of(128), Uint8Array.of(255)); // Uint8Array [255, 37, 128]
 * ```
 */
export function ycbcrToRgb(y: Uint8Array, cb: Uint8Array, cr: Uint8Array): Uint8Array {
  const out = new Uint8Array(3 * y.length);
  ycbcrToRgbInto(y, cb, cr, y.length, out, 0);
  return out;
}

/**
 * {@link ycbcrToRgb} of the first `n` samples of each plane, written interleaved into `out` from `o` on (for
 * row-by-row conversion).
 *
 * @example
 * ```ts
 * const out = new Uint8Array(3);
 * ycbcrToRgbInto(Uint8Array.of(128), Uint8Array.of(128), Uint8Array.of(255), 1, out, 0); // out = [255, 37, 128]
 * ```
 */
export function ycbcrToRgbInto(y: Uint8Array, cb: Uint8Array, cr: Uint8Array, n: number, out: Uint8Array, o: number): void {
  for (let i = 0; i < n; i++, o += 3) {
    const l = y[i]!;
    const b = cb[i]!;
    const r = cr[i]!;
    const red = l + CR_R[r]!;
    const green = l + ((CB_G[b]! + CR_G[r]!) >> SCALE_BITS);
    const blue = l + CB_B[b]!;
    out[o] = red < 0 ? 0 : red > 255 ? 255 : red;
    out[o + 1] = green < 0 ? 0 : green > 255 ? 255 : green;
    out[o + 2] = blue < 0 ? 0 : blue > 255 ? 255 : blue;
  }
}

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

function clamp255(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
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
  for (let i = 0, o = 0; i < y.length; i++, o += 3) {
    const l = y[i]!;
    const b = cb[i]!;
    const r = cr[i]!;
    out[o] = clamp255(l + CR_R[r]!);
    out[o + 1] = clamp255(l + ((CB_G[b]! + CR_G[r]!) >> SCALE_BITS));
    out[o + 2] = clamp255(l + CB_B[b]!);
  }
  return out;
}

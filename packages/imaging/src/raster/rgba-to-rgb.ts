/**
 * Interleaved RGBA (or grey replicated into RGBA) → interleaved RGB or grey, the last copy of a JPEG decode.
 * NOTE: on little-endian hosts (all that run Kenobi in practice) four pixels move as three 32-bit words
 * built from four: ~4× fewer memory operations than a byte loop, the same bytes; other hosts take the byte loop.
 */

const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * Drops the alpha byte of every pixel: `pixels` RGBA pixels in `rgba` → `3 × pixels` bytes.
 *
 * @example
 * ```ts
 * rgbaToRgb(Uint8Array.of(1, 2, 3, 255, 4, 5, 6, 255), 2); // Uint8Array [1, 2, 3, 4, 5, 6]
 * ```
 */
export function rgbaToRgb(rgba: Uint8Array | Uint8ClampedArray, pixels: number): Uint8Array {
  const out = new Uint8Array(3 * pixels);
  let done = 0;
  if (littleEndian && rgba.byteOffset % 4 === 0 && pixels >= 4) {
    const groups = pixels >>> 2;
    const src = new Uint32Array(rgba.buffer, rgba.byteOffset, groups * 4);
    const dst = new Uint32Array(out.buffer, 0, groups * 3);
    for (let g = 0, s = 0, d = 0; g < groups; g++, s += 4, d += 3) {
      const a = src[s]!; // R0 G0 B0 A0 (bytes, low to high)
      const b = src[s + 1]!;
      const c = src[s + 2]!;
      const e = src[s + 3]!;
      dst[d] = (a & 0xffffff) | (b << 24); // R0 G0 B0 R1
      dst[d + 1] = ((b >>> 8) & 0xffff) | (c << 16); // G1 B1 R2 G2
      dst[d + 2] = ((c >>> 16) & 0xff) | (e << 8); // B2 R3 G3 B3
    }
    done = groups * 4;
  }
  for (let i = done, j = 4 * done, o = 3 * done; i < pixels; i++, j += 4, o += 3) {
    out[o] = rgba[j]!;
    out[o + 1] = rgba[j + 1]!;
    out[o + 2] = rgba[j + 2]!;
  }
  return out;
}

/**
 * The first byte of every RGBA pixel (a greyscale JPEG decoded to RGBA has R = G = B = grey).
 *
 * @example
 * ```ts
 * rgbaToGrey(Uint8Array.of(7, 7, 7, 255, 9, 9, 9, 255), 2); // Uint8Array [7, 9]
 * ```
 */
export function rgbaToGrey(rgba: Uint8Array | Uint8ClampedArray, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels);
  for (let i = 0, j = 0; i < pixels; i++, j += 4) out[i] = rgba[j]!;
  return out;
}

/**
 * A subsampled JPEG component plane (after the IDCT), `width` x `height` samples, row-major. Its size is
 * libjpeg's `downsampled_width/height`: ceil(imageSize * samplingFactor / maxSamplingFactor).
 */
export interface SamplePlane {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/**
 * Upsamples a chroma plane by 2 horizontally (`h2v1`, 4:2:2), vertically (`h1v2`, 4:4:0) or both (`h2v2`,
 * 4:2:0) to `outWidth` x `outHeight`, with the arithmetic of libjpeg-turbo's "fancy" (triangle-filter)
 * upsampling in `jdsample.c`, so the result matches Pillow/libjpeg-turbo sample for sample: output samples
 * sit 1/4 and 3/4 of the way between input centres (weights 3/4, 1/4 per axis; 9/16, 3/16, 3/16, 1/16 for
 * h2v2), ties alternate between rounding down and up, and edge rows/columns repeat the last real sample.
 * libjpeg only does this when the plane is wider than 2 samples for h2v1/h2v2 (otherwise it replicates); the
 * caller decides that.
 *
 * NOTE: written here rather than taken from a library because no maintained pure-JS JPEG decoder does
 * libjpeg's fancy upsampling; jpeg-js replicates chroma, which misses Pillow by up to 58 DN at colour edges.
 *
 * @example
 * ```ts
 * const cb = { width: 2, height: 1, data: Uint8Array.of(0, 100) };
 * fancyUpsample(cb, 2, 1, 4, 1).data; // Uint8Array [0, 25, 75, 100] (h2v1)
 * ```
 */
export function fancyUpsample(plane: SamplePlane, hFactor: 1 | 2, vFactor: 1 | 2, outWidth: number, outHeight: number): SamplePlane {
  const out = new Uint8Array(outWidth * outHeight);
  // Column sums of the vertical pass for one output row (3 * nearer row + further row), one per input column.
  const colsum = new Int32Array(plane.width);
  for (let y = 0; y < outHeight; y++) fancyUpsampleRow(plane, hFactor, vFactor, y, colsum, out, y * outWidth, outWidth);
  return { width: outWidth, height: outHeight, data: out };
}

/**
 * Output row `y` of {@link fancyUpsample}, written to `out[o .. o + outWidth - 1]`; `colsum` is scratch space of
 * at least `plane.width` values. For callers that convert row by row without full-size chroma planes.
 *
 * @example
 * ```ts
 * const row = new Uint8Array(4);
 * fancyUpsampleRow({ width: 2, height: 1, data: Uint8Array.of(0, 100) }, 2, 1, 0, new Int32Array(2), row, 0, 4); // row = [0, 25, 75, 100]
 * ```
 */
export function fancyUpsampleRow(plane: SamplePlane, hFactor: 1 | 2, vFactor: 1 | 2, y: number, colsum: Int32Array, out: Uint8Array, o: number, outWidth: number): void {
  const { width: dw, height: dh, data: src } = plane;
  let vShift = 0; // colsum scale: 4^(number of triangle passes done)
  if (vFactor === 2) {
    const row = y >> 1;
    const other = (y & 1) === 0 ? Math.max(row - 1, 0) : Math.min(row + 1, dh - 1);
    const a = row * dw;
    const b = other * dw;
    for (let j = 0; j < dw; j++) colsum[j] = 3 * src[a + j]! + src[b + j]!;
    vShift = 2;
  } else {
    const a = y * dw;
    for (let j = 0; j < dw; j++) colsum[j] = src[a + j]!;
  }
  if (hFactor === 2) {
    // h2v2: (3*this + neighbour + 8 or 7) >> 4; h2v1: (3*this + neighbour + 1 or 2) >> 2.
    const shift = vShift + 2;
    const evenBias = vFactor === 2 ? 8 : 1;
    const oddBias = vFactor === 2 ? 7 : 2;
    for (let x = 0; x < outWidth; x++) {
      const j = x >> 1;
      const near = 3 * colsum[j]!;
      out[o + x] = (x & 1) === 0
        ? (near + colsum[j > 0 ? j - 1 : 0]! + evenBias) >> shift
        : (near + colsum[j < dw - 1 ? j + 1 : dw - 1]! + oddBias) >> shift;
    }
  } else {
    // h1v2: (3*nearer row + further row + 1 above / 2 below) >> 2.
    const bias = (y & 1) === 0 ? 1 : 2;
    for (let x = 0; x < outWidth; x++) out[o + x] = (colsum[x]! + bias) >> 2;
  }
}

import { resizeU8WithKernels } from './resize-kernels.js';
import { requireArgument } from '../imaging-error.js';
import type { PixelArray, Raster } from '../raster/raster.js';
import { resampleCoefficients, type ResampleCoefficients, type ResampleFilter } from './resample-filter.js';

/**
 * Options of {@link resize}.
 *
 * @example
 * ```ts
 * const o: ResizeOptions = { filter: 'box' };
 * ```
 */
export interface ResizeOptions {
  /** Default 'bilinear' (Pillow's `Image.BILINEAR`, antialiased when shrinking). */
  readonly filter?: ResampleFilter;
}

/**
 * A window of a resized image: `width` x `height` pixels with the top-left corner at (`left`, `top`).
 *
 * @example
 * ```ts
 * const w: ResizeWindow = { left: 16, top: 16, width: 224, height: 224 }; // centre 224 of a 256x256 resize
 * ```
 */
export interface ResizeWindow {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Pillow's fixed-point precision for 8-bit resampling (Resample.c: 32 - 8 - 2). */
const PRECISION_BITS = 22;

/**
 * Resizes to `width` x `height` with Pillow's separable convolution (horizontal pass, then vertical): the
 * same as `PIL.Image.resize(size, Image.BILINEAR)`, which widens the kernel when shrinking (antialiasing, as
 * torchvision's `antialias=True`). 8-bit rasters use Pillow's 22-bit fixed-point arithmetic and rounding, so
 * they equal Pillow 9.4's output exactly; float rasters use double-precision weights (Pillow's mode 'F');
 * 16-bit rasters are computed in double and rounded. The result has the input's array type.
 *
 * @example
 * ```ts
 * const small = resize(photo, 256, 170); // { width: 256, height: 170, channels: 3, data: Uint8Array }
 * ```
 */
export function resize<T extends PixelArray>(raster: Raster<T>, width: number, height: number, options: ResizeOptions = {}): Raster<T> {
  return resizeWindow(raster, width, height, { left: 0, top: 0, width, height }, options);
}

/**
 * `crop(resize(raster, width, height), window)` computed directly: only the pixels inside the window (and
 * the intermediate rows/columns they need) are resampled, with the same arithmetic as {@link resize}, so the
 * result is identical sample for sample. A resize to 256 followed by a 224 centre crop costs ~3/4 of the
 * full resize.
 *
 * @example
 * ```ts
 * const centre = resizeWindow(photo, 256, 256, { left: 16, top: 16, width: 224, height: 224 }); // 224x224
 * ```
 */
export function resizeWindow<T extends PixelArray>(raster: Raster<T>, width: number, height: number, window: ResizeWindow, options: ResizeOptions = {}): Raster<T> {
  requireArgument(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0, `resize target must be positive integers, got ${width}x${height}`);
  requireArgument(raster.width > 0 && raster.height > 0, 'cannot resize an empty raster');
  const { left, top, width: cw, height: ch } = window;
  requireArgument(
    [left, top, cw, ch].every(Number.isInteger) && left >= 0 && top >= 0 && cw >= 0 && ch >= 0 && left + cw <= width && top + ch <= height,
    `crop ${cw}x${ch} at (${left}, ${top}) does not fit in ${width}x${height}`,
  );
  const filter = options.filter ?? 'bilinear';
  const c = raster.channels;
  const make = raster.data.constructor as new (n: number) => T;
  const xc = width !== raster.width ? resampleCoefficients(raster.width, width, filter) : undefined;
  const yc = height !== raster.height ? resampleCoefficients(raster.height, height, filter) : undefined;
  // source rows the vertical pass reads for output rows top .. top + ch - 1
  let r0 = top;
  let r1 = top + ch;
  if (yc !== undefined && ch > 0) {
    r0 = yc.bounds[2 * top]!;
    r1 = r0;
    for (let j = top; j < top + ch; j++) r1 = Math.max(r1, yc.bounds[2 * j]! + yc.bounds[2 * j + 1]!);
  }
  if (xc !== undefined && yc !== undefined && kindOf(raster.data) === 'u8' && cw > 0 && ch > 0) {
    const out = new make(cw * ch * c);
    const x = { kernelSize: xc.kernelSize, bounds: xc.bounds, weights: fixedPointWeights(xc.weights) };
    const y = { kernelSize: yc.kernelSize, bounds: yc.bounds, weights: fixedPointWeights(yc.weights) };
    if (resizeU8WithKernels(raster.data as Uint8Array, raster.width, c, r0, r1, x, y, left, cw, top, ch, out as Uint8Array)) {
      return { width: cw, height: ch, channels: c, data: out };
    }
  }
  // horizontal pass (or a plain column cut) over rows r0 .. r1 - 1 → (r1 - r0) x cw
  const mid = new make((r1 - r0) * cw * c);
  if (xc !== undefined) horizontalPass(raster.data, raster.width, c, r0, r1, xc, left, cw, mid);
  else for (let y = r0; y < r1; y++) mid.set(raster.data.subarray((y * raster.width + left) * c, (y * raster.width + left + cw) * c) as never, (y - r0) * cw * c);
  if (yc === undefined) return { width: cw, height: ch, channels: c, data: mid };
  const out = new make(cw * ch * c);
  verticalPass(mid, cw * c, r0, yc, top, ch, out);
  return { width: cw, height: ch, channels: c, data: out };
}

/** How a pass stores one accumulated sum: Pillow's clip8 (8-bit), rounding (16-bit) or as is (float). */
type Kind = 'u8' | 'u16' | 'float';

function kindOf(data: PixelArray): Kind {
  return data instanceof Uint8Array || data instanceof Uint8ClampedArray ? 'u8' : data instanceof Uint16Array ? 'u16' : 'float';
}

/** Output columns `left .. left + cw - 1` of the horizontal resample, for input rows `r0 .. r1 - 1`. */
function horizontalPass(inp: PixelArray, inWidth: number, c: number, r0: number, r1: number, coeffs: ResampleCoefficients, left: number, cw: number, out: PixelArray): void {
  const kind = kindOf(inp);
  if (kind === 'u8') return horizontalPassU8(inp as Uint8Array, inWidth, c, r0, r1, coeffs, left, cw, out as Uint8Array);
  const { kernelSize, bounds } = coeffs;
  const w = coeffs.weights;
  const rowIn = inWidth * c;
  const rowOut = cw * c;
  for (let y = r0; y < r1; y++) {
    const base = y * rowIn;
    let o = (y - r0) * rowOut;
    for (let j = left; j < left + cw; j++) {
      const first = base + bounds[2 * j]! * c;
      const taps = bounds[2 * j + 1]!;
      const k = j * kernelSize;
      for (let ch = 0; ch < c; ch++, o++) {
        let at = first + ch;
        let ss = 0;
        for (let t = 0; t < taps; t++, at += c) ss += inp[at]! * w[k + t]!;
        out[o] = kind === 'u16' ? Math.min(65535, Math.max(0, Math.round(ss))) : ss;
      }
    }
  }
}

/** Output rows `top .. top + ch - 1` of the vertical resample of `mid` (rows from source row `r0` on, `stride` samples a row). */
function verticalPass(mid: PixelArray, stride: number, r0: number, coeffs: ResampleCoefficients, top: number, ch: number, out: PixelArray): void {
  const kind = kindOf(mid);
  if (kind === 'u8') return verticalPassU8(mid as Uint8Array, stride, r0, coeffs, top, ch, out as Uint8Array);
  const { kernelSize, bounds } = coeffs;
  const w = coeffs.weights;
  for (let j = top; j < top + ch; j++) {
    const first = (bounds[2 * j]! - r0) * stride;
    const taps = bounds[2 * j + 1]!;
    const k = j * kernelSize;
    const o = (j - top) * stride;
    for (let i = 0; i < stride; i++) {
      let at = first + i;
      let ss = 0;
      for (let t = 0; t < taps; t++, at += stride) ss += mid[at]! * w[k + t]!;
      out[o + i] = kind === 'u16' ? Math.min(65535, Math.max(0, Math.round(ss))) : ss;
    }
  }
}

/**
 * 8-bit horizontal pass in int32 arithmetic, as Pillow's C: weights are 22-bit fixed point and non-negative
 * for both filters, so |sum| <= 255 * (2^22 + taps) + 2^21 < 2^31 and `>> 22` is the C shift.
 */
function horizontalPassU8(inp: Uint8Array, inWidth: number, c: number, r0: number, r1: number, coeffs: ResampleCoefficients, left: number, cw: number, out: Uint8Array): void {
  const { kernelSize, bounds } = coeffs;
  const w = fixedPointWeights(coeffs.weights);
  const rowIn = inWidth * c;
  let o = 0;
  for (let y = r0; y < r1; y++) {
    const base = y * rowIn;
    for (let j = left; j < left + cw; j++) {
      const first = base + bounds[2 * j]! * c;
      const taps = bounds[2 * j + 1]!;
      const k = j * kernelSize;
      if (c === 3) {
        let s0 = HALF;
        let s1 = HALF;
        let s2 = HALF;
        for (let t = 0, at = first; t < taps; t++, at += 3) {
          const wt = w[k + t]!;
          s0 = (s0 + Math.imul(inp[at]!, wt)) | 0;
          s1 = (s1 + Math.imul(inp[at + 1]!, wt)) | 0;
          s2 = (s2 + Math.imul(inp[at + 2]!, wt)) | 0;
        }
        out[o++] = s0 <= 0 ? 0 : s0 >= CLIP_ABOVE ? 255 : s0 >> PRECISION_BITS;
        out[o++] = s1 <= 0 ? 0 : s1 >= CLIP_ABOVE ? 255 : s1 >> PRECISION_BITS;
        out[o++] = s2 <= 0 ? 0 : s2 >= CLIP_ABOVE ? 255 : s2 >> PRECISION_BITS;
        continue;
      }
      for (let ch = 0; ch < c; ch++) {
        let ss = HALF;
        for (let t = 0, at = first + ch; t < taps; t++, at += c) ss = (ss + Math.imul(inp[at]!, w[k + t]!)) | 0;
        out[o++] = ss <= 0 ? 0 : ss >= CLIP_ABOVE ? 255 : ss >> PRECISION_BITS;
      }
    }
  }
}

/** 8-bit vertical pass, int32 as {@link horizontalPassU8}. */
function verticalPassU8(mid: Uint8Array, stride: number, r0: number, coeffs: ResampleCoefficients, top: number, ch: number, out: Uint8Array): void {
  const { kernelSize, bounds } = coeffs;
  const w = fixedPointWeights(coeffs.weights);
  // one output row at a time: accumulate whole source rows (sequential access) into `acc`
  const acc = new Int32Array(stride);
  for (let j = top; j < top + ch; j++) {
    const first = (bounds[2 * j]! - r0) * stride;
    const taps = bounds[2 * j + 1]!;
    const k = j * kernelSize;
    acc.fill(HALF);
    for (let t = 0; t < taps; t++) {
      const wt = w[k + t]!;
      const row = first + t * stride;
      for (let i = 0; i < stride; i++) acc[i] = (acc[i]! + Math.imul(mid[row + i]!, wt)) | 0;
    }
    const o = (j - top) * stride;
    for (let i = 0; i < stride; i++) {
      const ss = acc[i]!;
      out[o + i] = ss <= 0 ? 0 : ss >= CLIP_ABOVE ? 255 : ss >> PRECISION_BITS;
    }
  }
}

const ONE = 2 ** PRECISION_BITS;
const HALF = ONE / 2;
const CLIP_ABOVE = 256 * ONE;

/** Pillow's `normalize_coeffs_8bpc`: round each weight to a 22-bit fixed-point integer. */
function fixedPointWeights(w: Float64Array): Int32Array {
  const out = new Int32Array(w.length);
  for (let i = 0; i < w.length; i++) out[i] = w[i]! < 0 ? Math.trunc(-0.5 + w[i]! * ONE) : Math.trunc(0.5 + w[i]! * ONE);
  return out;
}

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
  requireArgument(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0, `resize target must be positive integers, got ${width}x${height}`);
  requireArgument(raster.width > 0 && raster.height > 0, 'cannot resize an empty raster');
  const filter = options.filter ?? 'bilinear';
  let current: Raster<T> = raster;
  if (width !== raster.width) current = resampleAxis(current, resampleCoefficients(raster.width, width, filter), 'x', width);
  if (height !== raster.height) current = resampleAxis(current, resampleCoefficients(raster.height, height, filter), 'y', height);
  return current === raster ? { ...raster, data: raster.data.slice() as T } : current;
}

function resampleAxis<T extends PixelArray>(src: Raster<T>, coeffs: ResampleCoefficients, axis: 'x' | 'y', outSize: number): Raster<T> {
  const { channels: c } = src;
  const outW = axis === 'x' ? outSize : src.width;
  const outH = axis === 'y' ? outSize : src.height;
  const out = new (src.data.constructor as new (n: number) => T)(outW * outH * c);
  const isUint8 = src.data instanceof Uint8Array || src.data instanceof Uint8ClampedArray;
  const isUint16 = src.data instanceof Uint16Array;
  const { kernelSize, bounds } = coeffs;
  const weights = isUint8 ? fixedPointWeights(coeffs.weights) : coeffs.weights;
  const inp = src.data;
  // stride between successive taps along the axis, and between output lines
  const tapStride = axis === 'x' ? c : src.width * c;
  const lines = axis === 'x' ? outH : outW;
  const lineStrideIn = axis === 'x' ? src.width * c : c;
  const lineStrideOut = axis === 'x' ? outW * c : c;
  const posStrideOut = axis === 'x' ? c : outW * c;
  const half = 1 << (PRECISION_BITS - 1);
  const one = 2 ** PRECISION_BITS;
  const clipAbove = 256 * one;
  for (let line = 0; line < lines; line++) {
    for (let j = 0; j < outSize; j++) {
      const first = bounds[2 * j]!;
      const taps = bounds[2 * j + 1]!;
      const k = j * kernelSize;
      for (let ch = 0; ch < c; ch++) {
        let at = line * lineStrideIn + first * tapStride + ch;
        const o = line * lineStrideOut + j * posStrideOut + ch;
        if (isUint8) {
          let ss = half;
          for (let t = 0; t < taps; t++, at += tapStride) ss += inp[at]! * weights[k + t]!;
          // Pillow's clip8; the sums are exact integers below 2^53, so division + floor equals the C shift
          out[o] = ss <= 0 ? 0 : ss >= clipAbove ? 255 : Math.floor(ss / one);
        } else {
          let ss = 0;
          for (let t = 0; t < taps; t++, at += tapStride) ss += inp[at]! * weights[k + t]!;
          out[o] = isUint16 ? Math.min(65535, Math.max(0, Math.round(ss))) : ss;
        }
      }
    }
  }
  return { width: outW, height: outH, channels: c, data: out };
}

/** Pillow's `normalize_coeffs_8bpc`: round each weight to a 22-bit fixed-point integer. */
function fixedPointWeights(w: Float64Array): Float64Array {
  const out = new Float64Array(w.length);
  const one = 2 ** PRECISION_BITS;
  for (let i = 0; i < w.length; i++) out[i] = w[i]! < 0 ? Math.trunc(-0.5 + w[i]! * one) : Math.trunc(0.5 + w[i]! * one);
  return out;
}

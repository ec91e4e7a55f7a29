/**
 * Convolution of an image with a PSF, "same" size, zero outside the image: separable for a Gaussian (two
 * 1-D passes), FFT for anything else (fft.js, zero-padded to a power of two so nothing wraps around).
 */
import FFT from 'fft.js';
import type { Psf } from './psf.js';
import { gaussianKernel1d, psfKernel2d } from './psf.js';

/**
 * Convolves a row-major `width`×`height` image with a 1-D kernel along rows, then along columns.
 *
 * @example
 * ```ts
 * const blurred = convolveSeparable(image, 64, 64, gaussianKernel1d(1.0, 0.263));
 * ```
 */
export function convolveSeparable(image: Float32Array | Float64Array, width: number, height: number, kernel: Float64Array): Float32Array {
  const r = (kernel.length - 1) >> 1;
  const tmp = new Float32Array(width * height);
  for (let i = 0; i < height; i++) {
    const row = i * width;
    for (let j = 0; j < width; j++) {
      const lo = Math.max(-r, -j);
      const hi = Math.min(r, width - 1 - j);
      let s = 0;
      for (let t = lo; t <= hi; t++) s += kernel[t + r]! * image[row + j + t]!;
      tmp[row + j] = s;
    }
  }
  const out = new Float32Array(width * height);
  for (let i = 0; i < height; i++) {
    const lo = Math.max(-r, -i);
    const hi = Math.min(r, height - 1 - i);
    for (let j = 0; j < width; j++) {
      let s = 0;
      for (let t = lo; t <= hi; t++) s += kernel[t + r]! * tmp[(i + t) * width + j]!;
      out[i * width + j] = s;
    }
  }
  return out;
}

/**
 * Convolves a row-major `width`×`height` image (zero outside it) with a separable kernel and returns only the
 * `cropWidth`×`cropHeight` window whose first pixel is (`cropX`, `cropY`): the row pass runs only on the
 * columns the window keeps and the column pass only on its pixels, so a padded render costs no more than its
 * crop. Equals `convolveSeparable` followed by cropping (to float rounding). `out` may be given to reuse it.
 *
 * @example
 * ```ts
 * // A 78×78 render padded by 7 pixels, blurred and cropped to the 64×64 cutout.
 * const cutout = convolveSeparableCropped(image, 78, 78, gaussianKernel1d(1.0, 0.263), 7, 7, 64, 64);
 * ```
 */
export function convolveSeparableCropped(
  image: Float32Array | Float64Array,
  width: number,
  height: number,
  kernel: Float64Array,
  cropX: number,
  cropY: number,
  cropWidth: number,
  cropHeight: number,
  out: Float32Array = new Float32Array(cropWidth * cropHeight),
): Float32Array {
  const r = (kernel.length - 1) >> 1;
  const k0 = kernel[r]!;
  // The window's rows plus r on each side; rows outside the image stay zero (zero padding).
  const rows = cropHeight + 2 * r;
  const rowLength = cropWidth + 2 * r;
  const tmp = scratch(0, rows * cropWidth);
  const line = scratch(1, rowLength);
  tmp.fill(0, 0, rows * cropWidth);
  // NOTE: the kernel is symmetric, so each pass adds k_t·(a[−t] + a[+t]): half the multiplications. Rows are
  // copied into a zero-padded line first, so the inner loops have no bounds logic.
  for (let i = Math.max(0, cropY - r); i <= Math.min(height - 1, cropY + cropHeight - 1 + r); i++) {
    line.fill(0, 0, rowLength);
    const x0 = Math.max(0, cropX - r);
    const x1 = Math.min(width, cropX + cropWidth + r);
    for (let x = x0, src = i * width + x0; x < x1; x++, src++) line[x - cropX + r] = image[src]!;
    const dst = (i - cropY + r) * cropWidth;
    for (let j = 0; j < cropWidth; j++) {
      const c = j + r;
      let s = k0 * line[c]!;
      for (let t = 1; t <= r; t++) s += kernel[r + t]! * (line[c - t]! + line[c + t]!);
      tmp[dst + j] = s;
    }
  }
  const acc = scratch(2, cropWidth);
  for (let i = 0; i < cropHeight; i++) {
    const mid = (i + r) * cropWidth;
    for (let j = 0; j < cropWidth; j++) acc[j] = k0 * tmp[mid + j]!;
    for (let t = 1; t <= r; t++) {
      const w = kernel[r + t]!;
      const up = mid - t * cropWidth;
      const down = mid + t * cropWidth;
      for (let j = 0; j < cropWidth; j++) acc[j]! += w * (tmp[up + j]! + tmp[down + j]!);
    }
    const o = i * cropWidth;
    for (let j = 0; j < cropWidth; j++) out[o + j] = acc[j]!;
  }
  return out;
}

// Scratch buffers of `convolveSeparableCropped`, kept between calls (JavaScript is single-threaded here, and
// the function does not call out while it holds them).
const scratchBuffers: Float64Array[] = [new Float64Array(0), new Float64Array(0), new Float64Array(0)];
function scratch(slot: number, length: number): Float64Array {
  if (scratchBuffers[slot]!.length < length) scratchBuffers[slot] = new Float64Array(length);
  return scratchBuffers[slot]!;
}

/**
 * Convolves with a 2-D kernel ((2r+1)², row-major) through FFTs.
 *
 * @example
 * ```ts
 * const { kernel, radius } = psfKernel2d({ kind: 'moffat', fwhm: 1, beta: 3 }, 0.263);
 * const blurred = convolveFft(image, 64, 64, kernel, radius);
 * ```
 */
export function convolveFft(image: Float32Array | Float64Array, width: number, height: number, kernel: Float64Array, radius: number): Float32Array {
  const n = nextPowerOfTwo(Math.max(width, height) + 2 * radius);
  const fft = new FFT(n);
  const size = 2 * radius + 1;
  // Kernel centred at (0, 0) with wrap-around, so the product of spectra is a centred convolution.
  const k = new Float64Array(n * n);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) k[((i - radius + n) % n) * n + ((j - radius + n) % n)] = kernel[i * size + j]!;
  }
  const img = new Float64Array(n * n);
  for (let i = 0; i < height; i++) for (let j = 0; j < width; j++) img[i * n + j] = image[i * width + j]!;
  const a = fft2(fft, n, k, false);
  const b = fft2(fft, n, img, false);
  for (let t = 0; t < a.length; t += 2) {
    const re = a[t]! * b[t]! - a[t + 1]! * b[t + 1]!;
    const im = a[t]! * b[t + 1]! + a[t + 1]! * b[t]!;
    b[t] = re;
    b[t + 1] = im;
  }
  const result = fft2(fft, n, b, true);
  const out = new Float32Array(width * height);
  for (let i = 0; i < height; i++) for (let j = 0; j < width; j++) out[i * width + j] = result[2 * (i * n + j)]!;
  return out;
}

/**
 * Convolves with a PSF: separable for Gaussians, FFT otherwise.
 *
 * @example
 * ```ts
 * const seen = convolvePsf(image, 64, 64, { kind: 'gaussian', fwhm: 1.0 }, 0.263);
 * ```
 */
export function convolvePsf(image: Float32Array | Float64Array, width: number, height: number, psf: Psf, pixelScale: number): Float32Array {
  if (psf.kind === 'gaussian') return convolveSeparable(image, width, height, gaussianKernel1d(psf.fwhm, pixelScale));
  const { kernel, radius } = psfKernel2d(psf, pixelScale);
  return convolveFft(image, width, height, kernel, radius);
}

function nextPowerOfTwo(v: number): number {
  let n = 4;
  while (n < v) n *= 2;
  return n;
}

/** 2-D FFT of an n×n array: real input (length n²) forward, or complex interleaved (length 2n²) either way. */
function fft2(fft: FFT, n: number, data: Float64Array, inverse: boolean): Float64Array {
  const complex = data.length === 2 * n * n;
  const work = new Float64Array(2 * n * n);
  const rowIn = fft.createComplexArray() as number[];
  const rowOut = fft.createComplexArray() as number[];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      rowIn[2 * j] = complex ? data[2 * (i * n + j)]! : data[i * n + j]!;
      rowIn[2 * j + 1] = complex ? data[2 * (i * n + j) + 1]! : 0;
    }
    if (inverse) fft.inverseTransform(rowOut, rowIn); else fft.transform(rowOut, rowIn);
    for (let t = 0; t < 2 * n; t++) work[2 * i * n + t] = rowOut[t]!;
  }
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      rowIn[2 * i] = work[2 * (i * n + j)]!;
      rowIn[2 * i + 1] = work[2 * (i * n + j) + 1]!;
    }
    if (inverse) fft.inverseTransform(rowOut, rowIn); else fft.transform(rowOut, rowIn);
    for (let i = 0; i < n; i++) {
      work[2 * (i * n + j)] = rowOut[2 * i]!;
      work[2 * (i * n + j) + 1] = rowOut[2 * i + 1]!;
    }
  }
  return work;
}

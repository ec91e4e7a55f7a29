import { ImagingError } from '../imaging-error.js';
import type { PixelArray, Raster } from '../raster/raster.js';

/**
 * Makes an image's channels what a model wants: picks `bandMapping` channels when given; otherwise keeps an
 * image that has as many channels as the model, else drops the alpha of an 8- or 16-bit image (RGBA → RGB,
 * grey+alpha → grey, as Pillow's `convert` does; float planes are bands and are never dropped), replicates grey to 3 channels (unless
 * `grey: 'error'`), and turns RGB into 1-channel luma with Pillow's integer ITU-R 601-2 formula for 8-bit
 * images (`(R*19595 + G*38470 + B*7471 + 0x8000) >> 16`) and `0.299R + 0.587G + 0.114B` otherwise.
 * Keeps the array type.
 *
 * @example
 * ```ts
 * matchChannels(greyDigit, 3).channels;           // 3 (replicated)
 * matchChannels(gri, 3, { bandMapping: [2, 1, 0] }); // R=i, G=r, B=g
 * ```
 */
export function matchChannels<T extends PixelArray>(
  raster: Raster<T>,
  channels: number,
  options: { bandMapping?: readonly number[]; grey?: 'replicate' | 'error' } = {},
): Raster<T> {
  if (options.bandMapping) {
    if (options.bandMapping.length !== channels || options.bandMapping.some((b) => !(b >= 0 && b < raster.channels))) {
      throw new ImagingError('imaging/channels', `bandMapping [${options.bandMapping.join(', ')}] must name ${channels} channels among 0..${raster.channels - 1}`);
    }
    return pick(raster, options.bandMapping);
  }
  // NOTE: as many channels as the model wants is taken as it is, before alpha is looked for: a 2-band
  // stack (FITS g, r) for a 2-channel model is not grey + alpha, an RGBA image for a 4-channel model keeps A.
  if (raster.channels === channels) return raster;
  let img = raster;
  // NOTE: only 8- and 16-bit images (PNG, JPEG, TIFF) have an alpha plane; float planes are bands (FITS,
  // .npy), and dropping one of them as "alpha" would train on the wrong data without a word.
  const integer = !(raster.data instanceof Float32Array || raster.data instanceof Float64Array);
  if (integer && img.channels === 4) img = pick(img, [0, 1, 2]);
  if (integer && img.channels === 2) img = pick(img, [0]);
  if (img.channels === channels) return img;
  if (img.channels === 1 && channels === 3) {
    if (options.grey === 'error') throw new ImagingError('imaging/channels', 'a 1-channel image for a 3-channel model', { hint: "set grey: 'replicate'" });
    return pick(img, [0, 0, 0]);
  }
  if (img.channels === 3 && channels === 1) return luma(img);
  throw new ImagingError('imaging/channels', `cannot map ${raster.channels} ${integer ? 'channels' : 'bands'} to the model's ${channels} channel${channels === 1 ? '' : 's'}`, {
    hint: `name the band or channel for each of the model's ${channels} channel${channels === 1 ? '' : 's'}: --band-order on the command line (e.g. ${Array.from({ length: channels }, (_, k) => Math.min(k, raster.channels - 1)).join(',')}), bandMapping in the API`,
  });
}

function pick<T extends PixelArray>(raster: Raster<T>, which: readonly number[]): Raster<T> {
  const n = raster.width * raster.height;
  const c = raster.channels;
  const k = which.length;
  const out = new (raster.data.constructor as new (n: number) => T)(n * k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) out[i * k + j] = raster.data[i * c + which[j]!]!;
  return { width: raster.width, height: raster.height, channels: k, data: out };
}

function luma<T extends PixelArray>(raster: Raster<T>): Raster<T> {
  const n = raster.width * raster.height;
  const d = raster.data;
  const out = new (d.constructor as new (n: number) => T)(n);
  const is8 = d instanceof Uint8Array || d instanceof Uint8ClampedArray;
  for (let i = 0; i < n; i++) {
    const r = d[3 * i]!;
    const g = d[3 * i + 1]!;
    const b = d[3 * i + 2]!;
    out[i] = is8 ? Math.floor((r * 19595 + g * 38470 + b * 7471 + 0x8000) / 65536) : 0.299 * r + 0.587 * g + 0.114 * b;
  }
  return { width: raster.width, height: raster.height, channels: 1, data: out };
}

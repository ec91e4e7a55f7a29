import { requireArgument } from '../imaging-error.js';

/**
 * The typed arrays a {@link Raster} holds: 8- or 16-bit integers straight from PNG/JPEG, or floats (FITS
 * bands, stretched values, model inputs).
 *
 * @example
 * ```ts
 * const d: PixelArray = new Float32Array(64 * 64);
 * ```
 */
export type PixelArray = Uint8Array | Uint8ClampedArray | Uint16Array | Float32Array | Float64Array;

/**
 * An image: `height` rows of `width` pixels of `channels` interleaved samples (HWC, row-major, row 0 first,
 * as numpy's `array[y, x, c]` and as PNG/JPEG store it). A FITS band is a Raster with `channels = 1`; note
 * that FITS row 0 is the bottom of the picture (astropy's `origin='lower'`), so a FITS band shown as a PNG
 * looks upside down unless it is flipped (see `flipVertical`).
 *
 * @example
 * ```ts
 * const grey: Raster = { width: 3, height: 2, channels: 1, data: new Uint8Array([0, 1, 2, 3, 4, 5]) };
 * grey.data[1 * grey.width + 2]; // pixel (x=2, y=1): 5
 * ```
 */
export interface Raster<T extends PixelArray = PixelArray> {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly data: T;
}

/**
 * Makes a Raster, checking that the array length is `width * height * channels`.
 *
 * @example
 * ```ts
 * const r = createRaster(2, 2, 3, new Uint8Array(12)); // { width: 2, height: 2, channels: 3, data }
 * const zeros = createRaster(4, 4, 1);                 // Float32Array(16)
 * ```
 */
export function createRaster<T extends PixelArray = Float32Array>(
  width: number,
  height: number,
  channels: number,
  data?: T,
): Raster<T> {
  requireArgument(
    Number.isInteger(width) && Number.isInteger(height) && Number.isInteger(channels) && width >= 0 && height >= 0 && channels >= 1,
    `raster size must be non-negative integers with >= 1 channel, got ${width}x${height}x${channels}`,
  );
  const array = data ?? (new Float32Array(width * height * channels) as PixelArray as T);
  requireArgument(
    array.length === width * height * channels,
    `raster ${width}x${height}x${channels} needs ${width * height * channels} samples, got ${array.length}`,
  );
  return { width, height, channels, data: array };
}

/**
 * The largest value a sample of this array type can hold when it comes from an integer image (255 for
 * 8-bit, 65535 for 16-bit), or 1 for float arrays (taken to be in [0, 1]).
 *
 * @example
 * ```ts
 * sampleMaximum(new Uint16Array(1)); // 65535
 * sampleMaximum(new Float32Array(1)); // 1
 * ```
 */
export function sampleMaximum(data: PixelArray): number {
  if (data instanceof Uint8Array || data instanceof Uint8ClampedArray) return 255;
  if (data instanceof Uint16Array) return 65535;
  return 1;
}

/**
 * One channel of a Raster as its own single-channel Raster (a copy of the same type).
 *
 * @example
 * ```ts
 * const green = extractChannel(rgb, 1); // { channels: 1, ... }
 * ```
 */
export function extractChannel<T extends PixelArray>(raster: Raster<T>, channel: number): Raster<T> {
  requireArgument(channel >= 0 && channel < raster.channels, `channel ${channel} out of range 0..${raster.channels - 1}`);
  const n = raster.width * raster.height;
  const out = new (raster.data.constructor as new (n: number) => T)(n);
  for (let i = 0, j = channel; i < n; i++, j += raster.channels) out[i] = raster.data[j]!;
  return { width: raster.width, height: raster.height, channels: 1, data: out };
}

/**
 * Interleaves single-channel planes of equal size into one Raster (HWC), in the order given.
 *
 * @example
 * ```ts
 * const rgb = stackChannels([red, green, blue]); // channels: 3, Float32Array
 * ```
 */
export function stackChannels(planes: readonly Raster[]): Raster<Float32Array> {
  requireArgument(planes.length > 0, 'stackChannels needs at least one plane');
  const { width, height } = planes[0]!;
  for (const p of planes) {
    requireArgument(p.width === width && p.height === height, `plane ${p.width}x${p.height} differs from ${width}x${height}`);
    requireArgument(p.channels === 1, 'stackChannels takes single-channel planes');
  }
  const c = planes.length;
  const out = new Float32Array(width * height * c);
  for (let k = 0; k < c; k++) {
    const d = planes[k]!.data;
    for (let i = 0, j = k; i < d.length; i++, j += c) out[j] = d[i]!;
  }
  return { width, height, channels: c, data: out };
}

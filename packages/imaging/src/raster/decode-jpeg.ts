import jpegJs from 'jpeg-js';
import { ImagingError } from '../imaging-error.js';
import { jpegIsYCbCr, readJpegHeader, type JpegComponent, type JpegHeader } from './jpeg-header.js';
import { ycbcrToRgb } from './jpeg-colour.js';
import { fancyUpsample } from './jpeg-upsample.js';
import type { Raster } from './raster.js';

export { jpegComponentCount } from './jpeg-header.js';

/**
 * Decodes a baseline or progressive JPEG (8-bit) into a Raster: 1 channel for greyscale files, 3 (RGB)
 * otherwise. Pure JavaScript: jpeg-js does the entropy decoding and IDCT; chroma upsampling and YCbCr -> RGB
 * follow libjpeg-turbo (the decoder behind Pillow) exactly, so the result differs from Pillow only by jpeg-js's
 * IDCT rounding (a few DN at most; see the README for measured numbers).
 *
 * @example
 * ```ts
 * const img = decodeJpeg(bytes); // { width: 614, height: 447, channels: 3, data: Uint8Array }
 * ```
 */
export function decodeJpeg(bytes: Uint8Array): Raster<Uint8Array> {
  const header = readJpegHeader(bytes);
  if (header === undefined) throw new ImagingError('imaging/decode', 'cannot decode JPEG: no frame header (SOFn marker) before the first scan');
  const count = header.components.length;
  if (count !== 1 && count !== 3) {
    throw new ImagingError('imaging/decode', `cannot decode JPEG: ${count} colour components (only greyscale and YCbCr/RGB are supported)`, {
      hint: 'convert CMYK/YCCK JPEGs to RGB first (e.g. with ImageMagick or Pillow)',
    });
  }
  let decoded;
  try {
    decoded = jpegJs.decode(rawComponentBytes(bytes, header), {
      useTArray: true,
      formatAsRGBA: false,
      tolerantDecoding: false,
      colorTransform: false,
    });
  } catch (cause) {
    throw new ImagingError('imaging/decode', `cannot decode JPEG: ${(cause as Error).message}`, { cause });
  }
  const { width, height, data } = decoded;
  const planes = [0, 1, 2].slice(0, count).map((c) => upsampledComponent(data, c, width, height, header));
  if (count === 1) return { width, height, channels: 1, data: planes[0]! };
  if (jpegIsYCbCr(header)) return { width, height, channels: 3, data: ycbcrToRgb(planes[0]!, planes[1]!, planes[2]!) };
  const rgb = new Uint8Array(3 * width * height);
  for (let i = 0; i < width * height; i++) for (let c = 0; c < 3; c++) rgb[3 * i + c] = planes[c]![i]!;
  return { width, height, channels: 3, data: rgb };
}

/**
 * jpeg-js ignores `colorTransform: false` when an Adobe marker asks for a transform, so give it a copy with
 * that flag cleared: this module then always receives the raw component samples and converts them itself.
 */
function rawComponentBytes(bytes: Uint8Array, header: JpegHeader): Uint8Array {
  if (!header.adobeTransform || header.adobeTransformOffset === undefined) return bytes;
  const copy = bytes.slice();
  copy[header.adobeTransformOffset] = 0;
  return copy;
}

/**
 * Component `c` at full image size, upsampled as libjpeg-turbo does. jpeg-js (with `colorTransform: false`)
 * returns every component at full size with subsampled ones replicated by nearest neighbour
 * (`lines[floor(y * v / maxV)][floor(x * h / maxH)]`), so one sample per replicated block gives back the
 * subsampled plane exactly; it is then re-upsampled with libjpeg's triangle filter where libjpeg uses one
 * (2:1 horizontally and/or vertically) and left replicated otherwise (libjpeg's `int_upsample` replicates too).
 */
function upsampledComponent(interleaved: Uint8Array, c: number, width: number, height: number, header: JpegHeader): Uint8Array {
  const full = new Uint8Array(width * height);
  for (let i = 0; i < full.length; i++) full[i] = interleaved[3 * i + c]!; // jpeg-js writes 3 bytes a pixel, grey too
  const component = header.components[c]!;
  const ratio = samplingRatio(component, header.components);
  if (ratio === undefined) return full;
  const [hFactor, vFactor] = ratio;
  const maxH = hFactor * component.h;
  const maxV = vFactor * component.v;
  const dw = Math.ceil((width * component.h) / maxH);
  const dh = Math.ceil((height * component.v) / maxV);
  // libjpeg falls back to replication for h2v1/h2v2 planes of 2 columns or fewer.
  if (hFactor === 2 && dw <= 2) return full;
  const sub = new Uint8Array(dw * dh);
  for (let i = 0; i < dh; i++) {
    const row = i * vFactor * width;
    for (let j = 0; j < dw; j++) sub[i * dw + j] = full[row + j * hFactor]!;
  }
  return fancyUpsample({ width: dw, height: dh, data: sub }, hFactor, vFactor, width, height).data;
}

/** [h, v] upsampling factors of a component when libjpeg fancy-upsamples it (2:1 in one or both axes). */
function samplingRatio(component: JpegComponent, all: readonly JpegComponent[]): [1 | 2, 1 | 2] | undefined {
  const maxH = Math.max(...all.map((k) => k.h));
  const maxV = Math.max(...all.map((k) => k.v));
  const h = maxH === 2 * component.h ? 2 : maxH === component.h ? 1 : 0;
  const v = maxV === 2 * component.v ? 2 : maxV === component.v ? 1 : 0;
  if (h === 0 || v === 0 || (h === 1 && v === 1)) return undefined;
  return [h, v];
}

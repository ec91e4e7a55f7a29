import jpegJs from 'jpeg-js';
import { ImagingError } from '../imaging-error.js';
import { jpegIsYCbCr, readJpegHeader, type JpegComponent, type JpegHeader } from './jpeg-header.js';
import { ycbcrToRgbInto } from './jpeg-colour.js';
import { fancyUpsampleRow, type SamplePlane } from './jpeg-upsample.js';
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
  if (count === 1) {
    const grey = new Uint8Array(width * height);
    for (let i = 0, j = 0; i < grey.length; i++, j += 3) grey[i] = data[j]!; // jpeg-js writes 3 bytes a pixel, grey too
    return { width, height, channels: 1, data: grey };
  }
  // Row by row: each component's row (upsampled where libjpeg does), then colour conversion or interleaving,
  // without full-size intermediate planes.
  const sources = [0, 1, 2].map((c) => componentSource(data, c, width, height, header));
  const rows = [0, 1, 2].map(() => new Uint8Array(width));
  const ycc = jpegIsYCbCr(header);
  const rgb = new Uint8Array(3 * width * height);
  for (let y = 0; y < height; y++) {
    for (let c = 0; c < 3; c++) {
      const s = sources[c]!;
      const row = rows[c]!;
      if (s.plane === undefined) for (let x = 0, j = 3 * y * width + c; x < width; x++, j += 3) row[x] = data[j]!;
      else fancyUpsampleRow(s.plane, s.hFactor, s.vFactor, y, s.colsum, row, 0, width);
    }
    if (ycc) ycbcrToRgbInto(rows[0]!, rows[1]!, rows[2]!, width, rgb, 3 * y * width);
    else for (let x = 0, o = 3 * y * width; x < width; x++, o += 3) for (let c = 0; c < 3; c++) rgb[o + c] = rows[c]![x]!;
  }
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
 * Where component `c`'s full-size rows come from. jpeg-js (with `colorTransform: false`) returns every
 * component at full size with subsampled ones replicated by nearest neighbour
 * (`lines[floor(y * v / maxV)][floor(x * h / maxH)]`), so one sample per replicated block gives back the
 * subsampled plane exactly; it is then re-upsampled with libjpeg's triangle filter where libjpeg uses one
 * (2:1 horizontally and/or vertically): `plane` is set. Otherwise (`plane` undefined) the replicated samples
 * are used as they are (libjpeg's `int_upsample` replicates too).
 */
function componentSource(interleaved: Uint8Array, c: number, width: number, height: number, header: JpegHeader):
  { plane?: SamplePlane; hFactor: 1 | 2; vFactor: 1 | 2; colsum: Int32Array } {
  const component = header.components[c]!;
  const ratio = samplingRatio(component, header.components);
  const dw = ratio === undefined ? 0 : Math.ceil((width * component.h) / (ratio[0] * component.h));
  // libjpeg falls back to replication for h2v1/h2v2 planes of 2 columns or fewer.
  if (ratio === undefined || (ratio[0] === 2 && dw <= 2)) return { hFactor: 1, vFactor: 1, colsum: new Int32Array(0) };
  const [hFactor, vFactor] = ratio;
  const dh = Math.ceil((height * component.v) / (vFactor * component.v));
  const sub = new Uint8Array(dw * dh);
  for (let i = 0; i < dh; i++) {
    const row = i * vFactor * width;
    for (let j = 0; j < dw; j++) sub[i * dw + j] = interleaved[3 * (row + j * hFactor) + c]!;
  }
  return { plane: { width: dw, height: dh, data: sub }, hFactor, vFactor, colsum: new Int32Array(dw) };
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

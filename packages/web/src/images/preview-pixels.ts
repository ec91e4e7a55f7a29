/**
 * What the app draws: the stretched image (the planes the model sees) or a Lupton RGB composite, as RGBA
 * bytes for a canvas. FITS images are flipped so row 1 is at the bottom (astropy `origin='lower'`, ds9).
 */
import { dihedral, makeLuptonRgb, orderBands, SDSS_GRI_TO_RGB, stackChannels, toUint8, type Raster } from '@kenobi/imaging';
import type { ImagePreparation } from '../model/model-info.js';
import type { DecodedImage } from './decode-image-file.js';
import { stretchedPlanes } from './prepare-input.js';

/** How to show an image. @example `PREVIEW_MODES; // ['stretched', 'lupton']` */
export const PREVIEW_MODES = Object.freeze(['stretched', 'lupton'] as const);
/** One of {@link PREVIEW_MODES}. @example `const m: PreviewMode = 'lupton';` */
export type PreviewMode = (typeof PREVIEW_MODES)[number];

/** RGBA pixels, row 0 at the top, ready for `new ImageData(rgba, width, height)`. */
export interface PreviewPixels {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray;
}

/**
 * Renders a decoded image for display. `lupton` needs three bands (g, r, i → `makeLuptonRgb(i, r, g)`,
 * stretch 5, Q 8, astropy's defaults); otherwise the stretched planes are shown.
 *
 * @example
 * ```ts
 * const { width, height, rgba } = previewPixels(decoded, { config, interval: 'zscale', stretch: 'asinh' });
 * ctx.putImageData(new ImageData(rgba, width, height), 0, 0);
 * ```
 */
export function previewPixels(image: DecodedImage, p: ImagePreparation, mode: PreviewMode = 'stretched'): PreviewPixels {
  let rgb: Raster<Uint8Array>;
  if (image.kind === 'raster') {
    rgb = eightBit(image.raster);
  } else if (mode === 'lupton' && image.bands.length === 3) {
    const named = image.bandNames.length === 3 ? orderBands(image.bands, SDSS_GRI_TO_RGB.map((b) => image.bandNames.indexOf(b))) : [...image.bands];
    rgb = dihedral(makeLuptonRgb(named[0]!, named[1]!, named[2]!), 'flipV');
  } else {
    const planes = stretchedPlanes(image, p);
    rgb = dihedral(toUint8(planes.length === 1 ? planes[0]! : stackChannels(planes)), 'flipV');
  }
  return { width: rgb.width, height: rgb.height, rgba: toRgba(rgb) };
}

function eightBit(r: Raster): Raster<Uint8Array> {
  if (r.data instanceof Uint8Array) return r as Raster<Uint8Array>;
  if (r.data instanceof Uint8ClampedArray) return { ...r, data: new Uint8Array(r.data) };
  if (r.data instanceof Uint16Array) return { ...r, data: Uint8Array.from(r.data, (v) => Math.round(v / 257)) };
  return toUint8(r);
}

function toRgba(r: Raster<Uint8Array>): Uint8ClampedArray {
  const n = r.width * r.height;
  const out = new Uint8ClampedArray(n * 4);
  const c = r.channels;
  for (let i = 0; i < n; i++) {
    const s = i * c;
    const grey = c < 3;
    out[i * 4] = r.data[s]!;
    out[i * 4 + 1] = grey ? r.data[s]! : r.data[s + 1]!;
    out[i * 4 + 2] = grey ? r.data[s]! : r.data[s + 2]!;
    out[i * 4 + 3] = c === 4 ? r.data[s + 3]! : c === 2 ? r.data[s + 1]! : 255;
  }
  return out;
}

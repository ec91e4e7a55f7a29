/**
 * Bytes of one dropped file → pixels: a FITS image HDU as a float band (rows as stored: FITS row 1 first,
 * as numpy/astropy hand them to Python), or a PNG/JPEG as 8-bit pixels. Pure TypeScript: the same decoders
 * as in Node, so the browser feeds the model exactly what `kenobi predict` feeds it.
 */
import { openFits, toContiguous } from '@kenobi/fits';
import { decodeImage, sniffRasterFormat, type Raster } from '@kenobi/imaging';
import { WebError } from '../web-error.js';

/** A decoded image: float bands (FITS) or one integer raster (PNG/JPEG). */
export type DecodedImage =
  | { readonly kind: 'bands'; readonly bands: readonly Raster<Float32Array | Float64Array>[]; readonly bandNames: readonly string[] }
  | { readonly kind: 'raster'; readonly raster: Raster };

/**
 * The first image HDU of a FITS file as one band. Integer images become Float64Array (exact); NaN marks
 * BLANK pixels (the FITS standard's policy).
 *
 * @example
 * ```ts
 * const band = decodeFitsBand(bytes, 'M51.fits'); // { width: 512, height: 512, channels: 1, data: Float32Array }
 * ```
 */
export function decodeFitsBand(bytes: Uint8Array, name: string): Raster<Float32Array | Float64Array> {
  let image;
  try {
    image = openFits(bytes).readImage();
  } catch (e) {
    throw new WebError('web/images', `${name}: ${e instanceof Error ? e.message : String(e)}`, { cause: e, hint: 'in the browser, FITS files may be plain, gzip or tile-compressed (bzip2 needs Node)' });
  }
  const shape = image.data.shape;
  const plane = shape.length > 2 && shape.slice(0, -2).every((d) => d === 1);
  if (shape.length < 2 || (shape.length > 2 && !plane)) {
    throw new WebError('web/images', `${name}: HDU ${image.hdu.index} has shape [${shape.join(', ')}], not a 2-D image`, { hint: 'use `kenobi fits png --plane` in Node for cubes' });
  }
  const [height, width] = shape.slice(-2) as [number, number];
  const raw = toContiguous(image.data);
  const data = raw instanceof Float32Array || raw instanceof Float64Array ? raw : Float64Array.from(raw as ArrayLike<number | bigint>, Number);
  return { width, height, channels: 1, data };
}

/**
 * Decodes one image group's files (one FITS, three FITS bands, or one PNG/JPEG).
 * NOTE: PNG/JPEG go through @kenobi/imaging's decoders (fast-png; libjpeg-turbo in WebAssembly), not the
 * browser's canvas, whose colour management can change pixel values; the model must see the bytes Node sees.
 *
 * @example
 * ```ts
 * await decodeImageFiles([gBytes, rBytes, iBytes], ['g', 'r', 'i'], ['a_g.fits', 'a_r.fits', 'a_i.fits']);
 * // { kind: 'bands', bands: [g, r, i], bandNames: ['g', 'r', 'i'] }
 * ```
 */
export async function decodeImageFiles(contents: readonly Uint8Array[], bandNames: readonly string[], names: readonly string[]): Promise<DecodedImage> {
  const first = contents[0];
  if (!first) throw new WebError('web/images', 'no file to decode');
  if (contents.length === 1 && sniffRasterFormat(first) !== undefined) return { kind: 'raster', raster: await decodeImage(first) };
  const bands = contents.map((bytes, k) => decodeFitsBand(bytes, names[k] ?? `file ${k}`));
  const { width, height } = bands[0]!;
  const odd = bands.find((b) => b.width !== width || b.height !== height);
  if (odd) throw new WebError('web/images', `the bands of ${names.join(', ')} differ in size (${width}x${height} and ${odd.width}x${odd.height})`, { hint: 'drop cutouts of the same size' });
  return { kind: 'bands', bands, bandNames: bands.length === bandNames.length ? bandNames : [] };
}

/**
 * A decoded image → the model's input tensor through `prepareImage` of `@kenobi/features`, the very code
 * `kenobi extract` and `kenobi predict` run in Node (float bands through the interval and stretch, NaN → 0,
 * bands ordered SDSS i, r, g → R, G, B, then `toModelInput`), and the same stretched planes for display.
 */
import { isLuptonStretch, luptonComposite, parseLuptonStretch, prepareImage } from '@kenobi/features';
import { extractChannel, orderBands, parseInterval, parseStretch, SDSS_GRI_TO_RGB, stretchValues, type Raster } from '@kenobi/imaging';
import type { ImagePreparation } from '../model/model-info.js';
import type { DecodedImage } from './decode-image-file.js';

/** The interval and stretch a user chose in the app (override the model's). */
export interface DisplayChoice {
  readonly interval?: string;
  readonly stretch?: string;
}

/**
 * The stretched single-channel planes, in model channel order (values in [0, 1], NaN → 0). Also what the
 * app shows. With a `lupton` stretch: the three planes of the Lupton RGB composite the model sees, / 255.
 *
 * @example
 * ```ts
 * stretchedPlanes(decoded, { config, interval: 'zscale', stretch: 'asinh' }); // [R, G, B] or [grey]
 * ```
 */
export function stretchedPlanes(image: Extract<DecodedImage, { kind: 'bands' }>, p: ImagePreparation): Raster<Float32Array>[] {
  if (isLuptonStretch(p.stretch)) {
    const rgb = luptonComposite(orderBands(image.bands, bandOrderFor(image.bands.length, image.bandNames, p)), parseLuptonStretch(p.stretch));
    return [0, 1, 2].map((c) => {
      const plane = extractChannel(rgb, c);
      return { width: plane.width, height: plane.height, channels: 1, data: Float32Array.from(plane.data, (v) => v / 255) };
    });
  }
  const interval = parseInterval(p.interval ?? 'minmax');
  const stretch = parseStretch(p.stretch ?? 'linear');
  const stretched = image.bands.map((b) => {
    const v = stretchValues(b.data, interval, stretch);
    for (let i = 0; i < v.length; i++) if (Number.isNaN(v[i]!)) v[i] = 0;
    return { width: b.width, height: b.height, channels: 1, data: v };
  });
  if (stretched.length === 1) return stretched;
  return orderBands(stretched, bandOrderFor(stretched.length, image.bandNames, p)) as Raster<Float32Array>[];
}

/**
 * One decoded image → float32 NCHW input `[1, C, H, W]` for the model.
 *
 * @example
 * ```ts
 * const { data, dims } = prepareModelInput(decoded, info.preparation); // dims [1, 3, 64, 64]
 * ```
 */
export function prepareModelInput(image: DecodedImage, p: ImagePreparation): { data: Float32Array; dims: readonly number[] } {
  const pixels = image.kind === 'bands' ? image.bands : image.raster;
  const data = prepareImage(pixels, image.kind === 'bands' ? image.bandNames : [], { ...p, tta: 'none' });
  const [height, width] = p.config.inputSize;
  return { data, dims: [1, p.config.channels ?? p.config.mean.length, height, width] };
}

function bandOrderFor(count: number, bandNames: readonly string[], p: ImagePreparation): (string | number)[] {
  const names = bandNames.length === count ? bandNames : Array.from({ length: count }, (_, i) => String(i));
  const order = p.bandOrder ?? (['g', 'r', 'i'].every((b) => names.includes(b)) ? [...SDSS_GRI_TO_RGB] : names.map((_, i) => i));
  return order.map((k) => (typeof k === 'number' ? k : names.indexOf(k) >= 0 ? names.indexOf(k) : k));
}

/**
 * What turns one decoded image into model input: the model's preprocessing config (from the zoo, or given)
 * plus the astronomer's overrides (interval, stretch, band order) and test-time augmentation. Plain data, so
 * it travels to worker threads and into a feature store's `meta.json`. Pure TypeScript.
 */
import {
  orderBands, parseInterval, parseStretch, SDSS_GRI_TO_RGB, stackChannels, stretchValues, extractChannel, toModelInput,
  type PreprocessingConfig, type Raster,
} from '@kenobi/imaging';
import { FeaturesError } from '../features-error.js';
import { dihedralVariants, TTA_MODES, type TtaMode } from './dihedral-tta.js';
import { isLuptonStretch, luptonComposite, parseLuptonStretch } from './lupton-preprocessing.js';

/**
 * The full preprocessing of a feature-extraction run.
 *
 * @example
 * ```ts
 * const p: ImagePreprocessing = { config: entry.preprocessing, interval: 'zscale', stretch: 'asinh', bandOrder: ['i', 'r', 'g'], tta: 'none' };
 * ```
 */
export interface ImagePreprocessing {
  readonly config: PreprocessingConfig;
  /** Interval for float images (FITS, .npy), e.g. 'zscale', 'percentile:99.5' (default 'minmax'); applied
   * to integer images (PNG/JPEG) only when given. */
  readonly interval?: string;
  /** Stretch after the interval, e.g. 'asinh', 'log:1000' (default 'linear'); or a Lupton RGB composite of
   * three bands, `lupton` / `lupton:stretch=100,Q=8,minimum=0` (astropy `make_lupton_rgb`; the interval is
   * then not used: Lupton's `minimum` and `stretch` set the scale). */
  readonly stretch?: string;
  /** Which band becomes model channel k (RGB order), by band name or index. Default: SDSS (i, r, g) for
   * bands named g, r, i; else the bands in their own order. */
  readonly bandOrder?: readonly (string | number)[];
  readonly tta: TtaMode;
}

/**
 * Checks the overrides once, before any work, so a typo fails at the start of a run.
 *
 * @example
 * ```ts
 * checkImagePreprocessing({ config, stretch: 'asinh', tta: 'none' }); // ok
 * checkImagePreprocessing({ config, stretch: 'tan', tta: 'none' });   // throws imaging/invalid-argument
 * ```
 */
export function checkImagePreprocessing(p: ImagePreprocessing): void {
  if (p.interval !== undefined) parseInterval(p.interval);
  if (isLuptonStretch(p.stretch)) {
    parseLuptonStretch(p.stretch);
    if (p.interval !== undefined) throw new FeaturesError('features/bad-option', `the lupton stretch sets its own scale (minimum, stretch); drop the interval '${p.interval}'`);
  } else if (p.stretch !== undefined) parseStretch(p.stretch);
  if (!(TTA_MODES as readonly string[]).includes(p.tta)) throw new FeaturesError('features/bad-option', `tta must be one of ${TTA_MODES.join(', ')}, got '${String(p.tta)}'`);
  if (p.tta !== 'none' && p.config.inputSize[0] !== p.config.inputSize[1]) {
    throw new FeaturesError('features/bad-option', `dihedral TTA needs a square input, the model takes ${p.config.inputSize.join('x')}`);
  }
}

/**
 * Why a dataset of `bandNames` (a catalog's bands) cannot fill the model's channels, or undefined: with no
 * band order and no Lupton composite, the bands are the channels in their order (g, r, i among them: i, r, g
 * for a 3-channel model), so their count must be the model's (a catalog of g, r for a 3-channel model would
 * otherwise fail at its first image). Checked once, before any image is read.
 *
 * @example
 * ```ts
 * bandCountProblem(['g', 'r'], prep); // "2 bands (g, r) for a model of 3 channels: give a band order ..."
 * bandCountProblem(['g', 'r'], { ...prep, bandOrder: ['r', 'g', 'g'] }); // undefined
 * ```
 */
export function bandCountProblem(bandNames: readonly string[], p: ImagePreprocessing): string | undefined {
  const channels = p.config.channels ?? p.config.mean.length;
  if (bandNames.length < 2 || p.bandOrder !== undefined || isLuptonStretch(p.stretch)) return undefined;
  // the default order (prepareImage's): SDSS R = i, G = r, B = g when g, r, i are there, else the bands as they are
  if (bandOrderFor(bandNames.length, bandNames, p).length === channels) return undefined;
  const example = Array.from({ length: channels }, (_, k) => bandNames[Math.min(k, bandNames.length - 1)]!).join(',');
  return `${bandNames.length} bands (${bandNames.join(', ')}) for a model of ${channels} channel${channels === 1 ? '' : 's'}: `
    + `give a band order naming the band of each channel (--band-order ${example}, bandOrder in the API), or the bands the model takes (--bands)`;
}

/** How many model inputs one image becomes (8 with dihedral TTA). @example `variantCount({ tta: 'averaged' } as ImagePreprocessing); // 8` */
export function variantCount(p: Pick<ImagePreprocessing, 'tta'>): number {
  return p.tta === 'none' ? 1 : 8;
}

/**
 * One image (already decoded: a Raster, or one Raster per band) → its model input(s): `variantCount` ×
 * C × H × W float32 values, written into `into` when given (without test-time augmentation: a batch buffer
 * filled in place).
 *
 * @example
 * ```ts
 * prepareImage([gBand, rBand, iBand], ['g', 'r', 'i'], prep); // Float32Array(3 * 224 * 224), channels R=i, G=r, B=g
 * prepareImage([gBand, rBand, iBand], ['g', 'r', 'i'], { ...prep, stretch: 'lupton:stretch=100' }); // toModelInput(makeLuptonRgb(i, r, g, ...))
 * ```
 */
export function prepareImage(image: Raster | readonly Raster[], bandNames: readonly string[], p: ImagePreprocessing, into?: Float32Array): Float32Array {
  const planes = Array.isArray(image) ? (image as readonly Raster[]) : undefined;
  const single = planes ? undefined : (image as Raster);
  const isFloat = planes !== undefined || single!.data instanceof Float32Array || single!.data instanceof Float64Array;
  let raster: Raster;
  if (isLuptonStretch(p.stretch)) {
    const bands = planes ?? Array.from({ length: single!.channels }, (_, c) => extractChannel(single!, c));
    raster = luptonComposite(orderBands(bands, bandOrderFor(bands.length, bandNames, p)), parseLuptonStretch(p.stretch));
  } else if (isFloat || p.interval !== undefined || p.stretch !== undefined) {
    const bands = planes ?? Array.from({ length: single!.channels }, (_, c) => extractChannel(single!, c));
    const interval = parseInterval(p.interval ?? 'minmax');
    const stretch = parseStretch(p.stretch ?? 'linear');
    const stretched = bands.map((b) => {
      const v = stretchValues(b.data, interval, stretch);
      for (let i = 0; i < v.length; i++) if (Number.isNaN(v[i]!)) v[i] = 0;
      return { width: b.width, height: b.height, channels: 1, data: v } as Raster;
    });
    raster = stretched.length === 1 ? stretched[0]! : stackChannels(orderBands(stretched, bandOrderFor(stretched.length, bandNames, p)));
  } else {
    raster = single!;
    if (p.bandOrder && raster.channels > 1) {
      raster = stackChannels(orderBands(Array.from({ length: raster.channels }, (_, c) => extractChannel(raster, c)), p.bandOrder.map(Number)));
    }
  }
  if (p.tta === 'none') return toModelInput(raster, p.config, into).data;
  const { data, dims } = toModelInput(raster, p.config);
  const variants = dihedralVariants(data, dims[1], dims[2], dims[3]);
  if (into === undefined) return variants;
  into.set(variants);
  return into.subarray(0, variants.length);
}

function bandOrderFor(count: number, bandNames: readonly string[], p: ImagePreprocessing): (string | number)[] {
  const names = bandNames.length === count ? bandNames : Array.from({ length: count }, (_, i) => String(i));
  const order = p.bandOrder ?? (['g', 'r', 'i'].every((b) => names.includes(b)) ? [...SDSS_GRI_TO_RGB] : names.map((_, i) => i));
  return order.map((k) => (typeof k === 'number' ? k : names.indexOf(k) >= 0 ? names.indexOf(k) : k));
}

/**
 * The Lupton et al. (2004) asinh colour composite as a preprocessing "stretch": three float bands (g, r, i)
 * → one 8-bit RGB image (`makeLuptonRgb(i, r, g)` by default) → the model. Written as a stretch text
 * (`lupton:stretch=100,Q=8,minimum=0`) so it travels through feature-store metadata, `kenobi extract
 * --stretch`, and exported models (`kenobi.export` → `image.stretch`) to `kenobi predict` and the web app
 * unchanged. Pure TypeScript.
 */
import { makeLuptonRgb, type LuptonOptions, type Raster } from '@kenobi/imaging';
import { FeaturesError } from '../features-error.js';

/** Lupton parameters with every value set. */
export interface LuptonParameters {
  /** Black level subtracted from every band (0 for sky-subtracted images). */
  readonly minimum: number;
  /** Intensity (mean of the three bands, after `minimum`) that maps to about 38% grey at Q = 8; a tenth of it maps to 10%. */
  readonly stretch: number;
  /** Asinh softening: how fast bright pixels are compressed (astropy's default 8). */
  readonly Q: number;
}

/**
 * astropy's `make_lupton_rgb` defaults (`minimum=0, stretch=5, Q=8`), what a bare `lupton` means.
 *
 * @example
 * ```ts
 * LUPTON_DEFAULTS.Q; // 8
 * ```
 */
export const LUPTON_DEFAULTS: LuptonParameters = Object.freeze({ minimum: 0, stretch: 5, Q: 8 });

const KEYS = Object.freeze(['stretch', 'Q', 'minimum'] as const);
/** {@link luptonStretchFromNoise}: stretch = this × the sky noise. */
const NOISE_MULTIPLE = 30;

/**
 * True when a stretch text asks for the Lupton composite (`lupton` or `lupton:...`).
 *
 * @example
 * ```ts
 * isLuptonStretch('lupton:stretch=100'); // true
 * isLuptonStretch('asinh');              // false
 * ```
 */
export function isLuptonStretch(spec: string | undefined): spec is string {
  return spec !== undefined && (spec.trim() === 'lupton' || spec.trim().startsWith('lupton:'));
}

/**
 * Reads a Lupton stretch text: `lupton` (astropy's defaults) or `lupton:stretch=100,Q=8,minimum=0` (any
 * subset, any order). Throws `features/bad-option` naming what it could not read.
 *
 * @example
 * ```ts
 * parseLuptonStretch('lupton:stretch=100'); // { minimum: 0, stretch: 100, Q: 8 }
 * parseLuptonStretch('lupton:Q=-1');        // throws features/bad-option
 * ```
 */
export function parseLuptonStretch(spec: string): LuptonParameters {
  if (!isLuptonStretch(spec)) throw bad(spec, 'it does not start with lupton');
  const body = spec.trim().slice('lupton'.length).replace(/^:/, '');
  const out: Record<string, number> = { ...LUPTON_DEFAULTS };
  for (const part of body.split(',').map((s) => s.trim()).filter((s) => s.length > 0)) {
    const [key, value, extra] = part.split('=').map((s) => s.trim());
    if (!(KEYS as readonly (string | undefined)[]).includes(key) || value === undefined || extra !== undefined) throw bad(spec, `'${part}' is not one of ${KEYS.map((k) => `${k}=<number>`).join(', ')}`);
    const v = Number(value);
    if (value === '' || !Number.isFinite(v)) throw bad(spec, `${key} must be a number, got '${value}'`);
    out[key!] = v;
  }
  if (!(out.stretch! > 0)) throw bad(spec, 'stretch must be > 0');
  if (!(out.Q! > 0)) throw bad(spec, 'Q must be > 0');
  return Object.freeze({ minimum: out.minimum!, stretch: out.stretch!, Q: out.Q! });
}

/**
 * The stretch text for Lupton parameters, every value written out (what stores and models record).
 *
 * @example
 * ```ts
 * formatLuptonStretch({ stretch: 100 }); // 'lupton:stretch=100,Q=8,minimum=0'
 * ```
 */
export function formatLuptonStretch(p: Partial<LuptonParameters> = {}): string {
  const v = { ...LUPTON_DEFAULTS, ...p };
  return `lupton:stretch=${v.stretch},Q=${v.Q},minimum=${v.minimum}`;
}

/**
 * The Lupton composite of three single-channel bands given in output order (red, green, blue), as 8-bit RGB.
 * Throws `features/bad-option` unless there are exactly three bands.
 *
 * @example
 * ```ts
 * luptonComposite([iBand, rBand, gBand], parseLuptonStretch('lupton:stretch=100')); // Raster<Uint8Array>, 3 channels
 * ```
 */
export function luptonComposite(bandsRgb: readonly Raster[], p: LuptonParameters): Raster<Uint8Array> {
  if (bandsRgb.length !== 3) {
    throw new FeaturesError('features/bad-option', `the lupton stretch makes a colour image from three bands, this image has ${bandsRgb.length}`, { hint: 'use it on g,r,i (or any three) bands, or pick another stretch such as asinh' });
  }
  const options: LuptonOptions = { minimum: p.minimum, stretch: p.stretch, Q: p.Q };
  return makeLuptonRgb(bandsRgb[0]!, bandsRgb[1]!, bandsRgb[2]!, options);
}

/**
 * A Lupton `stretch` for sky-subtracted images in counts, from a sample of them: 30 × the median (over the
 * images) of the robust noise σ of the mean intensity `(R + G + B) / 3` (1.4826 × its median absolute
 * deviation), to two significant digits. Lupton maps intensity `stretch / 10` to 10% grey and `stretch` to
 * about 38% at Q = 8, so the sky noise stays near black (1σ ≈ 3%), a 10σ arc reaches about 25%, and bright
 * cores compress instead of saturating. Measured on the simulated lens set (DenseNet-121 features, 5-fold MLP,
 * 300 cutouts): out-of-fold AUC 0.68 / 0.73 / 0.745 / 0.74 for 3σ / 10σ / 30σ / 100σ; brighter noise hurts.
 * Each sample is three bands in output order.
 *
 * @example
 * ```ts
 * luptonStretchFromNoise(samples.map((s) => [s.i, s.r, s.g])); // e.g. 330 for the simulated DES-like cutouts
 * ```
 */
export function luptonStretchFromNoise(samples: readonly (readonly Raster[])[]): number {
  const sigmas: number[] = [];
  for (const bands of samples) {
    if (bands.length !== 3) continue;
    const n = bands[0]!.width * bands[0]!.height;
    const intensity = new Float64Array(n);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const v = (bands[0]!.data[i]! + bands[1]!.data[i]! + bands[2]!.data[i]!) / 3;
      if (Number.isFinite(v)) intensity[k++] = v;
    }
    if (k < 2) continue;
    const values = intensity.subarray(0, k);
    const med = median(values);
    const sigma = 1.4826 * median(values.map((v) => Math.abs(v - med)));
    if (sigma > 0) sigmas.push(sigma);
  }
  if (sigmas.length === 0) {
    throw new FeaturesError('features/bad-option', 'cannot choose a Lupton stretch: no sample image has noise (three finite bands with spread)', { hint: 'give the stretch yourself, e.g. --stretch lupton:stretch=300' });
  }
  const s = NOISE_MULTIPLE * median(Float64Array.from(sigmas));
  return Number(s.toPrecision(2));
}

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function bad(spec: string, why: string): FeaturesError {
  return new FeaturesError('features/bad-option', `cannot read stretch '${spec}': ${why}`, { hint: 'write lupton or lupton:stretch=100,Q=8,minimum=0 (astropy make_lupton_rgb parameters)' });
}

/**
 * A scene: light components (Sérsic, optionally with spiral arms), each with a magnitude per band, some of
 * them behind an optional SIE + shear lens. `renderScene` turns it into an observed multi-band cutout:
 * every component is integrated over pixels once at unit flux (adaptive supersampling; lensed ones by ray
 * shooting through the lens), then each band sums the components at their band fluxes, convolves with that
 * band's PSF on a grid padded by the PSF radius (so light from just outside the cutout spills in), crops, and
 * adds sky Poisson noise.
 */
import type { SeededRandom } from '@kenobi/core';
import type { Observation } from './observation.js';
import { skyCountsPerPixel } from './observation.js';
import type { Band } from './photometry.js';
import { magnitudeToCounts } from './photometry.js';
import { padGrid, pixelGrid } from './pixel-grid.js';
import { addPoissonNoise } from './poisson-noise.js';
import { convolvePsf, convolveSeparableCropped } from './convolve.js';
import { gaussianKernel1d, psfRadiusPixels } from './psf.js';
import type { RenderOptions } from './render-surface-brightness.js';
import { renderSurfaceBrightness } from './render-surface-brightness.js';
import type { SersicProfile, SurfaceBrightness } from './sersic-profile.js';
import { sersicOfLogRadius, sersicSurfaceBrightnessTabulated } from './sersic-table.js';
import type { SieLens } from './sie-lens.js';
import { sieDeflection, sieDeflectionBound } from './sie-lens.js';
import { renderLensedSurfaceBrightness, sersicSupportRadius } from './render-lensed.js';
import type { SpiralArms } from './spiral-arms.js';
import { spiralDiscSurfaceBrightness } from './spiral-arms.js';
import { SimError } from './sim-error.js';

/**
 * The shape of a Sérsic component; its flux comes from the component's magnitudes.
 *
 * @example
 * ```ts
 * const shape: SersicShape = { x: 0, y: 0, re: 0.8, n: 4, q: 0.7, angle: 30 };
 * ```
 */
export type SersicShape = Omit<SersicProfile, 'flux'>;

/**
 * One light component of a scene.
 *
 * @example
 * ```ts
 * const c: SceneComponent = { name: 'source', shape, magnitudes: { g: 22.3, r: 22, i: 21.9 }, lensed: true };
 * ```
 */
export interface SceneComponent {
  /** A name for the catalog and debugging: 'lens-bulge', 'source', 'companion', … */
  readonly name: string;
  readonly shape: SersicShape;
  /** Optional spiral arms (meant for discs). */
  readonly spiral?: SpiralArms;
  /** Total (unlensed) AB magnitude per band. */
  readonly magnitudes: Readonly<Record<Band, number>>;
  /** True when the component lies behind the scene's lens (a source). */
  readonly lensed?: boolean;
}

/**
 * Everything in one cutout.
 *
 * @example
 * ```ts
 * const scene: Scene = { lens, components: [lensGalaxy, source] };
 * ```
 */
export interface Scene {
  readonly components: readonly SceneComponent[];
  readonly lens?: SieLens;
}

/**
 * What `renderScene` returns.
 *
 * @example
 * ```ts
 * const { data, fluxRatio } = renderScene(scene, 64, 64, observation(), rng); fluxRatio[1]; // the source's magnification
 * ```
 */
export interface RenderedScene {
  /** Float32 [bands, height, width], counts per pixel, sky-subtracted. */
  readonly data: Float32Array;
  readonly bands: readonly Band[];
  readonly width: number;
  readonly height: number;
  /** Per component: lensed (or plain) flux ÷ intrinsic flux inside the padded cutout, before the PSF. */
  readonly fluxRatio: readonly number[];
}

/**
 * Options of {@link renderScene}.
 *
 * @example
 * ```ts
 * renderScene(scene, 64, 64, obs, rng, { sampling: { supersample: 3 }, lensedSampling: { tolerance: 1e-3 } });
 * ```
 */
export interface RenderSceneOptions {
  /** Sampling of unlensed components (default adaptive, base 1). */
  readonly sampling?: RenderOptions;
  /** Refinement of lensed components (ray shooting with footprint culling, see `renderLensedSurfaceBrightness`). */
  readonly lensedSampling?: { readonly tolerance?: number; readonly maxDepth?: number };
  /**
   * Where a Gaussian PSF's kernel is cut, in σ (default 3: the kernel, renormalised, then leaves ≤ 0.5% of
   * the light out of its wings and moves pixels by < 0.2% of the peak, far below the noise; 4 is
   * `psfRadiusPixels`' radius). Smaller is faster: the convolution costs ∝ the radius.
   */
  readonly psfSigmas?: number;
}

/**
 * Renders and observes a scene. `rng` drives the noise (pass none for `obs.noise === false`).
 *
 * @example
 * ```ts
 * const scene: Scene = {
 *   lens: { thetaE: 1.5, q: 0.8, angle: 30, x: 0, y: 0, gamma1: 0.02, gamma2: 0 },
 *   components: [
 *     { name: 'lens', shape: { x: 0, y: 0, re: 1, n: 4, q: 0.8, angle: 30 }, magnitudes: { g: 20.5, r: 19, i: 18.5 } },
 *     { name: 'source', shape: { x: 0.1, y: 0.05, re: 0.2, n: 1, q: 0.7, angle: 0 }, magnitudes: { g: 22.3, r: 22, i: 21.9 }, lensed: true },
 *   ],
 * };
 * const { data } = renderScene(scene, 64, 64, observation(), new SeededRandom(1));
 * data.length; // 3 * 64 * 64
 * ```
 */
export function renderScene(scene: Scene, width: number, height: number, obs: Observation, rng?: SeededRandom, options: RenderSceneOptions = {}): RenderedScene {
  const grid = pixelGrid(width, height, obs.pixelScale);
  if (obs.noise && !rng) throw new SimError('sim/bad-parameter', 'renderScene: noise is on but no SeededRandom was given', { hint: 'pass an rng, or observation({ noise: false })' });
  let margin = 0;
  // Light from up to 1.5 FWHM outside the cutout is blurred into it (beyond that, < 0.1% of a PSF's light
  // for a Gaussian and ~1% for a Moffat with β = 3, spread over the border).
  for (const band of obs.bands) {
    const psf = obs.psf[band];
    margin = Math.max(margin, Math.min(psfRadiusPixels(psf, obs.pixelScale), Math.ceil((1.5 * psf.fwhm) / obs.pixelScale)));
  }
  const padded = padGrid(grid, margin);
  const deflection = scene.lens ? sieDeflection(scene.lens) : undefined;
  const fluxRatio: number[] = [];
  const pw = padded.width;
  const nb = obs.bands.length;
  // One padded image per band, summed straight from each component's map while it is hot in cache.
  const images = bandImages(nb, pw * padded.height);
  for (const c of scene.components) {
    // NOTE: the tabulated profile (relative error < 1e-5, one log per sample instead of a log and two exps)
    // is ~2× cheaper; rendered fluxes move by < 1e-5 (docs/benchmarks/sim.md).
    const profile = { ...c.shape, flux: 1 };
    const plain = sersicSurfaceBrightnessTabulated(profile);
    const sb: SurfaceBrightness = c.spiral ? spiralDiscSurfaceBrightness(profile, c.spiral, sersicOfLogRadius(profile)) : plain;
    const cos = Math.cos((c.shape.angle * Math.PI) / 180), sin = Math.sin((c.shape.angle * Math.PI) / 180);
    const support = {
      x: c.shape.x, y: c.shape.y, radius: sersicSupportRadius(c.shape), scale: c.shape.re * c.shape.q,
      radialProfile: (r: number) => plain(c.shape.x + r * cos, c.shape.y + r * sin),
    };
    const map = c.lensed === true && deflection !== undefined
      ? renderLensedSurfaceBrightness(sb, support, deflection, padded, { tolerance: 1e-2, maxDepth: 2, bound: sieDeflectionBound(scene.lens!), ...options.lensedSampling })
      : renderSurfaceBrightness(sb, padded, {
        cusps: [c.shape],
        support,
        // NOTE: 1e-2 and depth 2 (not the renderer's 1e-3 / 3) change lensed and total fluxes by < 0.3% on
        // the mock set (far below the sky noise) and make the simulator ~1.6× faster.
        tolerance: 1e-2,
        maxDepth: 2,
        // NOTE: interpolating smooth base cells (curvature term ≤ 1e-4 of the peak) skips ~half the profile
        // evaluations; vs a fine reference the errors are no larger than with every cell sampled
        // (docs/benchmarks/sim.md).
        interpolateSmooth: 1e-4,
        ...options.sampling,
      });
    let sum = 0;
    let lo = map.length, hi = -1;
    for (let k = 0; k < map.length; k++) {
      const v = map[k]!;
      if (v !== 0) { sum += v; if (k < lo) lo = k; hi = k; }
    }
    fluxRatio.push(sum);
    for (let b = 0; b < nb; b++) {
      const counts = magnitudeToCounts(c.magnitudes[obs.bands[b]!], obs.zeroPoint);
      const image = images[b]!;
      for (let k = lo; k <= hi; k++) image[k]! += counts * map[k]!;
    }
  }
  const data = new Float32Array(nb * width * height);
  obs.bands.forEach((band, b) => {
    const image = images[b]!;
    const out = data.subarray(b * width * height, (b + 1) * width * height);
    const psf = obs.psf[band];
    if (psf.kind === 'gaussian') {
      // Blur only what the crop keeps (the padded border is needed as input, not as output).
      convolveSeparableCropped(image, pw, padded.height, gaussianKernel1d(psf.fwhm, obs.pixelScale, options.psfSigmas ?? 3), margin, margin, width, height, out);
    } else {
      const seen = convolvePsf(image, pw, padded.height, psf, obs.pixelScale);
      for (let i = 0; i < height; i++) {
        for (let j = 0; j < width; j++) out[i * width + j] = seen[(i + margin) * pw + j + margin]!;
      }
    }
    if (obs.noise && rng) addPoissonNoise(out, skyCountsPerPixel(obs, band), rng);
  });
  return { data, bands: obs.bands, width, height, fluxRatio };
}

// Padded per-band images of `renderScene`, kept between calls (zeroed on each use).
const imagePool: Float64Array[] = [];
function bandImages(bands: number, length: number): Float64Array[] {
  const out: Float64Array[] = [];
  for (let b = 0; b < bands; b++) {
    if (!imagePool[b] || imagePool[b]!.length !== length) imagePool[b] = new Float64Array(length);
    out.push(imagePool[b]!.fill(0));
  }
  return out;
}

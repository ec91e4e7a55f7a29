/**
 * The mock lens-finding data set: cutout i is drawn from its own seeded stream (seed, i), so a cutout does
 * not depend on how many came before it or in what order they were made, and the same seed always gives the
 * same bytes.
 */
import { SeededRandom, throttleProgress } from '@kenobi/core';
import type { ProgressCallback } from '@kenobi/core';
import type { Observation } from './observation.js';
import { observation } from './observation.js';
import type { Band } from './photometry.js';
import type { RenderSceneOptions } from './scene.js';
import { renderScene } from './scene.js';
import type { SceneKind } from './scene-priors.js';
import { drawLensScene, drawNonLensScene } from './scene-priors.js';
import { requireInRange } from './sim-error.js';

/**
 * Labels of the classification task.
 *
 * @example
 * ```ts
 * LENS_LABELS.indexOf(cutout.label); // 0 non-lens, 1 lens: a class index
 * ```
 */
export const LENS_LABELS = Object.freeze(['non-lens', 'lens'] as const);
/**
 * One of {@link LENS_LABELS}.
 *
 * @example
 * ```ts
 * const label: LensLabel = 'lens';
 * ```
 */
export type LensLabel = (typeof LENS_LABELS)[number];

/**
 * Options of the lens simulator.
 *
 * @example
 * ```ts
 * const options: SimulateLensesOptions = { size: 64, seed: 42, lensFraction: 0.3 };
 * ```
 */
export interface SimulateLensesOptions {
  /** Cutout side in pixels (default 64). */
  readonly size?: number;
  /** Seed of the whole set (default 0). */
  readonly seed?: number;
  /** Probability that a cutout is a lens (default 0.5). */
  readonly lensFraction?: number;
  /** Observing conditions (default: DES-like g, r, i; see `observation`). */
  readonly observation?: Observation;
  /** Rendering accuracy (defaults are adaptive and accurate to well under 1% in flux). */
  readonly render?: RenderSceneOptions;
}

/**
 * One simulated cutout with its truth.
 *
 * @example
 * ```ts
 * const c: SimulatedCutout = simulateLensCutout(0, { seed: 1 }); c.data.length; // 3 * 64 * 64
 * ```
 */
export interface SimulatedCutout {
  /** Index in the set (0-based). */
  readonly index: number;
  readonly label: LensLabel;
  readonly kind: SceneKind;
  /** Float32 [bands, size, size], sky-subtracted counts. */
  readonly data: Float32Array;
  readonly bands: readonly Band[];
  readonly size: number;
  /** Einstein radius, arcsec (0 for non-lenses). */
  readonly thetaE: number;
  /** Unlensed source magnitude per band (NaN for non-lenses). */
  readonly sourceMagnitude: Readonly<Record<Band, number>>;
  /** Total magnitude of the central galaxy per band. */
  readonly lensMagnitude: Readonly<Record<Band, number>>;
  /** Lensed ÷ unlensed source flux inside the cutout (NaN for non-lenses). */
  readonly magnification: number;
  /** Number of unlensed blue companions. */
  readonly companions: number;
}

/**
 * Simulates cutout `index` of the set described by `options`.
 *
 * @example
 * ```ts
 * const c = simulateLensCutout(7, { size: 64, seed: 1 });
 * c.data.length; // 3 * 64 * 64
 * c.label;       // 'lens' or 'non-lens'
 * ```
 */
export function simulateLensCutout(index: number, options: SimulateLensesOptions = {}): SimulatedCutout {
  const size = options.size ?? 64;
  const lensFraction = options.lensFraction ?? 0.5;
  requireInRange('lens fraction', lensFraction, 0, 1);
  const obs = options.observation ?? observation();
  const rng = new SeededRandom(cutoutSeed(options.seed ?? 0, index));
  const isLens = rng.uniform() < lensFraction;
  const drawn = isLens ? drawLensScene(rng) : drawNonLensScene(rng);
  const noiseRng = rng.fork();
  const rendered = renderScene(drawn.scene, size, size, obs, noiseRng, options.render);
  const comps = drawn.scene.components;
  const lensMagnitude = {} as Record<Band, number>;
  const sourceMagnitude = {} as Record<Band, number>;
  for (const band of ['g', 'r', 'i'] as const) {
    let flux = 0;
    for (const k of drawn.mainComponents) flux += Math.pow(10, -0.4 * comps[k]!.magnitudes[band]);
    lensMagnitude[band] = -2.5 * Math.log10(flux);
    sourceMagnitude[band] = drawn.sourceComponent >= 0 ? comps[drawn.sourceComponent]!.magnitudes[band] : NaN;
  }
  return {
    index,
    label: isLens ? 'lens' : 'non-lens',
    kind: drawn.kind,
    data: rendered.data,
    bands: obs.bands,
    size,
    thetaE: drawn.thetaE,
    sourceMagnitude,
    lensMagnitude,
    magnification: drawn.sourceComponent >= 0 ? rendered.fluxRatio[drawn.sourceComponent]! : NaN,
    companions: drawn.companions,
  };
}

/**
 * Simulates cutouts 0 … n−1 lazily, reporting progress ('simulate', images).
 *
 * @example
 * ```ts
 * for (const c of simulateLensCutouts(100, { seed: 42 }, (e) => console.error(e.done))) use(c.data);
 * ```
 */
export function* simulateLensCutouts(n: number, options: SimulateLensesOptions = {}, onProgress?: ProgressCallback): Generator<SimulatedCutout> {
  requireInRange('number of cutouts', n, 0, 1e9);
  const report = throttleProgress(onProgress);
  for (let i = 0; i < n; i++) {
    yield simulateLensCutout(i, options);
    report({ phase: 'simulate', done: i + 1, total: n, unit: 'images' });
  }
}

/**
 * Simulates n cutouts into one Float32 batch [n, bands, size, size] (ready for a CNN) plus their truth.
 *
 * @example
 * ```ts
 * const { data, cutouts } = simulateLensBatch(32, { size: 64, seed: 5 });
 * data.length; // 32 * 3 * 64 * 64
 * cutouts.filter((c) => c.label === 'lens').length; // about 16
 * ```
 */
export function simulateLensBatch(n: number, options: SimulateLensesOptions = {}, onProgress?: ProgressCallback): { data: Float32Array; cutouts: Omit<SimulatedCutout, 'data'>[] } {
  const size = options.size ?? 64;
  const bands = (options.observation ?? observation()).bands.length;
  const per = bands * size * size;
  const data = new Float32Array(n * per);
  const cutouts: Omit<SimulatedCutout, 'data'>[] = [];
  for (const c of simulateLensCutouts(n, options, onProgress)) {
    data.set(c.data, c.index * per);
    const { data: _data, ...truth } = c;
    cutouts.push(truth);
  }
  return { data, cutouts };
}

/**
 * The seed of cutout `index` in a set seeded with `seed` (a 32-bit mix of both).
 *
 * @example
 * ```ts
 * cutoutSeed(42, 0) !== cutoutSeed(42, 1); // true
 * ```
 */
export function cutoutSeed(seed: number, index: number): number {
  let h = Math.imul((seed >>> 0) ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}

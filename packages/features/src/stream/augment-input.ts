/**
 * Seeded augmentation of one prepared model input (C × H × W float32): the generator of each image is
 * derived from (seed, epoch, index) alone, so an image gets the same transform whichever batch, worker or
 * resumed run reads it. Pure.
 */
import { SeededRandom } from '@kenobi/core';
import { applyAugmentation, DIHEDRAL_TRANSFORMS, dihedral, drawAugmentation, type Raster } from '@kenobi/imaging';
import { FeaturesError } from '../features-error.js';
import { augments, type AugmentSpec } from './augment-spec.js';

function mix(h: number, v: number): number {
  let z = (h ^ Math.imul(v >>> 0, 0x85ebca77)) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x2c1b3c6d);
  z = Math.imul(z ^ (z >>> 12), 0x297a2d39);
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * The generator of image `index` in epoch `epoch` of a run seeded `seed`.
 *
 * @example
 * ```ts
 * itemRandom(7, 3, 1042).uniform(); // the same number on every run, in any thread
 * ```
 */
export function itemRandom(seed: number, epoch: number, index: number): SeededRandom {
  return new SeededRandom(mix(mix(mix(0x61756731, seed), epoch), index));
}

/**
 * Writes the augmented `input` ([c, h, w] float32, channel-major) into `out` (same size; may not alias
 * `input`). Draws, in order: the dihedral transform (when on: `rng.int(8)` into `DIHEDRAL_TRANSFORMS`), then
 * Keras's parameters with `drawAugmentation` (all seven draws, used or not). Interpolation and fill are
 * `applyAugmentation`'s (bilinear; `fillMode` default nearest). NOTE: the transform runs on the prepared
 * (scaled and normalised) input, after preprocessing; Keras's generator transforms before its
 * `preprocessing_function`. The two agree for the geometric part and for fill modes other than `constant`.
 *
 * @example
 * ```ts
 * augmentInput(x, [3, 64, 64], parseAugment('dihedral'), itemRandom(seed, epoch, i), out);
 * ```
 */
export function augmentInput(input: Float32Array, dims: readonly [number, number, number], spec: AugmentSpec, rng: SeededRandom, out: Float32Array): void {
  const [c, h, w] = dims;
  const plane = h * w;
  if (input.length !== c * plane || out.length !== c * plane) throw new FeaturesError('features/bad-option', `augmentInput: ${input.length} → ${out.length} values for a ${c}×${h}×${w} input`);
  if (!augments(spec)) {
    out.set(input);
    return;
  }
  if (spec.dihedral && h !== w) throw new FeaturesError('features/bad-option', `dihedral augmentation needs a square input, got ${h}×${w}`);
  let raster: Raster<Float32Array> = { width: w, height: h, channels: c, data: new Float32Array(c * plane) };
  for (let ch = 0; ch < c; ch++) for (let p = 0; p < plane; p++) raster.data[p * c + ch] = input[ch * plane + p]!;
  if (spec.dihedral) {
    const t = DIHEDRAL_TRANSFORMS[rng.int(DIHEDRAL_TRANSFORMS.length)]!;
    if (t !== 'identity') raster = dihedral(raster, t);
  }
  const k = spec.keras;
  const draw = drawAugmentation(k, w, h, rng);
  raster = applyAugmentation(raster, draw, { fillMode: k.fillMode ?? 'nearest', cval: k.cval ?? 0 });
  for (let ch = 0; ch < c; ch++) for (let p = 0; p < plane; p++) out[ch * plane + p] = raster.data[p * c + ch]!;
}

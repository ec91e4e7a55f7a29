/**
 * Which augmentations a frozen-trunk cache can hold. The dihedral group D4 (the 8 flips and quarter turns of
 * a square) is finite: the trunk's output for each of the 8 variants of an image is computed once and the
 * step picks the variant its seeded draw names. Rotations by any angle, shifts and zooms draw from a
 * continuum: the trunk must run again on every step (recompute mode). Pure.
 */
import { SeededRandom } from '@kenobi/core';
import { augments, itemRandom, type AugmentSpec } from '@kenobi/features';
import { applyAugmentation, DIHEDRAL_TRANSFORMS, dihedral, drawAugmentation, type Raster } from '@kenobi/imaging';

/**
 * Where the trunk's output comes from: a cache filled once (in memory, or a feature store on disk), or the
 * trunk run on every step.
 *
 * @example
 * ```ts
 * TRUNK_MODES; // ['memory', 'disk', 'recompute']
 * ```
 */
export const TRUNK_MODES = Object.freeze(['memory', 'disk', 'recompute'] as const);
/** One of {@link TRUNK_MODES}. @example `const m: TrunkMode = 'disk';` */
export type TrunkMode = (typeof TRUNK_MODES)[number];

/**
 * True when every image the spec can produce is one of the 8 dihedral variants of the prepared input
 * (`dihedral`, `flip`, or none), so a cache of those variants replaces the trunk.
 *
 * @example
 * ```ts
 * cacheableAugment(parseAugment('dihedral,flip')); // true
 * cacheableAugment(parseAugment('dihedral,rotate:30')); // false
 * ```
 */
export function cacheableAugment(spec: AugmentSpec): boolean {
  const k = spec.keras;
  return !k.rotationRange && !k.widthShiftRange && !k.heightShiftRange && k.zoomRange === undefined;
}

/**
 * Why the run caches or recomputes (for the progress line), `undefined` reason parts left out.
 *
 * @example
 * ```ts
 * augmentReason(parseAugment('rotate:30,shift')); // 'random rotate, shift cannot be cached: the trunk runs on every step'
 * ```
 */
export function augmentReason(spec: AugmentSpec): string {
  if (!augments(spec)) return 'no augmentation: one trunk output per image';
  if (cacheableAugment(spec)) return `${spec.dihedral ? 'dihedral' : 'flip'} augmentation: the 8 dihedral variants of each image are cached`;
  const k = spec.keras;
  const random = [k.rotationRange ? 'rotate' : '', k.widthShiftRange || k.heightShiftRange ? 'shift' : '', k.zoomRange !== undefined ? 'zoom' : ''].filter((w) => w);
  return `random ${random.join(', ')} cannot be cached: the trunk runs on every step`;
}

/**
 * How many variants of each image a cache holds for `spec`: 8 (dihedral or flips), else 1.
 *
 * @example
 * ```ts
 * cachedVariants(parseAugment('none')); // 1
 * ```
 */
export function cachedVariants(spec: AugmentSpec): 1 | 8 {
  return augments(spec) && cacheableAugment(spec) ? 8 : 1;
}

/** Index into DIHEDRAL_TRANSFORMS of every (dihedral draw, flipH, flipV) composition, found on a probe image. */
const COMPOSITION = ((): Int8Array => {
  const probe: Raster<Float32Array> = { width: 3, height: 3, channels: 1, data: Float32Array.from({ length: 9 }, (_, i) => i) };
  const key = (r: Raster<Float32Array>): string => Array.from(r.data).join();
  const index = new Map(DIHEDRAL_TRANSFORMS.map((t, i) => [key(dihedral(probe, t)), i]));
  const out = new Int8Array(8 * 4);
  DIHEDRAL_TRANSFORMS.forEach((t, i) => {
    for (let f = 0; f < 4; f++) {
      const draw = { theta: 0, rowShift: 0, colShift: 0, zoomRow: 1, zoomCol: 1, flipH: (f & 1) === 1, flipV: (f & 2) === 2 };
      out[i * 4 + f] = index.get(key(applyAugmentation(dihedral(probe, t), draw)))!;
    }
  });
  return out;
})();

/**
 * The cached variant (index into `DIHEDRAL_TRANSFORMS`) that training image `item` gets in `epoch` of a run
 * seeded `seed`: the same draws, in the same order, as `@kenobi/features`' `augmentInput` (the dihedral
 * transform, then Keras's parameters with its flips), so the cache path and the recompute path see the same
 * images.
 *
 * @example
 * ```ts
 * variantOf(parseAugment('dihedral'), 7, 0, 42, 224, 224); // e.g. 5 ('flipV')
 * ```
 */
export function variantOf(spec: AugmentSpec, seed: number, epoch: number, item: number, height: number, width: number): number {
  if (!augments(spec)) return 0;
  const rng: SeededRandom = itemRandom(seed, epoch, item);
  const t = spec.dihedral ? rng.int(DIHEDRAL_TRANSFORMS.length) : 0;
  const draw = drawAugmentation(spec.keras, width, height, rng);
  return COMPOSITION[t * 4 + (draw.flipH ? 1 : 0) + (draw.flipV ? 2 : 0)]!;
}

/**
 * Dihedral variant `variant` (index into `DIHEDRAL_TRANSFORMS`) of one C × H × W input, plane by plane: the
 * same values as block `variant` of `@kenobi/features`' `dihedralVariants`.
 *
 * @example
 * ```ts
 * dihedralVariant(x, 3, 224, 224, 1); // rot90 of each channel
 * ```
 */
export function dihedralVariant(input: Float32Array, channels: number, height: number, width: number, variant: number, out = new Float32Array(input.length)): Float32Array {
  const plane = height * width;
  const t = DIHEDRAL_TRANSFORMS[variant]!;
  for (let c = 0; c < channels; c++) {
    const src = { width, height, channels: 1, data: input.subarray(c * plane, (c + 1) * plane) };
    out.set(t === 'identity' ? src.data : dihedral(src, t).data, c * plane);
  }
  return out;
}

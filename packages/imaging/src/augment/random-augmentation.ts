import { SeededRandom } from '@kenobi/core';
import { requireArgument } from '../imaging-error.js';
import type { PixelArray, Raster } from '../raster/raster.js';
import { affineTransform, type AffineMap } from './affine-transform.js';
import { dihedral } from './dihedral.js';
import type { FillMode } from './fill-mode.js';

/**
 * Keras `ImageDataGenerator` augmentation parameters, camelCased.
 *
 * @example
 * ```ts
 * const p: AugmentationParams = { rotationRange: 20, widthShiftRange: 0.1, heightShiftRange: 0.1,
 *   zoomRange: 0.1, horizontalFlip: true, fillMode: 'reflect' };
 * ```
 */
export interface AugmentationParams {
  /** Degrees: the angle is uniform in [-r, r]. */
  readonly rotationRange?: number;
  /** Fraction of the width when < 1, else pixels: the column shift is uniform in [-s, s]. */
  readonly widthShiftRange?: number;
  /** Fraction of the height when < 1, else pixels. */
  readonly heightShiftRange?: number;
  /** `z` means [1 - z, 1 + z], or `[lo, hi]`; the two axes are drawn independently, as Keras does. Keras
   * semantics: a factor above 1 samples a larger window, so the content looks smaller. */
  readonly zoomRange?: number | readonly [number, number];
  /** Mirror left–right with probability 1/2. */
  readonly horizontalFlip?: boolean;
  /** Mirror top–bottom with probability 1/2. */
  readonly verticalFlip?: boolean;
  /** Default `nearest`, as Keras. */
  readonly fillMode?: FillMode;
  /** Fill value for `constant` (default 0). */
  readonly cval?: number;
}

/**
 * One draw of the random parameters (so a transform can be logged and replayed).
 *
 * @example
 * ```ts
 * const d: AugmentationDraw = { theta: 12.5, rowShift: -3, colShift: 1.2, zoomRow: 0.95, zoomCol: 1.04, flipH: true, flipV: false };
 * ```
 */
export interface AugmentationDraw {
  readonly theta: number;
  readonly rowShift: number;
  readonly colShift: number;
  readonly zoomRow: number;
  readonly zoomCol: number;
  readonly flipH: boolean;
  readonly flipV: boolean;
}

/**
 * Draws parameters from `rng` in a fixed order (rotation, height shift, width shift, zoom row/col,
 * horizontal flip, vertical flip); every draw is taken whether or not the parameter is used, so changing
 * one range does not reshuffle the others.
 *
 * @example
 * ```ts
 * drawAugmentation({ rotationRange: 90 }, 32, 32, new SeededRandom(1)).theta; // in [-90, 90]
 * ```
 */
export function drawAugmentation(p: AugmentationParams, width: number, height: number, rng: SeededRandom): AugmentationDraw {
  const range = (r: number | undefined): number => {
    const u = rng.uniform();
    return r ? (2 * u - 1) * r : 0;
  };
  const theta = range(p.rotationRange);
  const hs = p.heightShiftRange ?? 0;
  const ws = p.widthShiftRange ?? 0;
  const rowShift = range(hs) * (hs < 1 ? height : 1);
  const colShift = range(ws) * (ws < 1 ? width : 1);
  const z = p.zoomRange ?? 0;
  const [lo, hi] = typeof z === 'number' ? [1 - z, 1 + z] : z;
  requireArgument(lo > 0 && hi >= lo, `zoomRange must give 0 < lo <= hi, got [${lo}, ${hi}]`);
  const zoomRow = lo + (hi - lo) * rng.uniform();
  const zoomCol = lo + (hi - lo) * rng.uniform();
  const flipH = rng.uniform() < 0.5 && (p.horizontalFlip ?? false);
  const flipV = rng.uniform() < 0.5 && (p.verticalFlip ?? false);
  return { theta, rowShift, colShift, zoomRow, zoomCol, flipH, flipV };
}

/**
 * Keras' `apply_affine_transform` followed by its flips: output (row, col) samples the input at
 * `R(θ) · (Z · (p - o) + t) + o` with `R = [[cos, -sin], [sin, cos]]`, `t = (rowShift, colShift)`,
 * `Z = diag(zoomRow, zoomCol)`, bilinear. NOTE: `o` is the geometric centre `(size - 1) / 2`; Keras'
 * `transform_matrix_offset_center` used `size / 2 + 0.5`, one pixel off, which is why its quarter turns are
 * not exact permutations. Here a draw with θ = 90 equals `dihedral(img, 'rot270')` exactly on square images.
 *
 * @example
 * ```ts
 * applyAugmentation(img, { theta: 90, rowShift: 0, colShift: 0, zoomRow: 1, zoomCol: 1, flipH: false, flipV: false });
 * ```
 */
export function applyAugmentation<T extends PixelArray>(
  raster: Raster<T>,
  draw: AugmentationDraw,
  options: { fillMode?: FillMode; cval?: number } = {},
): Raster<T> {
  const { theta, rowShift, colShift, zoomRow, zoomCol } = draw;
  let img = raster;
  const identity = theta === 0 && rowShift === 0 && colShift === 0 && zoomRow === 1 && zoomCol === 1;
  if (!identity) {
    const t = (theta * Math.PI) / 180;
    const cos = Math.cos(t);
    const sin = Math.sin(t);
    // M = R · Z; input = M (p - o) + R t + o
    const m: [number, number, number, number] = [cos * zoomRow, -sin * zoomCol, sin * zoomRow, cos * zoomCol];
    const or = (raster.height - 1) / 2;
    const oc = (raster.width - 1) / 2;
    const tr = cos * rowShift - sin * colShift;
    const tc = sin * rowShift + cos * colShift;
    const map: AffineMap = { matrix: m, offset: [or + tr - (m[0] * or + m[1] * oc), oc + tc - (m[2] * or + m[3] * oc)] };
    img = affineTransform(img, map, options);
  }
  if (draw.flipH) img = dihedral(img, 'flipH');
  if (draw.flipV) img = dihedral(img, 'flipV');
  return img;
}

/**
 * Seeded, reproducible Keras-style augmentation: the same seed gives the same images in Node and every
 * browser (`SeededRandom` is xoshiro128**).
 *
 * @example
 * ```ts
 * const aug = new ImageAugmenter({ rotationRange: 20, horizontalFlip: true, fillMode: 'reflect' }, 42);
 * const batch = images.map((img) => aug.augment(img)); // same seed → same batch
 * ```
 */
export class ImageAugmenter {
  private readonly rng: SeededRandom;

  constructor(readonly params: AugmentationParams, seedOrRng: number | SeededRandom) {
    this.rng = typeof seedOrRng === 'number' ? new SeededRandom(seedOrRng) : seedOrRng;
  }

  /** Draws new parameters and applies them. */
  augment<T extends PixelArray>(raster: Raster<T>): Raster<T> {
    const draw = drawAugmentation(this.params, raster.width, raster.height, this.rng);
    return applyAugmentation(raster, draw, { fillMode: this.params.fillMode ?? 'nearest', cval: this.params.cval ?? 0 });
  }
}

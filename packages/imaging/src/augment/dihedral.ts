import { requireArgument } from '../imaging-error.js';
import type { PixelArray, Raster } from '../raster/raster.js';

/**
 * The 8 symmetries of the square (the dihedral group D4), for test-time augmentation. `rot90` turns the
 * picture a quarter counter-clockwise as displayed (numpy `rot90(a)`), `flipH` mirrors left–right
 * (`fliplr`), `flipV` top–bottom (`flipud`), `transpose` swaps rows and columns, `antiTranspose` mirrors
 * about the other diagonal.
 *
 * @example
 * ```ts
 * for (const t of DIHEDRAL_TRANSFORMS) predictions.push(await model(dihedral(img, t)));
 * ```
 */
export const DIHEDRAL_TRANSFORMS = Object.freeze(['identity', 'rot90', 'rot180', 'rot270', 'flipH', 'flipV', 'transpose', 'antiTranspose'] as const);

/** One of {@link DIHEDRAL_TRANSFORMS}. @example `const t: DihedralTransform = 'rot90';` */
export type DihedralTransform = (typeof DIHEDRAL_TRANSFORMS)[number];

/** For each transform, the matrix taking centred output (x, y) to centred input (x, y), y down. */
const MATRICES: Readonly<Record<DihedralTransform, readonly [number, number, number, number]>> = {
  identity: [1, 0, 0, 1],
  rot90: [0, -1, 1, 0],
  rot180: [-1, 0, 0, -1],
  rot270: [0, 1, -1, 0],
  flipH: [-1, 0, 0, 1],
  flipV: [1, 0, 0, -1],
  transpose: [0, 1, 1, 0],
  antiTranspose: [0, -1, -1, 0],
};

/**
 * Applies one dihedral transform exactly (a pixel permutation; quarter turns and transposes swap width and
 * height).
 *
 * @example
 * ```ts
 * dihedral({ width: 2, height: 1, channels: 1, data: Uint8Array.of(1, 2) }, 'rot90').data; // [2, 1], 1x2
 * ```
 */
export function dihedral<T extends PixelArray>(raster: Raster<T>, transform: DihedralTransform): Raster<T> {
  const m = MATRICES[transform];
  requireArgument(m !== undefined, `unknown dihedral transform '${String(transform)}'`);
  const [a, b, c, d] = m;
  const { width: w, height: h, channels: ch } = raster;
  const swap = a === 0;
  const ow = swap ? h : w;
  const oh = swap ? w : h;
  const out = new (raster.data.constructor as new (n: number) => T)(raster.data.length);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      // doubled centred coordinates keep everything in integers
      const u = 2 * x - (ow - 1);
      const v = 2 * y - (oh - 1);
      const xi = (a * u + b * v + (w - 1)) / 2;
      const yi = (c * u + d * v + (h - 1)) / 2;
      const from = (yi * w + xi) * ch;
      const to = (y * ow + x) * ch;
      for (let k = 0; k < ch; k++) out[to + k] = raster.data[from + k]!;
    }
  }
  return { width: ow, height: oh, channels: ch, data: out };
}

/**
 * The transform equal to applying `first` and then `second`.
 *
 * @example
 * ```ts
 * composeDihedral('rot90', 'rot90');     // 'rot180'
 * composeDihedral('transpose', 'flipV'); // 'rot90'
 * ```
 */
export function composeDihedral(first: DihedralTransform, second: DihedralTransform): DihedralTransform {
  const [a1, b1, c1, d1] = MATRICES[first];
  const [a2, b2, c2, d2] = MATRICES[second];
  const product = [a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2];
  return DIHEDRAL_TRANSFORMS.find((t) => MATRICES[t].every((v, i) => v === product[i]))!;
}

/**
 * The transform that undoes `t` (to map test-time-augmented predictions, e.g. segmentation maps, back).
 *
 * @example
 * ```ts
 * inverseDihedral('rot90'); // 'rot270'
 * ```
 */
export function inverseDihedral(t: DihedralTransform): DihedralTransform {
  return DIHEDRAL_TRANSFORMS.find((u) => composeDihedral(t, u) === 'identity')!;
}

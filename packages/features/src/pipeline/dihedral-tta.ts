/**
 * Test-time augmentation over the dihedral group D4 on model inputs (square NCHW planes), and the reduction
 * of the 8 feature rows that come back. Pure TypeScript.
 */
import { DIHEDRAL_TRANSFORMS, dihedral } from '@kenobi/imaging';

/**
 * `none`; `averaged`: the 8 transforms' features averaged into one row; `kept`: the 8 rows concatenated
 * (D × 8 columns, in `DIHEDRAL_TRANSFORMS` order).
 *
 * @example
 * ```ts
 * TTA_MODES; // ['none', 'averaged', 'kept']
 * ```
 */
export const TTA_MODES = Object.freeze(['none', 'averaged', 'kept'] as const);
/** One of {@link TTA_MODES}. @example `const t: TtaMode = 'averaged';` */
export type TtaMode = (typeof TTA_MODES)[number];

/**
 * The 8 dihedral transforms of one C × H × W input (H = W), one after the other.
 *
 * @example
 * ```ts
 * dihedralVariants(x, 3, 224, 224).length; // 8 * 3 * 224 * 224
 * ```
 */
export function dihedralVariants(input: Float32Array, channels: number, height: number, width: number): Float32Array {
  const plane = height * width;
  const out = new Float32Array(8 * channels * plane);
  DIHEDRAL_TRANSFORMS.forEach((t, v) => {
    for (let c = 0; c < channels; c++) {
      const src = { width, height, channels: 1, data: input.subarray(c * plane, (c + 1) * plane) };
      out.set(dihedral(src, t).data, (v * channels + c) * plane);
    }
  });
  return out;
}

/**
 * Reduces `variants` consecutive feature rows per image: their mean (`averaged`) or their concatenation
 * (`kept`, which is the same memory read as one longer row).
 *
 * @example
 * ```ts
 * reduceVariants(rows, 2 * 8, 1024, 8, 'averaged'); // Float32Array(2 * 1024)
 * ```
 */
export function reduceVariants(rows: Float32Array, count: number, dim: number, variants: number, mode: TtaMode): Float32Array {
  if (variants === 1 || mode === 'kept') return rows;
  const images = count / variants;
  const out = new Float32Array(images * dim);
  for (let n = 0; n < images; n++) {
    for (let j = 0; j < dim; j++) {
      let s = 0;
      for (let v = 0; v < variants; v++) s += rows[(n * variants + v) * dim + j]!;
      out[n * dim + j] = s / variants;
    }
  }
  return out;
}

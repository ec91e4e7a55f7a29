/**
 * Prepared model inputs by item index, as the frozen trunk reads them: `@kenobi/features`' `DecodedInputs`
 * (files decoded in worker threads) has this shape, and {@link arrayInputs} wraps inputs already in memory.
 */
import { LearnError } from '../learn-error.js';

/**
 * Model inputs (C × H × W float32 each, preprocessed) of a set of items.
 *
 * @example
 * ```ts
 * const [a, b] = await inputs.take([4, 9]); // Float32Array(C × H × W) each
 * ```
 */
export interface TrunkInputs {
  /** [channels, height, width]. */
  readonly dims: readonly [number, number, number];
  /** Items (indices 0..size−1 are valid). */
  readonly size: number;
  /** The inputs of `items`, in order. */
  take(items: ArrayLike<number>): Promise<Float32Array[]>;
  /** Optional hint: `items` will be taken next. */
  prefetch?(items: ArrayLike<number>): void;
}

/**
 * Inputs held in one NCHW array.
 *
 * @example
 * ```ts
 * const inputs = arrayInputs(new Float32Array(16 * 3 * 64 * 64), [3, 64, 64]);
 * inputs.size; // 16
 * ```
 */
export function arrayInputs(data: Float32Array, dims: readonly [number, number, number]): TrunkInputs {
  const per = dims[0] * dims[1] * dims[2];
  if (!(per > 0) || data.length % per !== 0) throw new LearnError('learn/shape-mismatch', `${data.length} values are not a whole number of ${dims.join('×')} inputs`);
  const size = data.length / per;
  return {
    dims,
    size,
    take: (items) => Promise.resolve(Array.from(items, (i) => {
      if (!(Number.isInteger(i) && i >= 0 && i < size)) throw new LearnError('learn/bad-argument', `input index ${i} is outside [0, ${size})`);
      return data.subarray(i * per, (i + 1) * per);
    })),
  };
}

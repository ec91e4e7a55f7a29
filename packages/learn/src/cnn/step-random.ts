/**
 * Counter-based random streams for training: the generator of each (seed, stream, epoch, batch) is derived
 * from those four numbers alone. NOTE: so a checkpoint's position (epoch, batch) IS the whole random state:
 * resuming draws exactly the masks, shuffles and augmentations an uninterrupted run would, with no generator
 * state to save, and a worker or another device can redo any step on its own.
 */
import { SeededRandom } from '@kenobi/core';

/**
 * The independent streams a training run draws from.
 *
 * @example
 * ```ts
 * import { RANDOM_STREAMS } from '@kenobi/learn';
 * RANDOM_STREAMS; // ['shuffle', 'dropout', 'augment']
 * ```
 */
export const RANDOM_STREAMS = Object.freeze(['shuffle', 'dropout', 'augment'] as const);
/** One of {@link RANDOM_STREAMS}. */
export type RandomStream = (typeof RANDOM_STREAMS)[number];

function mix(h: number, v: number): number {
  let z = (h ^ Math.imul(v >>> 0, 0x9e3779b1)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * The generator of one stream at one step.
 *
 * @example
 * ```ts
 * const masks = stepRandom(7, 'dropout', 0, 12); // epoch 0, batch 12: the same numbers on every run
 * ```
 */
export function stepRandom(seed: number, stream: RandomStream, epoch: number, batch = 0): SeededRandom {
  let h = mix(0x6b656e6f, seed);
  h = mix(h, RANDOM_STREAMS.indexOf(stream) + 1);
  h = mix(h, epoch);
  h = mix(h, batch);
  return new SeededRandom(h);
}

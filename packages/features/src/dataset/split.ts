/**
 * Seeded shuffling and stratified train/test splits over dataset items. Pure; reproducible for a seed.
 */
import { SeededRandom } from '@kenobi/core';
import { FeaturesError } from '../features-error.js';
import type { Dataset } from './dataset.js';

/**
 * Item indices in a seeded random order.
 *
 * @example
 * ```ts
 * shuffledIndices(5, 42); // e.g. [3, 0, 4, 1, 2], the same every time for seed 42
 * ```
 */
export function shuffledIndices(n: number, seed: number): number[] {
  return Array.from(new SeededRandom(seed).permutation(n));
}

/** Options of {@link stratifiedSplit}. @example `{ testFraction: 0.2, seed: 7 }` */
export interface SplitOptions {
  /** Share of each class that goes to the test set (default 0.2). */
  readonly testFraction?: number;
  /** Seed of the shuffle (default 0). */
  readonly seed?: number;
}

/**
 * A stratified split: within each class (items without a label form their own group) a seeded shuffle, then
 * `round(testFraction × count)` items go to test. Both lists are sorted, so they keep the dataset's order.
 *
 * @example
 * ```ts
 * const { train, test } = stratifiedSplit(ds, { testFraction: 0.2, seed: 1 });
 * train.length + test.length === ds.items.length; // true; class shares equal up to rounding
 * ```
 */
export function stratifiedSplit(dataset: Pick<Dataset, 'items'>, options: SplitOptions = {}): { train: number[]; test: number[] } {
  const fraction = options.testFraction ?? 0.2;
  if (!(fraction >= 0 && fraction <= 1)) throw new FeaturesError('features/bad-option', `testFraction must be in [0, 1], got ${fraction}`);
  const groups = new Map<string, number[]>();
  dataset.items.forEach((it, i) => {
    const key = it.label ?? '\u0000unlabelled';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  });
  const rng = new SeededRandom(options.seed ?? 0);
  const train: number[] = [];
  const test: number[] = [];
  for (const key of [...groups.keys()].sort()) {
    const members = groups.get(key)!;
    const order = rng.fork().permutation(members.length);
    const nTest = Math.round(fraction * members.length);
    order.forEach((p, k) => (k < nTest ? test : train).push(members[p]!));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

/**
 * The cases of a FITS fuzz run, reproducible from (run seed, case index) alone: case `i` of seed `s` picks a
 * seed file and mutates it with its own {@link SeededRandom}, so that any case can be replayed by itself.
 * Not part of the package's API.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { SeededRandom } from '@kenobi/core';
import { fitsSeeds } from './fits-seeds.js';
import type { FitsSeed } from './fits-seeds.js';
import { mutateFits } from './fits-mutator.js';

/** One generated case. */
export interface FuzzCase {
  readonly index: number;
  readonly seedName: string;
  readonly steps: readonly string[];
  readonly bytes: Uint8Array;
}

/** `packages/fits/fixtures/astropy-written.fits`: astropy's RICE_1 (dither 2), GZIP_2, PLIO_1, HCOMPRESS_1, int64, uint32... */
export const ASTROPY_FIXTURE = new URL('../../fixtures/astropy-written.fits', import.meta.url);

/**
 * The other astropy-written fixtures the fuzzer mutates: `astropy-tables.fits` (binary and ASCII tables of
 * every TFORM, TNULL, TSCAL/TZERO, TDIM, bits, variable-length arrays, a complex column) and `hcompress.fits`
 * (HCOMPRESS_1 tiles, smoothed and not, 32- and 64-bit decoding).
 *
 * @example
 * ```ts
 * loadSeeds([ASTROPY_FIXTURE, ...ASTROPY_EXTRA_FIXTURES].map((u) => fileURLToPath(u)));
 * ```
 */
export const ASTROPY_EXTRA_FIXTURES = Object.freeze([
  new URL('../../fixtures/astropy-tables.fits', import.meta.url),
  new URL('../../fixtures/hcompress.fits', import.meta.url),
]);

/**
 * The seeds of a run: the built-in ones ({@link fitsSeeds}), then each extra file (the repository's astropy
 * fixture, corpus files) in the order given.
 *
 * @example
 * ```ts
 * const seeds = loadSeeds([fileURLToPath(ASTROPY_FIXTURE)]);
 * ```
 */
export function loadSeeds(extraFiles: readonly string[] = []): FitsSeed[] {
  const seeds = fitsSeeds();
  for (const path of extraFiles) seeds.push({ name: basename(path), bytes: new Uint8Array(readFileSync(path)) });
  return seeds;
}

/**
 * Case `index` of the run with seed `runSeed`.
 *
 * @example
 * ```ts
 * const c = makeCase(loadSeeds(), 1, 4711);
 * c.seedName, c.steps; // 'rice', ['keyword ZTILE1@6160=0.5']
 * ```
 */
export function makeCase(seeds: readonly FitsSeed[], runSeed: number, index: number): FuzzCase {
  // NOTE: one generator per case (not one per run), so that case i needs none of the cases before it.
  const rng = new SeededRandom((Math.imul(runSeed, 0x9e3779b1) ^ Math.imul(index, 0x85ebca6b)) >>> 0);
  const seed = seeds[rng.int(seeds.length)]!;
  const { bytes, steps } = mutateFits(seed, rng);
  return { index, seedName: seed.name, steps, bytes };
}

/**
 * Node-only. The child process of `scripts/fuzz/npy.ts`: serves `.npy` fuzz cases (see `npy-fuzz-case.ts`).
 * Not shipped.
 */
import { isMainModule, serveFuzzCases, type FuzzCaseRun } from './fuzz-child.node.js';
import { npyFuzzInput, npySeeds, runNpyPipeline, type NpySeed } from './npy-fuzz-case.js';

/**
 * One case, run in this process.
 *
 * @example
 * ```ts
 * runNpyCase(npySeeds(), 1, 3).stages; // [{ stage: 'read', outcome: 'core/npy-invalid' }]
 * ```
 */
export function runNpyCase(seeds: readonly NpySeed[], seed: number, index: number): FuzzCaseRun {
  const input = npyFuzzInput(seeds, seed, index);
  return { id: input.id, inputBytes: input.bytes.length, stages: runNpyPipeline(input) };
}

if (isMainModule(import.meta.url)) serveFuzzCases(() => npySeeds(), runNpyCase);

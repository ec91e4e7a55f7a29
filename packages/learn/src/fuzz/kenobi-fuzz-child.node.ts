/**
 * Node-only. The child process of `scripts/fuzz/kenobi.ts`: serves `.kenobi` fuzz cases (see
 * `kenobi-fuzz-case.ts`). Not shipped.
 */
import { isMainModule, serveFuzzCases, type FuzzCaseRun } from '../../../core/src/fuzz/fuzz-child.node.js';
import { kenobiFuzzInput, kenobiSeeds, runKenobiPipeline, type KenobiSeed } from './kenobi-fuzz-case.js';

/**
 * One case, run in this process.
 *
 * @example
 * ```ts
 * runKenobiCase(kenobiSeeds(), 1, 7).stages[0]; // { stage: 'header', outcome: 'learn/bad-file' }
 * ```
 */
export function runKenobiCase(seeds: readonly KenobiSeed[], seed: number, index: number): FuzzCaseRun {
  const input = kenobiFuzzInput(seeds, seed, index);
  return { id: input.id, inputBytes: input.bytes.length, stages: runKenobiPipeline(input) };
}

if (isMainModule(import.meta.url)) serveFuzzCases(() => kenobiSeeds(), runKenobiCase);

/**
 * Node-only. The child process of `scripts/fuzz/store.ts`: serves feature-store fuzz cases (see
 * `store-fuzz-case.node.ts`). Not shipped.
 */
import { isMainModule, serveFuzzCases, type FuzzCaseRun } from '../../../core/src/fuzz/fuzz-child.node.js';
import { runStorePipeline, storeFuzzInput } from './store-fuzz-case.node.js';
import { storeSeeds, type StoreSeed } from './store-fuzz-seeds.node.js';

/**
 * One case, run in this process.
 *
 * @example
 * ```ts
 * (await runStoreCase(storeSeeds(), 1, 4)).stages.map((s) => s.stage); // ['meta', 'read', 'stream', ...]
 * ```
 */
export async function runStoreCase(seeds: readonly StoreSeed[], seed: number, index: number): Promise<FuzzCaseRun> {
  const input = storeFuzzInput(seeds, seed, index);
  const size = [...input.files.values()].reduce((a, b) => a + (b?.length ?? 0), 0);
  return { id: input.id, inputBytes: size, stages: await runStorePipeline(input) };
}

if (isMainModule(import.meta.url)) serveFuzzCases(() => storeSeeds(), runStoreCase);

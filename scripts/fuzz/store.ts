/**
 * Long feature-store fuzz runs (issue #12 §3): seed stores written by the StoreWriter with one file damaged
 * (meta.json, a part's .npy or rows file, the journal, a file gone; `packages/features/src/fuzz/`), opened
 * every way Kenobi opens a store (readStoreMeta, readFeatures, streamFeatures, readJournal, merge, resume),
 * in a child process watched for hangs, crashes and oversized allocations. A table read back with rows other
 * than the store's counts as an untyped error. Prints the seed, the case count, outcomes by stage and error
 * code and the findings; exits 1 on any.
 *
 *   node --conditions=@kenobi/source --import tsx scripts/fuzz/store.ts --cases 5000 --seed 1 [--replay N]
 */
import { fileURLToPath } from 'node:url';
import { fuzzMain } from '../../packages/core/src/fuzz/fuzz-cli.node.js';
import { runStoreCase } from '../../packages/features/src/fuzz/store-fuzz-child.node.js';
import { storeSeeds } from '../../packages/features/src/fuzz/store-fuzz-seeds.node.js';

process.exitCode = await fuzzMain({
  format: 'store',
  childModule: fileURLToPath(new URL('../../packages/features/src/fuzz/store-fuzz-child.node.ts', import.meta.url)),
  replay: async (seed, index) => runStoreCase(storeSeeds(), seed, index),
  defaultCases: 5000,
}, process.argv.slice(2));

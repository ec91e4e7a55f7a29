/**
 * Long `.npy` fuzz runs (issue #12 §3): `readNpy` on seed files of every dtype with their header dict,
 * preamble, data or bytes damaged (`packages/core/src/fuzz/npy-fuzz-case.ts`), in a child process watched
 * for hangs, crashes and oversized allocations. Prints the seed, the case count, outcomes by error code and
 * the findings; exits 1 on any.
 *
 *   node --conditions=@kenobi/source --import tsx scripts/fuzz/npy.ts --cases 50000 --seed 1 [--replay N]
 */
import { fileURLToPath } from 'node:url';
import { fuzzMain } from '../../packages/core/src/fuzz/fuzz-cli.node.js';
import { runNpyCase } from '../../packages/core/src/fuzz/npy-fuzz-child.node.js';
import { npySeeds } from '../../packages/core/src/fuzz/npy-fuzz-case.js';

process.exitCode = await fuzzMain({
  format: 'npy',
  childModule: fileURLToPath(new URL('../../packages/core/src/fuzz/npy-fuzz-child.node.ts', import.meta.url)),
  replay: async (seed, index) => runNpyCase(npySeeds(), seed, index),
  defaultCases: 50000,
}, process.argv.slice(2));

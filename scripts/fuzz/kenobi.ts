/**
 * Long `.kenobi` head-file fuzz runs (issue #12 §3): readKenobiHeader → loadModel → predict on seed heads
 * with their bytes, JSON header, header length, format version or weight blob damaged
 * (`packages/learn/src/fuzz/kenobi-fuzz-case.ts`), in a child process watched for hangs, crashes and
 * oversized allocations. Prints the seed, the case count, outcomes by stage and error code and the
 * findings; exits 1 on any.
 *
 *   node --conditions=@kenobi/source --import tsx scripts/fuzz/kenobi.ts --cases 20000 --seed 1 [--replay N]
 */
import { fileURLToPath } from 'node:url';
import { fuzzMain } from '../../packages/core/src/fuzz/fuzz-cli.node.js';
import { runKenobiCase } from '../../packages/learn/src/fuzz/kenobi-fuzz-child.node.js';
import { kenobiSeeds } from '../../packages/learn/src/fuzz/kenobi-fuzz-case.js';

process.exitCode = await fuzzMain({
  format: 'kenobi',
  childModule: fileURLToPath(new URL('../../packages/learn/src/fuzz/kenobi-fuzz-child.node.ts', import.meta.url)),
  replay: async (seed, index) => runKenobiCase(kenobiSeeds(), seed, index),
  defaultCases: 20000,
}, process.argv.slice(2));

/**
 * `kenobi features merge <shard-dir>... -o <dir>`: joins the stores of a `--shard i/N` job array.
 */
import { mergeFeatureStores } from '@kenobi/features/node';
import type { Command } from '../command.js';
import { outFlag } from './out-flag.js';

/**
 * The `features merge` command.
 *
 * @example
 * ```sh
 * kenobi features merge feats-0 feats-1 feats-2 -o feats   # refuses shards of another model/tensor/preprocessing
 * ```
 */
export const featuresMergeCommand: Command = {
  words: ['features', 'merge'],
  summary: 'Merge the feature stores of --shard 0/N ... N-1/N into one (same model, tensor, preprocessing)',
  usage: 'kenobi features merge <shard-dir>... -o <dir> [--json]',
  details: `
The shards may be given in any order; all N must be there and complete. Stores made with a different model,
tensor, pooling, preprocessing or dataset are refused, naming what differs.

Example: kenobi features merge feats-0 feats-1 feats-2 -o feats`,
  options: { out: { type: 'string', short: 'o' }, output: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [1, Infinity],
  async run({ values, positionals }, io) {
    const out = outFlag(values, 'kenobi features merge', '-o <dir>');
    const meta = mergeFeatureStores(positionals, out);
    io.stdout.write(values.json ? `${JSON.stringify({ out, rows: meta.rows, dim: meta.dim, parts: meta.parts, shards: positionals.length }, null, 2)}\n`
      : `merged ${positionals.length} shard(s): ${meta.rows} rows x ${meta.dim} features -> ${out}\n`);
    return 0;
  },
};

/**
 * `--shard i/N`: which contiguous block of a dataset one job of a cluster array extracts. Blocks in shard
 * order concatenate to the whole dataset in its order, so merged shards equal an unsharded run.
 */
import { FeaturesError } from '../features-error.js';

/**
 * Shard `index` of `count` (0-based).
 *
 * @example
 * ```ts
 * const s: ShardSpec = { index: 1, count: 3 };
 * ```
 */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/**
 * Parses `'i/N'` (0 ≤ i < N).
 *
 * @example
 * ```ts
 * parseShardSpec('1/3'); // { index: 1, count: 3 }
 * ```
 */
export function parseShardSpec(text: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count) {
    throw new FeaturesError('features/bad-option', `--shard must be i/N with 0 <= i < N, got '${text}'`, { hint: 'e.g. --shard 0/4 ... --shard 3/4 (SLURM: --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT)' });
  }
  return { index, count };
}

/**
 * The item positions `[start, end)` of a shard of `n` items: `floor(i·n/N)` to `floor((i+1)·n/N)`.
 *
 * @example
 * ```ts
 * shardRange(10, { index: 2, count: 3 }); // [6, 10]
 * ```
 */
export function shardRange(n: number, shard: ShardSpec = { index: 0, count: 1 }): [start: number, end: number] {
  return [Math.floor((shard.index * n) / shard.count), Math.floor(((shard.index + 1) * n) / shard.count)];
}

/**
 * The tasks of a sharded array (extract, predict): task i is shard i of N.
 */
import { UsageError } from '../../usage-error.js';
import type { SlurmTask } from './job-plan.js';

/**
 * `--shards N` as a positive integer.
 *
 * @example
 * ```ts
 * shardCount('kenobi slurm extract', '64'); // 64
 * ```
 */
export function shardCount(command: string, v: unknown): number {
  const n = Number(v);
  if (v === undefined || !Number.isInteger(n) || n < 1) throw new UsageError(`${command}: --shards N (a positive integer: tasks in the array) is required${v === undefined ? '' : `, got '${String(v)}'`}`);
  return n;
}

/**
 * Tasks `shard 0/N` … `shard N-1/N` with their outputs.
 *
 * @example
 * ```ts
 * shardTasks(2, (i) => `feats.slurm/shards/shard-${i}`); // [{ index: 0, name: 'shard 0/2', output: '…/shard-0' }, …]
 * ```
 */
export function shardTasks(n: number, output: (i: number) => string): SlurmTask[] {
  return Array.from({ length: n }, (_, i) => ({ index: i, name: `shard ${i}/${n}`, output: output(i) }));
}

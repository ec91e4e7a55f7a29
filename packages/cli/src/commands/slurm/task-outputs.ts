/**
 * Whether a task's output (or the merge's) is complete, read from the outputs themselves: a feature store's
 * `meta.json` says `complete`; JSON and CSV outputs are moved into place only on success. Also checks that
 * the shard stores of an extraction belong together (same model, tensor, preprocessing, dataset).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isKenobiError } from '@kenobi/core';
import { assertCompatible, STORE_FILES, type FeatureStoreMeta } from '@kenobi/features';
import { readStoreMeta } from '@kenobi/features/node';
import type { SlurmJobPlan, SlurmTask } from './job-plan.js';
import { SlurmError } from './slurm-error.js';

/** `complete`, `partial` (a store begun, resumable), or `absent`. @example `outputState(plan, task); // 'partial'` */
export type OutputState = 'complete' | 'partial' | 'absent';

/**
 * The state of a task's output.
 *
 * @example
 * ```ts
 * outputState(plan, plan.tasks[0]!); // 'complete' once shard 0's store is
 * ```
 */
export function outputState(plan: SlurmJobPlan, task: SlurmTask): OutputState {
  if (plan.kind !== 'extract') return existsSync(task.output) ? 'complete' : 'absent';
  const meta = readShardMeta(task.output);
  return meta === undefined ? 'absent' : meta.status === 'complete' ? 'complete' : 'partial';
}

/**
 * The state of what the merge job makes (`plan.out`).
 *
 * @example
 * ```ts
 * mergedState(plan); // 'absent' until the merge ran
 * ```
 */
export function mergedState(plan: SlurmJobPlan): OutputState {
  if (plan.kind !== 'extract') return existsSync(plan.out) ? 'complete' : 'absent';
  const meta = readShardMeta(plan.out);
  return meta === undefined ? 'absent' : meta.status === 'complete' ? 'complete' : 'partial';
}

/**
 * Throws `slurm/store-mismatch` when a shard store of an extraction was made with another model than the
 * job's (by sha256) or differs from the other shards in model, tensor, pooling, preprocessing, dataset or
 * shard count, naming the shard and what differs.
 *
 * @example
 * ```ts
 * checkShardStores(plan); // ok, or: shard 1/4 (…/shard-1) belongs to another job: the stores differ in model (sha256): …
 * ```
 */
export function checkShardStores(plan: SlurmJobPlan): void {
  if (plan.kind !== 'extract') return;
  let first: { task: SlurmTask; meta: FeatureStoreMeta } | undefined;
  for (const task of plan.tasks) {
    const meta = readShardMeta(task.output);
    if (!meta) continue;
    const fail = (what: string): never => {
      throw new SlurmError('slurm/store-mismatch', `${task.name} (${task.output}) belongs to another job: ${what}`, {
        hint: `features of different models or preprocessing cannot be merged: remove ${task.output} and run kenobi slurm resume ${plan.jobDir}`,
        details: { task: task.index, store: task.output },
      });
    };
    if (plan.modelSha256 && meta.model.sha256 !== plan.modelSha256) fail(`its model has sha256 ${meta.model.sha256.slice(0, 12)}…, this job's ${plan.modelSha256.slice(0, 12)}…`);
    if (meta.shard.index !== task.index || meta.shard.count !== plan.tasks.length) fail(`it holds shard ${meta.shard.index}/${meta.shard.count}`);
    if (!first) {
      first = { task, meta };
      continue;
    }
    try {
      assertCompatible(first.meta, meta, { sameShard: false, what: `${first.task.name} and ${task.name}` });
    } catch (e) {
      if (isKenobiError(e, 'features/store-mismatch')) fail(e.message);
      throw e;
    }
  }
}

/**
 * A store's meta, or undefined when `dir` holds no `meta.json` yet (a damaged one throws
 * `features/store-corrupt`).
 *
 * @example
 * ```ts
 * readShardMeta('feats.slurm/shards/shard-0')?.status; // 'running' | 'complete' | undefined
 * ```
 */
export function readShardMeta(dir: string): FeatureStoreMeta | undefined {
  return existsSync(join(dir, STORE_FILES.meta)) ? readStoreMeta(dir) : undefined;
}

/** The shard store folder of task `index` in `jobDir`. @example `shardStoreDir('/d/feats.slurm', 2); // '/d/feats.slurm/shards/shard-2'` */
export function shardStoreDir(jobDir: string, index: number): string {
  return join(jobDir, 'shards', `shard-${index}`);
}

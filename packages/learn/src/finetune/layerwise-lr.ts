/**
 * Layer-wise learning-rate decay as Zoobot defines it (`FinetuneableZoobotAbstract.configure_optimizers`):
 * parameter groups, the head and the top block at lr, block i from the top at lr · decay^(i − 1)
 * (Zoobot's `lr * lr_decay**i` with i counted from 0), stepped with one optimizer whose state is kept per
 * parameter (PyTorch's param groups). With AdamW the decoupled decay uses each group's own lr, as PyTorch.
 */
import type { Param } from '../layers/layer.js';
import type { Optimizer } from '../optim/optimizer.js';
import { cosineLr } from '../schedules/cosine-lr.js';
import type { LrSchedule } from '../schedules/lr-schedule.js';
import { warmupLr } from '../schedules/warmup-lr.js';
import type { FinetuneSchedule } from './finetune-options.js';

/**
 * Params sharing one learning-rate multiplier.
 *
 * @example
 * ```ts
 * const g: ParamGroup = { name: 'block 2', block: 2, scale: 0.75, params };
 * ```
 */
export interface ParamGroup {
  readonly name: string;
  /** 0 for the head, else the block number (1 = nearest the head). */
  readonly block: number;
  /** Multiplier of the scheduled learning rate. */
  readonly scale: number;
  readonly params: readonly Param[];
}

/**
 * Groups `blockParams` by block (1 = nearest the head) with Zoobot's multipliers decay^(block − 1), after
 * the head's group (multiplier 1). Empty groups are left out.
 *
 * @example
 * ```ts
 * layerwiseGroups(headParams, [{ param: w4, block: 1 }, { param: w3, block: 2 }], 0.75).map((g) => g.scale); // [1, 1, 0.75]
 * ```
 */
export function layerwiseGroups(headParams: readonly Param[], blockParams: readonly { readonly param: Param; readonly block: number }[], decay: number): ParamGroup[] {
  const groups: ParamGroup[] = [];
  if (headParams.length > 0) groups.push({ name: 'head', block: 0, scale: 1, params: headParams });
  const blocks = [...new Set(blockParams.map((b) => b.block))].sort((a, b) => a - b);
  for (const block of blocks) {
    groups.push({ name: `block ${block}`, block, scale: Math.pow(decay, block - 1), params: blockParams.filter((b) => b.block === block).map((b) => b.param) });
  }
  return groups;
}

/**
 * One optimizer step over every group, each at `lr` × its multiplier; leaves `optimizer.lr` at `lr`.
 *
 * @example
 * ```ts
 * stepGroups(adamw({ weightDecay: 0.05 }), groups, 1e-4);
 * ```
 */
export function stepGroups(optimizer: Optimizer, groups: readonly ParamGroup[], lr: number): void {
  try {
    for (const g of groups) {
      optimizer.lr = lr * g.scale;
      optimizer.step(g.params);
    }
  } finally {
    optimizer.lr = lr;
  }
}

/**
 * The epoch schedule of a run of `epochs` epochs.
 *
 * @example
 * ```ts
 * finetuneSchedule({ kind: 'cosine', warmup: 2 }, 10)?.lrAt(0, 1e-4); // 3.33e-5
 * ```
 */
export function finetuneSchedule(schedule: FinetuneSchedule, epochs: number): LrSchedule | undefined {
  if (schedule.kind === 'constant') return undefined;
  const warmup = schedule.warmup ?? 0;
  const cosine = cosineLr({ tMax: Math.max(1, epochs - warmup), etaMin: schedule.etaMin ?? 0 });
  return warmup > 0 ? warmupLr({ epochs: warmup, startFactor: 1 / (warmup + 1), then: cosine }) : cosine;
}

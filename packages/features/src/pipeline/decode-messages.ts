/**
 * The messages between the decode pool (main thread), its supervisor thread and the decode workers. Pure
 * types.
 *
 * main → supervisor: {@link SupervisorRequest}; supervisor → main: {@link SupervisorReply}.
 * supervisor → worker: {@link ItemTask}; worker → supervisor: {@link WorkerReply}.
 */
import type { DatasetItem } from '../dataset/dataset.js';
import type { ImagePreprocessing } from './image-preprocessing.js';
import type { ItemFailure } from './item-failure.js';
import type { BatchJob, PreparedBatch } from './prepare-batch.node.js';

/**
 * The supervisor's start-up data (its `workerData`).
 *
 * @example
 * ```ts
 * const init: SupervisorInit = { size: 2, itemTimeoutMs: 60_000, workerMemoryMb: 1024, worker: { entry: url, bootstrap: undefined } };
 * ```
 */
export interface SupervisorInit {
  readonly size: number;
  readonly itemTimeoutMs: number;
  readonly workerMemoryMb: number;
  /** The decode worker's module, and (from source under tsx) the bootstrap that starts it. */
  readonly worker: { readonly entry: string; readonly bootstrap: string | undefined };
}

/** What the main thread asks. @example `{ type: 'job', job }` */
export type SupervisorRequest = { readonly type: 'job'; readonly job: BatchJob } | { readonly type: 'close' };

/**
 * Counts of what the supervisor had to do, sent with every batch.
 *
 * @example
 * ```ts
 * const s: DecodeStats = { respawns: 1, timeouts: 1, outOfMemory: 0, crashes: 0, memoryGuardStops: 0, rebaselines: 0 };
 * ```
 */
export interface DecodeStats {
  /** Workers started again after one was stopped or died. */
  readonly respawns: number;
  readonly timeouts: number;
  /** Items failed for memory: the worker's heap limit, or the process-memory guard. */
  readonly outOfMemory: number;
  readonly crashes: number;
  /** Times the process-memory guard stopped the decoding workers. */
  readonly memoryGuardStops: number;
  /** Times the guard found the growth was not the workers' (memory stayed up after they stopped) and moved its baseline. */
  readonly rebaselines: number;
}

/** What the supervisor answers. @example `{ type: 'batch', batch, stats }` */
export type SupervisorReply =
  | { readonly type: 'batch'; readonly batch: PreparedBatch; readonly stats: DecodeStats }
  | { readonly type: 'fatal'; readonly message: string };

/**
 * One item for a decode worker.
 *
 * @example
 * ```ts
 * const t: ItemTask = { ticket: 7, item, bandNames: ['g', 'r', 'i'], preprocessing };
 * ```
 */
export interface ItemTask {
  readonly ticket: number;
  readonly item: DatasetItem;
  readonly bandNames: readonly string[];
  readonly preprocessing: ImagePreprocessing;
  /** Answer an 8-bit image with its fitted pixels (the job's `pixels`). */
  readonly pixels?: boolean;
}

/**
 * A decode worker's answer: `ready` once started, then one reply per task in order, with the prepared
 * input (`variants × C × H × W` floats, transferred) or the failure.
 *
 * @example
 * ```ts
 * const r: WorkerReply = { type: 'item', ticket: 7, data: new Float32Array(3 * 224 * 224) };
 * ```
 */
export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'item'; readonly ticket: number; readonly data?: Float32Array | Uint8Array; readonly failure?: ItemFailure };

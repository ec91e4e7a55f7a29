/**
 * The limits a decode worker runs under: a time limit per item and a memory budget per worker (its V8 heap
 * limit, and its share of the process-memory guard for what lives outside the heap). Pure.
 */
import { FeaturesError } from '../features-error.js';

/**
 * Limits of the decode workers; every field has a default.
 *
 * @example
 * ```ts
 * const limits: DecodeLimits = { itemTimeoutMs: 30_000, workerMemoryMb: 2048 };
 * ```
 */
export interface DecodeLimits {
  /** Longest one item may take to decode and preprocess before its worker is stopped (default 60 s). */
  readonly itemTimeoutMs?: number;
  /**
   * Memory budget per worker in MB (default {@link defaultWorkerMemoryMb}): the worker's V8 old-generation
   * heap limit; and the process's resident memory may grow by `2 × this` per worker (its heap, and as much
   * again outside it: typed arrays live outside the heap limits) over its level when the workers started,
   * before the memory guard stops the decoding workers.
   */
  readonly workerMemoryMb?: number;
}

/** The default time limit per item, in ms. @example `DEFAULT_ITEM_TIMEOUT_MS; // 60000` */
export const DEFAULT_ITEM_TIMEOUT_MS = 60_000;

/** The smallest memory budget a worker can run with, in MB. @example `MIN_WORKER_MEMORY_MB; // 64` */
export const MIN_WORKER_MEMORY_MB = 64;

/**
 * The default memory budget of a decode worker: 512 MB, plus four copies of one batch of model inputs, plus
 * twice the largest stack file (a FITS cube or `.npy` stack is read whole by each worker).
 *
 * @example
 * ```ts
 * defaultWorkerMemoryMb({ batchInputBytes: 32 * 3 * 224 * 224 * 4 }); // 586
 * ```
 */
export function defaultWorkerMemoryMb(sizes: { batchInputBytes?: number; largestStackBytes?: number } = {}): number {
  const mb = (b: number | undefined): number => (b ?? 0) / 2 ** 20;
  return Math.ceil(512 + 4 * mb(sizes.batchInputBytes) + 2 * mb(sizes.largestStackBytes));
}

/**
 * How far resident memory may grow over the guard's baseline, in bytes: `2 × workerMemoryMb` per worker.
 *
 * @example
 * ```ts
 * memoryGuardBudget(2, 512); // 2 GiB
 * ```
 */
export function memoryGuardBudget(workers: number, workerMemoryMb: number): number {
  return workers * 2 * workerMemoryMb * 2 ** 20;
}

/**
 * `resourceLimits` for `new Worker(...)` from a memory budget: the old generation gets the budget, the young
 * generation an eighth of it (16–64 MB), the stack 8 MB (a deep recursion in a decoder ends in a RangeError,
 * not a crash).
 *
 * @example
 * ```ts
 * workerResourceLimits(1024); // { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 64, stackSizeMb: 8 }
 * ```
 */
export function workerResourceLimits(memoryMb: number): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number; stackSizeMb: number } {
  const old = Math.max(MIN_WORKER_MEMORY_MB, Math.floor(memoryMb));
  return { maxOldGenerationSizeMb: old, maxYoungGenerationSizeMb: Math.min(64, Math.max(16, Math.floor(old / 8))), stackSizeMb: 8 };
}

/**
 * Checks limits given by a caller (positive, finite; memory at least {@link MIN_WORKER_MEMORY_MB}).
 *
 * @example
 * ```ts
 * checkDecodeLimits({ itemTimeoutMs: 0 }); // throws features/bad-option
 * ```
 */
export function checkDecodeLimits(limits: DecodeLimits): void {
  const t = limits.itemTimeoutMs;
  if (t !== undefined && !(Number.isFinite(t) && t > 0)) {
    throw new FeaturesError('features/bad-option', `the item time limit must be a positive number of milliseconds, got ${t}`, { hint: 'e.g. --item-timeout 30 (seconds)' });
  }
  const m = limits.workerMemoryMb;
  if (m !== undefined && !(Number.isFinite(m) && m >= MIN_WORKER_MEMORY_MB)) {
    throw new FeaturesError('features/bad-option', `the worker memory budget must be at least ${MIN_WORKER_MEMORY_MB} MB, got ${m}`, { hint: 'e.g. --worker-memory 2048 (MB)' });
  }
}

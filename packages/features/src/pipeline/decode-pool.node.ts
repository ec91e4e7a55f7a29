/**
 * Node-only. A pool of decode worker threads (or none: in-thread) that prepares batches while the main
 * thread runs inference. The workers run under V8 resource limits and a time limit per item, watched by a
 * supervisor thread (see `decode-scheduler.node.ts`): an item that hangs, throws or exhausts memory fails
 * with its reason and the rest of the batch goes on. Works from source under tsx (through a small bootstrap
 * that registers tsx in each thread) and from the built `dist/` alike.
 */
import { Worker } from 'node:worker_threads';
import { hardwareConcurrency } from '@kenobi/core';
import { FeaturesError } from '../features-error.js';
import { ItemReader } from './decode-item.node.js';
import { checkDecodeLimits, DEFAULT_ITEM_TIMEOUT_MS, defaultWorkerMemoryMb, type DecodeLimits } from './decode-limits.js';
import type { DecodeStats, SupervisorInit, SupervisorReply, SupervisorRequest } from './decode-messages.js';
import { prepareBatch, type BatchJob, type PreparedBatch } from './prepare-batch.node.js';

interface Pending { resolve(b: PreparedBatch): void; reject(e: Error): void }

/**
 * The decode threads a run uses when none are asked for: one fewer than the cores (inference keeps the
 * rest), at least 1 and at most 4.
 *
 * @example
 * ```ts
 * new DecodePool(defaultDecodeWorkers()); // 1 on 2 cores, 4 on 16
 * ```
 */
export function defaultDecodeWorkers(): number {
  return Math.max(1, Math.min(4, hardwareConcurrency() - 1));
}

const NO_STATS: DecodeStats = Object.freeze({ respawns: 0, timeouts: 0, outOfMemory: 0, crashes: 0, memoryGuardStops: 0, rebaselines: 0 });

/**
 * Prepares batches on `size` worker threads (0: in the calling thread, one at a time, without the limits).
 *
 * @example
 * ```ts
 * await using pool = new DecodePool(2, { itemTimeoutMs: 30_000, workerMemoryMb: 1024 });
 * const batch = await pool.submit(job); // decoded in the workers; batch.failures lists items that hung or broke
 * ```
 */
export class DecodePool implements AsyncDisposable {
  readonly size: number;
  /** The limits in force (defaults filled in). */
  readonly limits: Required<DecodeLimits>;
  readonly #supervisor: Worker | undefined;
  readonly #exited: Promise<void> | undefined;
  readonly #pending = new Map<number, Pending>();
  readonly #reader = new ItemReader();
  #stats: DecodeStats = NO_STATS;
  #failed: Error | undefined;
  #disposing = false;

  constructor(size: number, limits: DecodeLimits = {}) {
    checkDecodeLimits(limits);
    this.size = Math.max(0, Math.floor(size));
    this.limits = { itemTimeoutMs: limits.itemTimeoutMs ?? DEFAULT_ITEM_TIMEOUT_MS, workerMemoryMb: limits.workerMemoryMb ?? defaultWorkerMemoryMb() };
    if (this.size === 0) return;
    const here = import.meta.url;
    const fromSource = here.endsWith('.ts');
    const ext = fromSource ? 'ts' : 'js';
    const bootstrap = fromSource ? new URL('./decode-worker-bootstrap.mjs', here).href : undefined;
    const init: SupervisorInit = { size: this.size, ...this.limits, worker: { entry: new URL(`./decode-worker.node.${ext}`, here).href, bootstrap } };
    const supervisor = new URL(`./decode-supervisor.node.${ext}`, here);
    this.#supervisor = bootstrap
      ? new Worker(new URL(bootstrap), { workerData: { entry: supervisor.href, init } })
      : new Worker(supervisor, { workerData: { init } });
    this.#supervisor.on('message', (m: SupervisorReply) => {
      if (m.type === 'fatal') return this.#fail(new Error(m.message));
      this.#stats = m.stats;
      const p = this.#pending.get(m.batch.seq);
      this.#pending.delete(m.batch.seq);
      p?.resolve(m.batch);
    });
    this.#supervisor.on('error', (e) => this.#fail(e));
    this.#exited = new Promise((resolve) => this.#supervisor!.on('exit', (code) => {
      if (!this.#disposing) this.#fail(new Error(`the decode supervisor exited with code ${code}`));
      resolve();
    }));
  }

  /** What the supervisor has had to do so far (stopped, respawned workers...), as of the last batch. */
  get stats(): DecodeStats {
    return this.#stats;
  }

  /** Prepares one batch. */
  submit(job: BatchJob): Promise<PreparedBatch> {
    if (this.#failed) return Promise.reject(this.#failed);
    if (!this.#supervisor) return prepareBatch(job, this.#reader);
    return new Promise<PreparedBatch>((resolve, reject) => {
      this.#pending.set(job.seq, { resolve, reject });
      this.#supervisor!.postMessage({ type: 'job', job } satisfies SupervisorRequest);
    });
  }

  #fail(e: Error): void {
    this.#failed = new FeaturesError('features/worker-failed', `the decode workers failed: ${e.message}`, { cause: e });
    for (const p of this.#pending.values()) p.reject(this.#failed);
    this.#pending.clear();
  }

  /** Stops the supervisor and the workers. */
  async dispose(): Promise<void> {
    if (this.#disposing) return;
    this.#disposing = true;
    const s = this.#supervisor;
    if (!s) return;
    s.postMessage({ type: 'close' } satisfies SupervisorRequest);
    // NOTE: the supervisor stops its workers and closes its port; terminate() covers one that does not answer.
    const timer = setTimeout(() => void s.terminate(), 5000);
    await this.#exited;
    clearTimeout(timer);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}

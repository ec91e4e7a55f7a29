/**
 * Node-only. A pool of decode worker threads (or none: in-thread) that prepares batches while the main
 * thread runs inference. Works from source under tsx (through a small bootstrap that registers tsx in the
 * worker) and from the built `dist/` alike.
 */
import { Worker } from 'node:worker_threads';
import { FeaturesError } from '../features-error.js';
import { ItemReader } from './decode-item.node.js';
import { prepareBatch, type BatchJob, type PreparedBatch } from './prepare-batch.node.js';

interface Pending { resolve(b: PreparedBatch): void; reject(e: Error): void }
interface Slot { worker: Worker; outstanding: number }

/**
 * Prepares batches on `size` worker threads (0: in the calling thread, one at a time).
 *
 * @example
 * ```ts
 * await using pool = new DecodePool(2);
 * const batch = await pool.submit(job); // decoded in a worker
 * ```
 */
export class DecodePool implements AsyncDisposable {
  readonly size: number;
  readonly #slots: Slot[] = [];
  readonly #pending = new Map<number, Pending>();
  readonly #reader = new ItemReader();
  #failed: Error | undefined;
  #disposing = false;

  constructor(size: number) {
    this.size = Math.max(0, Math.floor(size));
    const here = import.meta.url;
    const fromSource = here.endsWith('.ts');
    for (let i = 0; i < this.size; i++) {
      const worker = fromSource
        ? new Worker(new URL('./decode-worker-bootstrap.mjs', here), { workerData: { entry: new URL('./decode-worker.node.ts', here).href } })
        : new Worker(new URL('./decode-worker.node.js', here));
      const slot: Slot = { worker, outstanding: 0 };
      worker.on('message', (m: { batch?: PreparedBatch; seq?: number; error?: string }) => {
        slot.outstanding--;
        const seq = m.batch?.seq ?? m.seq!;
        const p = this.#pending.get(seq);
        this.#pending.delete(seq);
        if (m.batch) p?.resolve(m.batch);
        else p?.reject(new FeaturesError('features/worker-failed', `decode worker failed on batch ${seq}: ${m.error}`));
      });
      worker.on('error', (e) => this.#fail(e));
      worker.on('exit', (code) => {
        if (!this.#disposing) this.#fail(new Error(`worker exited with code ${code}`));
      });
      this.#slots.push(slot);
    }
  }

  /** Prepares one batch (on the least busy worker). */
  submit(job: BatchJob): Promise<PreparedBatch> {
    if (this.#failed) return Promise.reject(this.#failed);
    if (this.size === 0) return prepareBatch(job, this.#reader);
    const slot = this.#slots.reduce((a, b) => (b.outstanding < a.outstanding ? b : a));
    slot.outstanding++;
    return new Promise<PreparedBatch>((resolve, reject) => {
      this.#pending.set(job.seq, { resolve, reject });
      slot.worker.postMessage(job);
    });
  }

  #fail(e: Error): void {
    this.#failed = new FeaturesError('features/worker-failed', `a decode worker crashed: ${e.message}`, { cause: e });
    for (const p of this.#pending.values()) p.reject(this.#failed);
    this.#pending.clear();
  }

  /** Stops the workers. */
  async dispose(): Promise<void> {
    this.#disposing = true;
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
    this.#slots.length = 0;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}

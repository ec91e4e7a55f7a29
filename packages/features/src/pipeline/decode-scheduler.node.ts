/**
 * Node-only. The decode supervisor's scheduler: hands items to decode workers one at a time (at most two
 * queued per worker), assembles the answers into batches, and keeps one bad item from hurting the rest:
 *
 * - an item past its time limit: its worker is stopped and replaced, the item fails `features/decode-timeout`;
 * - a worker that dies on its heap limit (`ERR_WORKER_OUT_OF_MEMORY`) or otherwise: replaced, the item fails
 *   `features/decode-out-of-memory` or `features/decode-crashed`;
 * - the process-memory guard (typed arrays live outside the heap limit): when resident memory passes the
 *   baseline plus `2 × workerMemoryMb` per worker, the workers that are decoding are stopped. If memory stays up,
 *   the growth was not theirs: the baseline moves and their items run again. Otherwise each of their items is
 *   a suspect and runs again alone, on a fresh worker; a suspect that sets off the guard alone fails
 *   `features/decode-out-of-memory`.
 *
 * Items queued behind a stopped item are innocent and go back to the front of the queue. It runs in the
 * supervisor thread, whose event loop inference never blocks, so the timers fire on time.
 */
import type { DatasetItem } from '../dataset/dataset.js';
import type { FeaturesErrorCode } from '../features-error.js';
import { memoryGuardBudget } from './decode-limits.js';
import type { DecodeStats, ItemTask, WorkerReply } from './decode-messages.js';
import { itemPath, type ItemFailure } from './item-failure.js';
import type { ImagePreprocessing } from './image-preprocessing.js';
import { joinItemInputs } from './pixel-input.js';
import type { BatchJob, PreparedBatch } from './prepare-batch.node.js';

/** The part of a `Worker` the scheduler uses (a fake in tests). @example `const w: DecodeWorkerHandle = new Worker(url);` */
export interface DecodeWorkerHandle {
  postMessage(message: ItemTask): void;
  terminate(): Promise<number>;
  on(event: 'message', listener: (m: WorkerReply) => void): unknown;
  on(event: 'error', listener: (e: Error & { code?: string }) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
}

/**
 * What the scheduler needs from its thread: starting workers, reading resident memory, the clock, and
 * where batches go.
 *
 * @example
 * ```ts
 * const host: SchedulerHost = { spawn: () => new Worker(url, { resourceLimits }), rss: () => process.memoryUsage.rss(), now: () => performance.now(), deliver, fatal };
 * ```
 */
export interface SchedulerHost {
  spawn(): DecodeWorkerHandle;
  rss(): number;
  now(): number;
  deliver(batch: PreparedBatch, stats: DecodeStats): void;
  fatal(message: string): void;
}

interface BatchState { readonly seq: number; readonly preprocessing: ImagePreprocessing; readonly results: (Float32Array | Uint8Array | ItemFailure | undefined)[]; left: number }
interface Task { readonly ticket: number; readonly batch: BatchState; readonly index: number; readonly item: DatasetItem; readonly message: ItemTask; strikes: number }
interface Slot { readonly worker: DecodeWorkerHandle; sent: Task[]; since: number; readonly spawnedAt: number; ready: boolean; stopping: boolean; done: number; lastError: (Error & { code?: string }) | undefined }

/** Items queued in one worker at a time: one decoding, one waiting, so a worker never idles between items. */
const DEPTH = 2;
/** Workers that die before they start, in a row, before the pool gives up. */
const MAX_START_FAILURES = 3;
const MB = 2 ** 20;

/**
 * Schedules items over `size` decode workers under the limits.
 *
 * @example
 * ```ts
 * const s = new DecodeScheduler({ size: 2, itemTimeoutMs: 60_000, workerMemoryMb: 1024 }, host);
 * s.submit(job); // host.deliver(batch, stats) once every item is decoded or failed
 * ```
 */
export class DecodeScheduler {
  readonly #size: number;
  readonly #timeoutMs: number;
  readonly #memoryMb: number;
  readonly #host: SchedulerHost;
  readonly #slots: Slot[] = [];
  readonly #queue: Task[] = [];
  readonly #suspects: Task[] = [];
  #alone: Task | undefined;
  #base: number | undefined;
  #guarding = false;
  #startFailures = 0;
  #ticket = 0;
  #closed = false;
  readonly #timer: ReturnType<typeof setInterval>;
  readonly #stats = { respawns: 0, timeouts: 0, outOfMemory: 0, crashes: 0, memoryGuardStops: 0, rebaselines: 0 };

  constructor(limits: { size: number; itemTimeoutMs: number; workerMemoryMb: number }, host: SchedulerHost) {
    this.#size = Math.max(1, Math.floor(limits.size));
    this.#timeoutMs = limits.itemTimeoutMs;
    this.#memoryMb = limits.workerMemoryMb;
    this.#host = host;
    for (let i = 0; i < this.#size; i++) this.#slots.push(this.#spawn());
    this.#timer = setInterval(() => this.#tick(), Math.max(10, Math.min(100, this.#timeoutMs / 10)));
    // NOTE: the supervisor's port keeps its thread alive; the watch alone must not.
    this.#timer.unref();
  }

  /** What the scheduler has had to do so far. */
  get stats(): DecodeStats {
    return { ...this.#stats };
  }

  /** Queues a batch; its result goes to `host.deliver` when every item is done or failed. */
  submit(job: BatchJob): void {
    const batch: BatchState = { seq: job.seq, preprocessing: job.preprocessing, results: new Array(job.items.length).fill(undefined), left: job.items.length };
    if (batch.left === 0) return this.#finish(batch);
    job.items.forEach((item, index) => {
      const ticket = this.#ticket++;
      this.#queue.push({ ticket, batch, index, item, strikes: 0, message: { ticket, item, bandNames: job.bandNames, preprocessing: job.preprocessing, ...(job.pixels ? { pixels: true } : {}) } });
    });
    this.#pump();
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
  }

  #spawn(): Slot {
    const worker = this.#host.spawn();
    const slot: Slot = { worker, sent: [], since: 0, spawnedAt: this.#host.now(), ready: false, stopping: false, done: 0, lastError: undefined };
    worker.on('message', (m) => this.#onMessage(slot, m));
    worker.on('error', (e) => { slot.lastError = e; });
    worker.on('exit', (code) => this.#onExit(slot, code));
    return slot;
  }

  #replace(slot: Slot): void {
    const i = this.#slots.indexOf(slot);
    if (i < 0 || this.#closed) return;
    this.#slots[i] = this.#spawn();
    this.#stats.respawns++;
  }

  #pump(): void {
    if (this.#guarding || this.#closed || this.#alone) return;
    if (this.#suspects.length > 0) {
      // NOTE: a suspect runs alone, on a fresh worker when there is one, so the guard can blame it exactly.
      if (!this.#slots.every((s) => s.sent.length === 0 && !s.stopping)) return;
      const slot = this.#slots.find((s) => s.done === 0) ?? this.#slots[0]!;
      this.#alone = this.#suspects.shift()!;
      return this.#send(slot, this.#alone);
    }
    for (const slot of this.#slots) {
      while (!slot.stopping && slot.sent.length < DEPTH && this.#queue.length > 0) this.#send(slot, this.#queue.shift()!);
    }
  }

  #send(slot: Slot, task: Task): void {
    if (slot.sent.length === 0) slot.since = this.#host.now();
    slot.sent.push(task);
    slot.worker.postMessage(task.message);
  }

  #onMessage(slot: Slot, m: WorkerReply): void {
    if (!this.#slots.includes(slot) || slot.stopping) return;
    if (m.type === 'ready') {
      slot.ready = true;
      slot.since = this.#host.now();
      this.#startFailures = 0;
      if (this.#base === undefined && this.#slots.every((s) => s.ready)) this.#base = this.#host.rss();
      return;
    }
    const task = slot.sent.shift();
    if (!task || task.ticket !== m.ticket) return this.#fatal(`decode worker answered item ${m.ticket}, expected ${task?.ticket}`);
    slot.since = this.#host.now();
    slot.done++;
    if (task === this.#alone) this.#alone = undefined;
    this.#settle(task, m.data ?? m.failure!);
    this.#pump();
  }

  #onExit(slot: Slot, code: number): void {
    if (!this.#slots.includes(slot) || slot.stopping || this.#closed) return;
    const [current, ...rest] = slot.sent;
    slot.sent = [];
    this.#queue.unshift(...rest);
    if (current === this.#alone) this.#alone = undefined;
    if (!slot.ready) {
      if (current) (current.strikes > 0 ? this.#suspects : this.#queue).unshift(current);
      if (++this.#startFailures >= MAX_START_FAILURES) return this.#fatal(`decode workers cannot start: ${slot.lastError?.message ?? `exit code ${code}`}`);
    } else if (current) {
      const oom = slot.lastError?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      if (oom) this.#stats.outOfMemory++;
      else this.#stats.crashes++;
      this.#fail(current, oom ? 'features/decode-out-of-memory' : 'features/decode-crashed', oom
        ? `decoding it filled the decode worker's ${this.#memoryMb} MB heap (raise --worker-memory if the image is really that large)`
        : `the decode worker died while decoding it: ${slot.lastError?.message ?? `exit code ${code}`}`);
    }
    this.#replace(slot);
    this.#pump();
  }

  #tick(): void {
    if (this.#closed) return;
    const now = this.#host.now();
    for (const slot of [...this.#slots]) {
      if (slot.stopping) continue;
      if (!slot.ready && now - slot.spawnedAt > Math.max(30_000, this.#timeoutMs)) void this.#stopUnstarted(slot);
      else if (slot.ready && slot.sent.length > 0 && now - slot.since > this.#timeoutMs) void this.#timeout(slot);
    }
    if (this.#guarding || this.#base === undefined || !this.#slots.some((s) => s.sent.length > 0 && !s.stopping)) return;
    const rss = this.#host.rss();
    if (rss > this.#base + this.#budget()) void this.#memoryStop(rss);
  }

  #budget(): number {
    return memoryGuardBudget(this.#size, this.#memoryMb);
  }

  async #timeout(slot: Slot): Promise<void> {
    const [current, ...rest] = this.#detach(slot);
    if (current === this.#alone) this.#alone = undefined;
    this.#queue.unshift(...rest);
    this.#stats.timeouts++;
    if (current) this.#fail(current, 'features/decode-timeout', `decoding it took longer than ${this.#timeoutMs / 1000} s; its worker was stopped (--item-timeout)`);
    await slot.worker.terminate();
    this.#replace(slot);
    this.#pump();
  }

  async #stopUnstarted(slot: Slot): Promise<void> {
    this.#queue.unshift(...this.#detach(slot));
    await slot.worker.terminate();
    if (++this.#startFailures >= MAX_START_FAILURES) return this.#fatal('decode workers do not start (no answer in 30 s)');
    this.#replace(slot);
    this.#pump();
  }

  async #memoryStop(rss: number): Promise<void> {
    this.#guarding = true;
    this.#stats.memoryGuardStops++;
    const busy = this.#slots.filter((s) => s.sent.length > 0 && !s.stopping);
    const victims: Task[] = [];
    const innocent: Task[] = [];
    for (const slot of busy) {
      const [current, ...rest] = this.#detach(slot);
      if (current) victims.push(current);
      innocent.push(...rest);
    }
    this.#queue.unshift(...innocent.sort((a, b) => a.ticket - b.ticket));
    await Promise.all(busy.map((s) => s.worker.terminate()));
    const after = this.#host.rss();
    const alone = this.#alone;
    this.#alone = undefined;
    if (after > this.#base! + this.#budget() / 2) {
      // NOTE: memory stayed up with the decoders gone: the growth is someone else's (ONNX Runtime's arena, say).
      this.#base = after;
      this.#stats.rebaselines++;
      for (const v of victims) (v === alone ? this.#suspects : this.#queue).unshift(v);
    } else {
      for (const v of victims) {
        if (v === alone || v.strikes > 0) {
          this.#stats.outOfMemory++;
          this.#fail(v, 'features/decode-out-of-memory', `decoding it alone took the process's memory to ${Math.round(rss / MB)} MB, past the guard's ${Math.round((this.#base! + this.#budget()) / MB)} MB (${this.#size} worker(s) × 2 × ${this.#memoryMb} MB over ${Math.round(this.#base! / MB)} MB; raise --worker-memory if the image is really that large)`);
        } else {
          v.strikes++;
          this.#suspects.push(v);
        }
      }
    }
    for (const slot of busy) this.#replace(slot);
    this.#guarding = false;
    this.#pump();
  }

  #detach(slot: Slot): Task[] {
    slot.stopping = true;
    const sent = slot.sent;
    slot.sent = [];
    return sent;
  }

  #fail(task: Task, code: FeaturesErrorCode, error: string): void {
    this.#settle(task, { row: task.item.row, id: task.item.id, path: itemPath(task.item.source), code, error });
  }

  #settle(task: Task, result: Float32Array | Uint8Array | ItemFailure): void {
    const b = task.batch;
    if (b.results[task.index] !== undefined) return;
    b.results[task.index] = result;
    if (--b.left === 0) this.#finish(b);
  }

  #finish(b: BatchState): void {
    this.#host.deliver({ seq: b.seq, ...joinItemInputs(b.results as (Float32Array | Uint8Array | ItemFailure)[], b.preprocessing) }, this.stats);
  }

  #fatal(message: string): void {
    if (this.#closed) return;
    void this.close();
    this.#host.fatal(message);
  }
}

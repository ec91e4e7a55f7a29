import { expect } from 'chai';
import type { DatasetItem } from '../dataset/dataset.js';
import type { DecodeStats, ItemTask, WorkerReply } from './decode-messages.js';
import { DecodeScheduler, type DecodeWorkerHandle, type SchedulerHost } from './decode-scheduler.node.js';
import type { PreparedBatch } from './prepare-batch.node.js';

const MB = 2 ** 20;

/** A decode worker the test answers by hand. */
class FakeWorker implements DecodeWorkerHandle {
  readonly got: ItemTask[] = [];
  terminated = false;
  onTerminate: () => void = () => {};
  readonly #listeners: Record<string, ((x: never) => void)[]> = {};
  postMessage(m: ItemTask): void {
    this.got.push(m);
  }
  async terminate(): Promise<number> {
    this.terminated = true;
    this.onTerminate();
    return 1;
  }
  on(event: string, listener: (x: never) => void): this {
    (this.#listeners[event] ??= []).push(listener);
    return this;
  }
  emit(event: 'message', m: WorkerReply): void {
    for (const l of this.#listeners[event] ?? []) (l as (x: WorkerReply) => void)(m);
  }
  /** Answers its oldest unanswered task with `n` floats of its ticket. */
  answer(): number {
    const done = this.#answered++;
    const t = this.got[done]!;
    this.emit('message', { type: 'item', ticket: t.ticket, data: new Float32Array(2).fill(t.ticket) });
    return t.ticket;
  }
  #answered = 0;
  get pending(): number {
    return this.got.length - this.#answered;
  }
}

const item = (k: number): DatasetItem => ({ row: k + 2, id: `i${k}`, source: { kind: 'file', path: `/d/i${k}.fits` } });
const preprocessing = { config: { inputSize: [2, 2] as [number, number], resize: 'exact' as const, crop: 'none' as const, scale: '0-1' as const, mean: [0], std: [1], channelOrder: 'RGB' as const, layout: 'NCHW' as const }, tta: 'none' as const };
const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function setup(size: number): { workers: FakeWorker[]; s: DecodeScheduler; rss: { value: number }; out: { batch: PreparedBatch; stats: DecodeStats }[] } {
  const workers: FakeWorker[] = [];
  const rss = { value: 100 * MB };
  const out: { batch: PreparedBatch; stats: DecodeStats }[] = [];
  const host: SchedulerHost = {
    spawn: () => {
      const w = new FakeWorker();
      workers.push(w);
      queueMicrotask(() => w.emit('message', { type: 'ready' }));
      return w;
    },
    rss: () => rss.value,
    now: () => performance.now(),
    deliver: (batch, stats) => out.push({ batch, stats }),
    fatal: (m) => expect.fail(m),
  };
  const s = new DecodeScheduler({ size, itemTimeoutMs: 600_000, workerMemoryMb: 64 }, host);
  return { workers, s, rss, out };
}

describe('DecodeScheduler: the memory guard blames only what it can prove (fake workers)', function () {
  this.timeout(20_000);

  it('memory that stays up when the decoding workers stop is not theirs: the baseline moves, their items run again', async () => {
    const { workers, s, rss, out } = setup(2);
    await wait(1);
    s.submit({ seq: 0, items: [0, 1, 2, 3].map(item), bandNames: [], preprocessing });
    expect(workers.map((w) => w.got.length)).to.deep.equal([2, 2]);
    rss.value = 100 * MB + 2 * 2 * 64 * MB + 1; // over the baseline + 2 workers × 2 × 64 MB, and it stays there
    await wait(250);
    expect(workers.slice(0, 2).map((w) => w.terminated)).to.deep.equal([true, true]);
    expect(workers).to.have.length(4);
    await wait(1);
    // fresh workers got the four items again; nothing failed
    while (workers.slice(2).some((w) => w.pending > 0)) for (const w of workers.slice(2)) if (w.pending > 0) w.answer();
    expect(out).to.have.length(1);
    expect(out[0]!.batch.ok).to.deep.equal([0, 1, 2, 3]);
    expect(out[0]!.stats).to.deep.include({ memoryGuardStops: 1, rebaselines: 1, outOfMemory: 0 });
    await s.close();
  });

  it('memory that falls when the workers stop makes their items suspects; a suspect runs alone and fails only if it sets the guard off alone', async () => {
    const { workers, s, rss, out } = setup(2);
    await wait(1);
    s.submit({ seq: 0, items: [0, 1, 2, 3, 4].map(item), bandNames: [], preprocessing });
    // worker 0 decodes item 0 (the runaway, item 1 queued behind it), worker 1 item 2 (innocent, item 3
    // behind it); both stopped, memory falls: items 0 and 2 become suspects, 1 and 3 go back to the queue
    for (const w of workers) w.onTerminate = () => { rss.value = 100 * MB; };
    rss.value = 400 * MB;
    await wait(250);
    expect(workers).to.have.length(4);
    await wait(1);
    // the first suspect (item 0) runs alone: one worker has one task, the other none
    const fresh = workers.slice(2);
    expect(fresh.map((w) => w.got.map((t) => t.ticket))).to.deep.equal([[0], []]);
    fresh[0]!.onTerminate = () => { rss.value = 100 * MB; };
    rss.value = 400 * MB; // alone, item 0 sets the guard off again: blamed
    await wait(250);
    await wait(1);
    // then item 2 alone (it passes), then the rest in parallel
    const alone = workers.filter((w) => !w.terminated && w.pending > 0);
    expect(alone.map((w) => w.got.at(-1)!.ticket)).to.deep.equal([2]);
    alone[0]!.answer();
    while (workers.some((w) => !w.terminated && w.pending > 0)) for (const w of workers) if (!w.terminated && w.pending > 0) w.answer();
    expect(out).to.have.length(1);
    const b = out[0]!.batch;
    expect(b.ok).to.deep.equal([1, 2, 3, 4]);
    expect(b.failures.map((f) => [f.id, f.code])).to.deep.equal([['i0', 'features/decode-out-of-memory']]);
    expect(Array.from(b.data)).to.deep.equal([1, 1, 2, 2, 3, 3, 4, 4]);
    expect(out[0]!.stats).to.deep.include({ memoryGuardStops: 2, rebaselines: 0, outOfMemory: 1 });
    await s.close();
  });
});

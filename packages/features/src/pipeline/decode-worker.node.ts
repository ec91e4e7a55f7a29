/**
 * Node-only. The body of a decode worker thread: decodes and preprocesses one item at a time, in the order
 * the supervisor sent them, and answers each with its float32 input or 8-bit pixels (transferred, not copied)
 * or its failure.
 * One item at a time is what lets the supervisor blame the right item when the worker hangs or dies.
 *
 * `KENOBI_TEST_DECODE_HOOK` (tests only): a module path or URL whose `beforeDecode(item)` runs before each
 * item, to inject a decoder that hangs, throws or exhausts memory.
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';
import type { DatasetItem } from '../dataset/dataset.js';
import { ItemReader } from './decode-item.node.js';
import type { ItemTask, WorkerReply } from './decode-messages.js';
import { prepareBatch } from './prepare-batch.node.js';

type Hook = (item: DatasetItem) => void | Promise<void>;

async function loadHook(): Promise<Hook | undefined> {
  const spec = process.env.KENOBI_TEST_DECODE_HOOK;
  if (!spec) return undefined;
  const mod = (await import(isAbsolute(spec) ? pathToFileURL(spec).href : spec)) as { beforeDecode?: Hook };
  return mod.beforeDecode;
}

const hook = await loadHook();
const reader = new ItemReader();
const queue: ItemTask[] = [];
let running = false;

const reply = (m: WorkerReply, transfer: ArrayBuffer[] = []): void => parentPort!.postMessage(m, transfer);

async function drain(): Promise<void> {
  running = true;
  while (queue.length > 0) {
    const task = queue.shift()!;
    // NOTE: a hook that throws is a failing decoder: prepareBatch reports it like any reader error.
    const batch = await prepareBatch({ seq: task.ticket, items: [task.item], bandNames: task.bandNames, preprocessing: task.preprocessing, ...(task.pixels ? { pixels: true } : {}) },
      hook ? withHook(reader, hook) : reader);
    if (batch.ok.length === 1) reply({ type: 'item', ticket: task.ticket, data: batch.data }, [batch.data.buffer as ArrayBuffer]);
    else reply({ type: 'item', ticket: task.ticket, failure: batch.failures[0]! });
  }
  running = false;
}

function withHook(r: ItemReader, h: Hook): Pick<ItemReader, 'read'> {
  return { read: async (item: DatasetItem) => { await h(item); return r.read(item); } };
}

parentPort!.on('message', (task: ItemTask) => {
  queue.push(task);
  if (!running) void drain();
});
reply({ type: 'ready' });

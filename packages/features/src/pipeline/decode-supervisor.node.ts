/**
 * Node-only. The body of the decode supervisor thread that `DecodePool` starts: runs a `DecodeScheduler`
 * over decode workers started with V8 resource limits, and passes batches to and from the main thread. A
 * thread of its own because ONNX Runtime's `run` blocks the main thread's event loop for the length of an
 * inference, and the time limits and the memory guard must not wait for it.
 */
import { parentPort, workerData, Worker } from 'node:worker_threads';
import type { SupervisorInit, SupervisorReply, SupervisorRequest } from './decode-messages.js';
import { workerResourceLimits } from './decode-limits.js';
import { DecodeScheduler } from './decode-scheduler.node.js';

const init = (workerData as { init: SupervisorInit }).init;
const reply = (m: SupervisorReply, transfer: ArrayBuffer[] = []): void => parentPort!.postMessage(m, transfer);
const resourceLimits = workerResourceLimits(init.workerMemoryMb);

const scheduler = new DecodeScheduler(init, {
  spawn: () => init.worker.bootstrap
    ? new Worker(new URL(init.worker.bootstrap), { workerData: { entry: init.worker.entry }, resourceLimits })
    : new Worker(new URL(init.worker.entry), { resourceLimits }),
  rss: () => process.memoryUsage.rss(),
  now: () => performance.now(),
  deliver: (batch, stats) => reply({ type: 'batch', batch, stats }, [batch.data.buffer as ArrayBuffer]),
  fatal: (message) => reply({ type: 'fatal', message }),
});

parentPort!.on('message', (m: SupervisorRequest) => {
  if (m.type === 'job') scheduler.submit(m.job);
  else void scheduler.close().then(() => parentPort!.close());
});

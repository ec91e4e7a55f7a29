/**
 * Node-only. The body of a decode worker thread: receives `BatchJob`s, answers `PreparedBatch`es with the
 * float32 buffer transferred (not copied). Started by `DecodePool`.
 */
import { parentPort } from 'node:worker_threads';
import { ItemReader } from './decode-item.node.js';
import { prepareBatch, type BatchJob } from './prepare-batch.node.js';

const reader = new ItemReader();
parentPort?.on('message', (job: BatchJob) => {
  prepareBatch(job, reader).then(
    (batch) => parentPort!.postMessage({ batch }, [batch.data.buffer as ArrayBuffer]),
    (e: unknown) => parentPort!.postMessage({ seq: job.seq, error: e instanceof Error ? e.message : String(e) }),
  );
});

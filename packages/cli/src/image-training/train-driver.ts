/**
 * The main-thread side of `kenobi train --arch`: starts the training worker, draws its progress with the
 * CLI's progress bar (epoch, images, loss, the last validation AUC, images/s) and turns Ctrl-C (or SIGTERM)
 * into "stop after this step and write the checkpoint". A second one stops the worker at once (the checkpoint
 * of the last finished epoch stays).
 */
import { Worker } from 'node:worker_threads';
import { KenobiError } from '@kenobi/core';
import type { CommandIo } from '../command.js';
import { progressBar } from '../progress-bar.js';
import type { DriverCommand, ImageRunConfig, ImageRunReport, WorkerEvent } from './image-run-config.js';

/**
 * How a run ended: with a model, or stopped on request with its checkpoint.
 *
 * @example
 * ```ts
 * const r: DriverResult = { kind: 'stopped', checkpoint: 'lensnet.kenobi.ckpt', position: 'fold 2/5, epoch 3' };
 * ```
 */
export type DriverResult =
  | { readonly kind: 'done'; readonly model: Uint8Array; readonly report: ImageRunReport }
  | { readonly kind: 'stopped'; readonly checkpoint: string; readonly position: string };

/**
 * `KENOBI_TEST_STOP_AFTER_BATCHES=n` (tests only): ask the worker to stop after the n-th batch it reports,
 * exactly as Ctrl-C does, so the checkpoint/resume path runs without signals.
 */
const TEST_STOP = 'KENOBI_TEST_STOP_AFTER_BATCHES';

function startWorker(config: ImageRunConfig): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    return new Worker(new URL('./train-worker-bootstrap.mjs', here), { workerData: { entry: new URL('./train-worker.ts', here).href, config } });
  }
  return new Worker(new URL('./train-worker.js', here), { workerData: { config } });
}

/**
 * Runs `config` in a worker thread; `quiet` drops the progress and log lines (--json).
 *
 * @example
 * ```ts
 * const r = await driveImageTraining(config, io, { quiet: false });
 * if (r.kind === 'stopped') io.stderr.write(`checkpoint written to ${r.checkpoint}; resume with --resume\n`);
 * ```
 */
export async function driveImageTraining(config: ImageRunConfig, io: CommandIo, options: { readonly quiet: boolean }): Promise<DriverResult> {
  const worker = startWorker(config);
  const bar = progressBar(io.stderr);
  const tty = io.stderr.isTTY === true;
  const say = (line: string): void => {
    if (!options.quiet) io.stderr.write(`${tty ? '\r\x1b[2K' : ''}${line}\n`);
  };
  let stopping = false;
  const stop = (): void => {
    if (stopping) {
      say('second Ctrl-C: stopping now (the checkpoint of the last finished epoch is kept)');
      void worker.terminate();
      return;
    }
    stopping = true;
    say('stopping after the current step; writing the checkpoint...');
    worker.postMessage({ type: 'stop' } satisfies DriverCommand);
  };
  const stopAfter = Number(process.env[TEST_STOP] ?? 0);
  let batches = 0;
  // NOTE: SIGTERM (kill, batch schedulers before their SIGKILL) stops the same way: the step ends, the checkpoint is written.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    return await new Promise<DriverResult>((resolve, reject) => {
      worker.on('message', (e: WorkerEvent) => {
        switch (e.type) {
          case 'line': return say(e.line);
          case 'batch':
            // NOTE: off a terminal the epoch lines say it all; the bar would only repeat them.
            if (!options.quiet && tty) bar({ phase: e.phase, done: e.done, total: e.total, unit: 'images', detail: e.detail });
            if (stopAfter > 0 && ++batches === stopAfter) stop();
            return;
          case 'done': return resolve({ kind: 'done', model: e.model, report: e.report });
          case 'stopped': return resolve({ kind: 'stopped', checkpoint: e.checkpoint, position: e.position });
          case 'failed': {
            const { code, message, details } = e.error;
            return reject(code ? new KenobiError(code, message, details ? { details: { ...details } } : {}) : new Error(message));
          }
        }
      });
      worker.on('error', (err) => reject(err));
      worker.on('exit', (code) => reject(new KenobiError('cli/training-worker', `the training worker exited (code ${code}) before it finished`, { hint: stopping ? 'stopped by a second Ctrl-C; resume with --resume from the last epoch\'s checkpoint' : 'run again with KENOBI_DEBUG=1' })));
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    bar.finish();
    await worker.terminate();
  }
}

/**
 * Node-only: checkpoint bytes on disk, written atomically (a temporary file in the same folder, fsynced,
 * then renamed over the target), so a Ctrl-C or a crash mid-write leaves the previous checkpoint intact.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { LearnError } from '../learn-error.js';

/**
 * Writes `bytes` to `path` atomically.
 *
 * @example
 * ```ts
 * import { writeCheckpointFile } from '@kenobi/learn/node';
 * await trainer.fit(train, { epochs: 10, onCheckpoint: (bytes) => writeCheckpointFile('run.ckpt', bytes) });
 * ```
 */
export function writeCheckpointFile(path: string, bytes: Uint8Array): void {
  const target = resolve(path);
  const tmp = `${target}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, target);
}

/**
 * Reads a checkpoint file (`learn/bad-file` naming the path when it cannot).
 *
 * @example
 * ```ts
 * const trainer = await ImageTrainer.resume(readCheckpointFile('run.ckpt'));
 * ```
 */
export function readCheckpointFile(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(resolve(path)));
  } catch (e) {
    throw new LearnError('learn/bad-file', `cannot read the checkpoint ${resolve(path)}: ${(e as Error).message}`, { cause: e });
  }
}

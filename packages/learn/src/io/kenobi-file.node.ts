/**
 * Node-only: `.kenobi` heads on disk (atomic write: a temporary file renamed into place).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LearnError } from '../learn-error.js';
import type { Sequential } from '../model/sequential.js';
import { loadModel, saveModel } from './kenobi-format.js';

/**
 * Writes `model` and `metadata` as a `.kenobi` file; the file appears whole or not at all.
 *
 * @example
 * ```ts
 * import { saveHeadFile } from '@kenobi/learn/node';
 * saveHeadFile('head.kenobi', model, { classes: ['elliptical', 'spiral'] });
 * ```
 */
export function saveHeadFile(path: string, model: Sequential, metadata: Record<string, unknown> = {}): void {
  const target = resolve(path);
  const tmp = `${target}.tmp-${process.pid}`;
  writeFileSync(tmp, saveModel(model, metadata));
  renameSync(tmp, target);
}

/**
 * Reads a `.kenobi` file: the model and its metadata. A missing or damaged file is `learn/bad-file` with the path.
 *
 * @example
 * ```ts
 * import { loadHeadFile } from '@kenobi/learn/node';
 * const { model, metadata } = loadHeadFile('head.kenobi');
 * ```
 */
export function loadHeadFile(path: string): ReturnType<typeof loadModel> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(resolve(path)));
  } catch (e) {
    throw new LearnError('learn/bad-file', `cannot read the head ${resolve(path)}: ${(e as Error).message}`, { hint: 'train one with kenobi train --out head.kenobi', cause: e });
  }
  return loadModel(bytes, { source: resolve(path) });
}

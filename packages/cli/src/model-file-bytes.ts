/**
 * Node-only. The bytes of a `.kenobi` (or ONNX) model file the CLI was given, or `learn/bad-file` saying why
 * not: the one read that `kenobi evaluate|export|predict` do before telling an image model, a fine-tuned
 * model and a head apart by their header.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LearnError } from '@kenobi/learn';

/**
 * The file's bytes; `learn/bad-file` (with the system's reason) when it cannot be read.
 *
 * @example
 * ```ts
 * const bytes = readModelFileBytes('gz1.kenobi'); // Uint8Array
 * ```
 */
export function readModelFileBytes(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(resolve(path)));
  } catch (e) {
    throw new LearnError('learn/bad-file', `cannot read ${resolve(path)}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * True when `bytes` begin with the fine-tuned model container's magic (`KNBF`).
 *
 * @example
 * ```ts
 * isFinetunedFile(readModelFileBytes('gz1.kenobi')); // true
 * ```
 */
export function isFinetunedFile(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && new TextDecoder().decode(bytes.subarray(0, 4)) === 'KNBF';
}

/**
 * Node-only. Reads just the header of an `.npy` file (dtype and shape) without loading its data.
 */
import { open } from 'node:fs/promises';
import { parseNpyDescr, type NpyDtype } from '@kenobi/core';
import { FeaturesError } from '../features-error.js';

/**
 * The dtype and shape of an `.npy` file, from its first bytes.
 *
 * @example
 * ```ts
 * await readNpyHeader('stack.npy'); // { dtype: 'float32', shape: [20, 100, 100, 3], dataOffset: 128 }
 * ```
 */
export async function readNpyHeader(path: string): Promise<{ dtype: NpyDtype; shape: number[]; dataOffset: number; fortranOrder: boolean }> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const b = head.subarray(0, bytesRead);
    if (bytesRead < 10 || b.toString('latin1', 1, 6) !== 'NUMPY') throw new FeaturesError('features/bad-dataset', `${path} is not an .npy file`);
    const major = b[6]!;
    const len = major === 1 ? b.readUInt16LE(8) : b.readUInt32LE(8);
    const start = major === 1 ? 10 : 12;
    const text = b.toString('latin1', start, Math.min(bytesRead, start + len));
    const descr = /'descr'\s*:\s*'([^']+)'/.exec(text)?.[1];
    const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
    if (descr === undefined || shape === undefined) throw new FeaturesError('features/bad-dataset', `${path}: .npy header not understood`);
    return {
      dtype: parseNpyDescr(descr).dtype,
      shape: shape.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number),
      dataOffset: start + len,
      fortranOrder: /'fortran_order'\s*:\s*True/.test(text),
    };
  } finally {
    await fh.close();
  }
}

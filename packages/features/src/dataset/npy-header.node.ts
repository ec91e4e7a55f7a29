/**
 * Node-only. Reads just the header of an `.npy` file (dtype and shape) without loading its data.
 */
import { open } from 'node:fs/promises';
import { isKenobiError, parseNpyHeader, type NpyDtype } from '@kenobi/core';
import { FeaturesError } from '../features-error.js';

/**
 * The dtype and shape of an `.npy` file, from its first bytes, checked against the file's size (the data the
 * header claims must be there). A bad header is `features/bad-dataset` naming the file.
 *
 * @example
 * ```ts
 * await readNpyHeader('stack.npy'); // { dtype: 'float32', shape: [20, 100, 100, 3], dataOffset: 128 }
 * ```
 */
export async function readNpyHeader(path: string): Promise<{ dtype: NpyDtype; shape: number[]; dataOffset: number; fortranOrder: boolean }> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    let head = Buffer.alloc(Math.min(size, 65536));
    let { bytesRead } = await fh.read(head, 0, head.length, 0);
    // NOTE: a version 2/3 header may be longer than 64 kB; read it whole, but never past the file's end.
    const declared = bytesRead >= 12 && head[6]! > 1 ? 12 + head.readUInt32LE(8) : 0;
    if (declared > bytesRead && declared <= size) {
      head = Buffer.alloc(declared);
      ({ bytesRead } = await fh.read(head, 0, declared, 0));
    }
    // NOTE: the header is checked by the same code as readNpy (it used to throw RangeErrors on a short file and
    // read shapes such as (NaN,) or (-1,) as numbers: found by the fuzzer).
    const h = parseNpyHeader(head.subarray(0, bytesRead), size, { source: path });
    return { dtype: h.dtype, shape: h.shape, dataOffset: h.dataOffset, fortranOrder: h.fortranOrder };
  } catch (e) {
    if (isKenobiError(e, 'core/npy-invalid') || isKenobiError(e, 'core/npy-unsupported')) throw new FeaturesError('features/bad-dataset', e.message, { cause: e });
    throw e;
  } finally {
    await fh.close();
  }
}

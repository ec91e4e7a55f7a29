/**
 * Node-only. sha256 of a file, streamed (models are up to 600 MB).
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * Hex sha256 of a file's bytes (optionally only its first `length` bytes), fed into `hash` when given.
 *
 * @example
 * ```ts
 * await fileSha256('/shared/models/mnist-8.onnx'); // '2f06e72d…c9bf'
 * ```
 */
export async function fileSha256(path: string, options: { hash?: Hash; length?: number } = {}): Promise<string> {
  const hash = options.hash ?? createHash('sha256');
  if (options.length === 0) return options.hash ? '' : hash.digest('hex');
  const stream = createReadStream(path, options.length === undefined ? {} : { start: 0, end: options.length - 1 });
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return options.hash ? '' : hash.digest('hex');
}

/**
 * Test support: reads the MNIST idx files (`t10k-images-idx3-ubyte.gz`, `t10k-labels-idx1-ubyte.gz`).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/**
 * Images as one Uint8Array (n × rows × cols) plus labels.
 *
 * @example
 * ```ts
 * const { images, labels, n, rows, cols } = readMnist('../shared/data/mnist');
 * n; // 10000
 * ```
 */
export function readMnist(dir: string): { images: Uint8Array; labels: Uint8Array; n: number; rows: number; cols: number } {
  const img = gunzipSync(readFileSync(`${dir}/t10k-images-idx3-ubyte.gz`));
  const lab = gunzipSync(readFileSync(`${dir}/t10k-labels-idx1-ubyte.gz`));
  if (img.readUInt32BE(0) !== 0x803 || lab.readUInt32BE(0) !== 0x801) throw new Error('not MNIST idx files (bad magic)');
  const n = img.readUInt32BE(4);
  const rows = img.readUInt32BE(8);
  const cols = img.readUInt32BE(12);
  if (lab.readUInt32BE(4) !== n) throw new Error('image and label counts differ');
  return { images: new Uint8Array(img.buffer, img.byteOffset + 16, n * rows * cols), labels: new Uint8Array(lab.buffer, lab.byteOffset + 8, n), n, rows, cols };
}

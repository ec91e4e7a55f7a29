/**
 * Test support for image models: small seeded image sets (Gaussian noise; bright blob vs ring) and a way
 * to compare weights bit for bit.
 */
import { SeededRandom } from '@kenobi/core';
import type { ImageModel } from '../cnn/image-model.js';
import { imageArray, type ImageDataset } from '../cnn/image-dataset.js';

/**
 * `n` images of Gaussian noise, [h, w, c], with alternating 0/1 labels.
 *
 * @example
 * ```ts
 * const data = noiseImages(16, [8, 8, 2], 5);
 * ```
 */
export function noiseImages(n: number, shape: readonly [number, number, number], seed: number): ImageDataset {
  const rng = new SeededRandom(seed);
  const data = Float32Array.from({ length: n * shape[0] * shape[1] * shape[2] }, () => rng.normal());
  return { images: imageArray(data, shape), labels: Int32Array.from({ length: n }, (_, i) => i % 2) };
}

/**
 * A separable synthetic task: label 0 = a filled Gaussian blob, label 1 = a thin ring (the same radius range
 * and total brightness scale), at random centres, with noise, `size`×`size`×1.
 *
 * @example
 * ```ts
 * const train = blobsAndRings(400, 16, 1); // held out: blobsAndRings(200, 16, 2)
 * ```
 */
export function blobsAndRings(n: number, size: number, seed: number): ImageDataset {
  const rng = new SeededRandom(seed);
  const data = new Float32Array(n * size * size);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const ring = rng.uniform() < 0.5;
    labels[i] = ring ? 1 : 0;
    const cx = size / 2 + rng.uniformIn(-2, 2), cy = size / 2 + rng.uniformIn(-2, 2);
    const r = rng.uniformIn(3, size / 2 - 3);
    const amp = rng.uniformIn(0.7, 1.3);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const d = Math.hypot(x - cx, y - cy);
        const v = ring ? Math.exp(-((d - r) ** 2) / 1.2) : Math.exp(-(d * d) / (0.5 * r * r));
        data[i * size * size + y * size + x] = amp * v + 0.1 * rng.normal();
      }
    }
  }
  return { images: imageArray(data, [size, size, 1]), labels };
}

/**
 * All params and buffers of a model as one byte string, for bit-identity checks.
 *
 * @example
 * ```ts
 * expect(weightBytes(a)).to.equal(weightBytes(b));
 * ```
 */
export function weightBytes(model: ImageModel): string {
  return [...model.params(), ...model.buffers()].map((p) => Buffer.from(new Uint8Array(p.value.buffer, p.value.byteOffset, p.value.byteLength)).toString('base64')).join('|');
}

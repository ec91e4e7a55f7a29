/**
 * Reads batches of images from an {@link ImageSource} into one reused NCHW float32 buffer.
 */
import type { SeededRandom } from '@kenobi/core';
import { LearnError } from '../learn-error.js';
import type { ImageSource, ReadStep } from './image-dataset.js';
import type { ImageModel } from './image-model.js';

/**
 * A reusable batch buffer for one model.
 *
 * @example
 * ```ts
 * const reader = new BatchReader(model, 32);
 * const x = await reader.read(train.images, [4, 8, 15]); // [3, C, H, W] view of the buffer
 * ```
 */
export class BatchReader {
  private buffer = new Float32Array(0);
  private readonly perImage: number;

  constructor(private readonly model: ImageModel, private readonly batchSize: number) {
    this.perImage = model.inputChw.reduce((a, b) => a * b, 1);
  }

  /**
   * Images `indices` as a view of the buffer (valid until the next read); `learn/shape-mismatch` when the
   * source's images are not the model's input shape. `augment` and `at` go to the source (training steps only).
   */
  async read(images: ImageSource, indices: ArrayLike<number>, augment?: SeededRandom, at?: ReadStep): Promise<Float32Array> {
    const [h, w, c] = images.shape;
    const [mh, mw, mc] = this.model.inputShape;
    if (h !== mh || w !== mw || c !== mc) throw new LearnError('learn/shape-mismatch', `images are ${h}×${w}×${c}; the model takes ${mh}×${mw}×${mc}`);
    const size = indices.length * this.perImage;
    if (this.buffer.length < size) this.buffer = new Float32Array(Math.max(indices.length, this.batchSize) * this.perImage);
    const x = this.buffer.subarray(0, size);
    await images.read(indices, x, augment, at);
    return x;
  }
}

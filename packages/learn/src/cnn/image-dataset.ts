/**
 * Where a trainer's images come from: a source that writes any rows, in any order, as NCHW float32 into a
 * batch buffer. `imageArray` holds them in memory; streaming sources (`@kenobi/features/node`'s
 * `DatasetImageSource`: FITS bands, PNG/JPEG, `.npy`, decoded in worker threads, with seeded per-image
 * augmentation) implement the same interface without loading the whole set.
 */
import type { SeededRandom } from '@kenobi/core';
import { LearnError } from '../learn-error.js';
import type { Targets } from '../losses/loss.js';
import { fromKerasInputShape } from './activation-shape.js';

/**
 * Which training step a read is for: a source that augments derives each image's transform from
 * (seed, epoch, index), so a resumed run sees the same images.
 *
 * @example
 * ```ts
 * const at: ReadStep = { seed: 7, epoch: 2, batch: 11 };
 * ```
 */
export interface ReadStep {
  readonly seed: number;
  readonly epoch: number;
  readonly batch: number;
}

/**
 * Images by index.
 *
 * @example
 * ```ts
 * const out = new Float32Array(2 * 3 * 64 * 64);
 * await source.read([5, 9], out); // images 5 and 9, NCHW
 * ```
 */
export interface ImageSource {
  readonly size: number;
  /** Keras's [height, width, channels]. */
  readonly shape: readonly [number, number, number];
  /**
   * Writes images `indices` into `out` as [indices.length, C, H, W] float32. `augment`, when given, is the
   * step's seeded generator for on-the-fly augmentation and `at` the step it is for (training reads only;
   * sources without augmentation ignore both; inference reads pass neither).
   */
  read(indices: ArrayLike<number>, out: Float32Array, augment?: SeededRandom, at?: ReadStep): void | Promise<void>;
  /**
   * Optional: images `indices` will be read next (the trainer and inference announce the next batch before
   * running the current one), so a streaming source can decode them meanwhile. A hint: `read` must work
   * without it.
   */
  prefetch?(indices: ArrayLike<number>): void;
}

/**
 * Images with their targets (class labels or a [n, outputs] matrix) and optional per-image weights.
 *
 * @example
 * ```ts
 * const train: ImageDataset = { images: imageArray(pixels, [16, 16, 1]), labels: Int32Array.from(y) };
 * ```
 */
export interface ImageDataset {
  readonly images: ImageSource;
  readonly labels: Targets;
  readonly weights?: ArrayLike<number>;
}

/**
 * Memory layouts of {@link imageArray}.
 *
 * @example
 * ```ts
 * IMAGE_LAYOUTS; // ['nchw', 'nhwc']
 * ```
 */
export const IMAGE_LAYOUTS = Object.freeze(['nchw', 'nhwc'] as const);
/** One of {@link IMAGE_LAYOUTS}. */
export type ImageLayout = (typeof IMAGE_LAYOUTS)[number];

/**
 * An in-memory image source over one Float32Array: 'nchw' (Kenobi's, copied by rows) or 'nhwc' (Keras's
 * and decoded pixels', transposed per image on read).
 *
 * @example
 * ```ts
 * const src = imageArray(new Float32Array(100 * 16 * 16), [16, 16, 1]);
 * src.size; // 100
 * ```
 */
export function imageArray(data: Float32Array, shape: readonly number[], options: { readonly layout?: ImageLayout } = {}): ImageSource {
  const [c, h, w] = fromKerasInputShape(shape);
  const per = c * h * w;
  if (data.length % per !== 0) {
    throw new LearnError('learn/shape-mismatch', `${data.length} values are not a whole number of ${shape.join('×')} images (${per} values each)`);
  }
  const layout = options.layout ?? 'nchw';
  if (!(IMAGE_LAYOUTS as readonly string[]).includes(layout)) throw new LearnError('learn/bad-argument', `layout must be 'nchw' or 'nhwc', got ${JSON.stringify(layout)}`);
  const size = data.length / per;
  return {
    size,
    shape: [h, w, c],
    read(indices: ArrayLike<number>, out: Float32Array): void {
      for (let r = 0; r < indices.length; r++) {
        const i = indices[r]!;
        if (!(Number.isInteger(i) && i >= 0 && i < size)) throw new LearnError('learn/bad-argument', `image index ${i} is outside [0, ${size})`);
        const src = data.subarray(i * per, (i + 1) * per);
        const dst = out.subarray(r * per, (r + 1) * per);
        if (layout === 'nchw') dst.set(src);
        else for (let p = 0; p < h * w; p++) for (let ch = 0; ch < c; ch++) dst[ch * h * w + p] = src[p * c + ch]!;
      }
    },
  };
}

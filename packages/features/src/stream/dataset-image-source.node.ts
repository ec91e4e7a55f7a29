/**
 * Node-only. A trainer's image source (the shape of `@kenobi/learn`'s `ImageSource`) over some items of a
 * dataset: inputs come from {@link DecodedInputs} (decode workers, optional cache), and training reads are
 * augmented per image with the generator of (seed, epoch, item index).
 */
import type { SeededRandom } from '@kenobi/core';
import { FeaturesError } from '../features-error.js';
import { augmentInput, itemRandom } from './augment-input.js';
import { augments, type AugmentSpec } from './augment-spec.js';
import type { DecodedInputs } from './decoded-inputs.node.js';

/**
 * The training step a read is for (structurally `@kenobi/learn`'s `ReadStep`).
 *
 * @example
 * ```ts
 * const at: TrainingReadStep = { seed: 7, epoch: 0, batch: 3 };
 * ```
 */
export interface TrainingReadStep {
  readonly seed: number;
  readonly epoch: number;
  readonly batch: number;
}

/**
 * Images `items` (dataset item indices, in this source's order) of `inputs`, augmented by `augment` on
 * training reads (those that carry a step); inference reads get the inputs as prepared.
 *
 * @example
 * ```ts
 * const train = new DatasetImageSource(inputs, fold.train, parseAugment('dihedral'));
 * await trainer.fit({ images: train, labels }, { epochs: 30 }); // @kenobi/learn's ImageTrainer
 * ```
 */
export class DatasetImageSource {
  readonly size: number;
  /** Keras's [height, width, channels]. */
  readonly shape: readonly [number, number, number];
  private readonly items: Int32Array;

  constructor(private readonly inputs: DecodedInputs, items: ArrayLike<number>, private readonly augment?: AugmentSpec) {
    this.items = Int32Array.from(items);
    this.size = this.items.length;
    const [c, h, w] = inputs.dims;
    this.shape = [h, w, c];
    if (augment?.dihedral && h !== w) throw new FeaturesError('features/bad-option', `dihedral augmentation needs a square input, got ${h}×${w}`);
  }

  /** Announces the next reads (positions in this source) so the workers decode them meanwhile. */
  prefetch(indices: ArrayLike<number>): void {
    this.inputs.prefetch(this.itemsAt(indices));
  }

  /** Writes images `indices` as [n, C, H, W] into `out`; augmented when `at` (a training step) is given. */
  async read(indices: ArrayLike<number>, out: Float32Array, _augment?: SeededRandom, at?: TrainingReadStep): Promise<void> {
    const items = this.itemsAt(indices);
    const per = this.inputs.perItem;
    const values = await this.inputs.take(items);
    const augmenting = at !== undefined && this.augment !== undefined && augments(this.augment);
    values.forEach((v, r) => {
      const dst = out.subarray(r * per, (r + 1) * per);
      if (!augmenting) return dst.set(v);
      // NOTE: `v` may be the cached input: it is only read; the augmented copy goes into the batch buffer.
      augmentInput(v, this.inputs.dims, this.augment!, itemRandom(at.seed, at.epoch, items[r]!), dst);
    });
  }

  private itemsAt(indices: ArrayLike<number>): Int32Array {
    const out = new Int32Array(indices.length);
    for (let r = 0; r < indices.length; r++) {
      const i = indices[r]!;
      if (!(Number.isInteger(i) && i >= 0 && i < this.size)) throw new FeaturesError('features/bad-option', `image index ${i} is outside [0, ${this.size})`);
      out[r] = this.items[i]!;
    }
    return out;
  }
}

/**
 * Where a fine-tuning step gets the trunk's output (the cut tensor) for its images: recomputed by the frozen
 * trunk on every read (any augmentation), or read from a cache filled once (the 8 dihedral variants, or the
 * image as it is). Both derive an image's augmentation from (seed, epoch, item) alone, so for the same seed
 * they feed the blocks the same tensors.
 */
import { throttleProgress, type ProgressCallback } from '@kenobi/core';
import { augmentInput, augments, dihedralVariants, itemRandom, type AugmentSpec } from '@kenobi/features';
import type { TrunkInputs } from './trunk-inputs.js';
import type { TrunkRunner } from './trunk-runner.js';
import { FinetuneError } from './finetune-error.js';
import { cachedVariants, dihedralVariant, variantOf, type TrunkMode } from './trunk-variants.js';

/** The training step a read is for: it picks each image's augmentation. @example `const at: TrunkReadStep = { seed: 0, epoch: 3 };` */
export interface TrunkReadStep {
  readonly seed: number;
  readonly epoch: number;
}

/**
 * The trunk's output by item index.
 *
 * @example
 * ```ts
 * const out = new Float32Array(4 * source.perItem);
 * await source.read([0, 5, 9, 2], out, { seed: 0, epoch: 1 }); // augmented as training step (seed, epoch) wants
 * await source.read([0, 5], out.subarray(0, 2 * source.perItem));  // as the images are (evaluation)
 * ```
 */
export interface TrunkSource {
  readonly mode: TrunkMode;
  /** Items it can read. */
  readonly size: number;
  /** Per-item dims of the cut tensor. */
  readonly dims: readonly number[];
  readonly perItem: number;
  /** Bytes the cache holds (memory or disk); 0 when recomputing. */
  readonly bytes: number;
  /** Writes the cut tensor of `items` into `out` ([items.length, ...dims]); augmented when `at` is given. */
  read(items: ArrayLike<number>, out: Float32Array, at?: TrunkReadStep): Promise<void>;
  /** Dihedral variants it can read with {@link readVariant} (8, or 1 for a cache of the images as they are). */
  readonly variants: number;
  /** The cut tensor of dihedral variant `variant` (index into `DIHEDRAL_TRANSFORMS`) of `items`, for test-time augmentation. */
  readVariant(items: ArrayLike<number>, out: Float32Array, variant: number): Promise<void>;
  /** Optional hint: `items` will be read next. */
  prefetch?(items: ArrayLike<number>): void;
  /** Releases what the source opened (not the trunk runner, which its owner closes). */
  dispose(): Promise<void>;
}

/**
 * The trunk run on every read: each training image augmented by `augmentInput` (any augmentation), then
 * the trunk.
 *
 * @example
 * ```ts
 * const source = new RecomputeTrunk(inputs, trunk, parseAugment('dihedral,rotate:30'));
 * ```
 */
export class RecomputeTrunk implements TrunkSource {
  readonly mode = 'recompute' as const;
  readonly bytes = 0;
  readonly variants = 8;
  readonly size: number;
  readonly dims: readonly number[];
  readonly perItem: number;

  constructor(private readonly inputs: TrunkInputs, private readonly trunk: TrunkRunner, private readonly augment: AugmentSpec) {
    this.size = inputs.size;
    this.dims = trunk.outputDims;
    this.perItem = trunk.perItem;
  }

  prefetch(items: ArrayLike<number>): void {
    this.inputs.prefetch?.(items);
  }

  async read(items: ArrayLike<number>, out: Float32Array, at?: TrunkReadStep): Promise<void> {
    const values = await this.inputs.take(items);
    const [c, h, w] = this.inputs.dims;
    const per = c * h * w;
    const batch = new Float32Array(items.length * per);
    const augmenting = at !== undefined && augments(this.augment);
    values.forEach((v, r) => {
      const dst = batch.subarray(r * per, (r + 1) * per);
      if (augmenting) augmentInput(v, this.inputs.dims, this.augment, itemRandom(at.seed, at.epoch, items[r]!), dst);
      else dst.set(v);
    });
    await this.trunk.run(batch, items.length, out.subarray(0, items.length * this.perItem));
  }

  async readVariant(items: ArrayLike<number>, out: Float32Array, variant: number): Promise<void> {
    const values = await this.inputs.take(items);
    const [c, h, w] = this.inputs.dims;
    const per = c * h * w;
    const batch = new Float32Array(items.length * per);
    values.forEach((v, r) => dihedralVariant(v, c, h, w, variant, batch.subarray(r * per, (r + 1) * per)));
    await this.trunk.run(batch, items.length, out.subarray(0, items.length * this.perItem));
  }

  async dispose(): Promise<void> {}
}

/**
 * The trunk's output of every item and cached variant, computed once and held in memory.
 *
 * @example
 * ```ts
 * const cache = await MemoryTrunkCache.fill(inputs, trunk, parseAugment('dihedral')); // 8 variants per image
 * cache.bytes; // items × 8 × perItem × 4
 * ```
 */
export class MemoryTrunkCache implements TrunkSource {
  readonly mode = 'memory' as const;
  readonly size: number;
  readonly dims: readonly number[];
  readonly perItem: number;
  readonly bytes: number;

  private constructor(private readonly data: Float32Array, readonly variants: number, private readonly augment: AugmentSpec, size: number, trunk: TrunkRunner, private readonly hw: readonly [number, number]) {
    this.size = size;
    this.dims = trunk.outputDims;
    this.perItem = trunk.perItem;
    this.bytes = data.byteLength;
  }

  /**
   * Runs the trunk once on every item of `inputs` (× 8 dihedral variants when `augment` is dihedral or flips).
   * Progress: phase 'trunk', unit 'images'.
   */
  static async fill(inputs: TrunkInputs, trunk: TrunkRunner, augment: AugmentSpec, onProgress?: ProgressCallback): Promise<MemoryTrunkCache> {
    const variants = cachedVariants(augment);
    const [c, h, w] = inputs.dims;
    const per = c * h * w, out = trunk.perItem;
    const data = new Float32Array(inputs.size * variants * out);
    const chunk = Math.max(1, Math.floor(trunk.batchSize / variants) || 1);
    const progress = throttleProgress(onProgress, 200);
    for (let start = 0; start < inputs.size; start += chunk) {
      const items = Int32Array.from({ length: Math.min(chunk, inputs.size - start) }, (_, k) => start + k);
      const next = Int32Array.from({ length: Math.max(0, Math.min(chunk, inputs.size - start - chunk)) }, (_, k) => start + chunk + k);
      const values = await inputs.take(items);
      if (next.length > 0) inputs.prefetch?.(next);
      const batch = new Float32Array(items.length * variants * per);
      values.forEach((v, r) => batch.set(variants === 8 ? dihedralVariants(v, c, h, w) : v, r * variants * per));
      await trunk.run(batch, items.length * variants, data.subarray(start * variants * out, (start + items.length) * variants * out));
      progress({ phase: 'trunk', done: start + items.length, total: inputs.size, unit: 'images' });
    }
    return new MemoryTrunkCache(data, variants, augment, inputs.size, trunk, [h, w]);
  }

  async read(items: ArrayLike<number>, out: Float32Array, at?: TrunkReadStep): Promise<void> {
    const per = this.perItem;
    for (let r = 0; r < items.length; r++) {
      const item = items[r]!;
      const v = at && this.variants > 1 ? variantOf(this.augment, at.seed, at.epoch, item, this.hw[0], this.hw[1]) : 0;
      const start = (item * this.variants + v) * per;
      out.set(this.data.subarray(start, start + per), r * per);
    }
  }

  async readVariant(items: ArrayLike<number>, out: Float32Array, variant: number): Promise<void> {
    checkVariant(variant, this.variants);
    const per = this.perItem;
    for (let r = 0; r < items.length; r++) {
      const start = (items[r]! * this.variants + variant) * per;
      out.set(this.data.subarray(start, start + per), r * per);
    }
  }

  async dispose(): Promise<void> {}
}

/**
 * Throws `learn/finetune-option` unless a cache of `variants` variants holds `variant`.
 *
 * @example
 * ```ts
 * checkVariant(3, 1); // throws: the cache holds the images as they are only
 * ```
 */
export function checkVariant(variant: number, variants: number): void {
  if (!(Number.isInteger(variant) && variant >= 0 && variant < variants)) {
    throw new FinetuneError('learn/finetune-option', `dihedral variant ${variant} is not in this trunk cache (it holds ${variants})`, { hint: 'cache with dihedral augmentation to evaluate with test-time augmentation' });
  }
}

/**
 * The frozen trunk's output cached in memory as training draws it: a read runs the trunk only on the (image,
 * dihedral variant) pairs no earlier read computed (misses) and copies the rest (hits). With dihedral
 * augmentation the first epoch costs one trunk pass per image (as recomputing, or as PyTorch), not eight, and
 * epoch e adds only the variants it draws for the first time; the values are those of {@link MemoryTrunkCache}.
 */
import type { AugmentSpec } from '@kenobi/features';
import { FinetuneError } from './finetune-error.js';
import type { TrunkInputs } from './trunk-inputs.js';
import type { TrunkRunner } from './trunk-runner.js';
import { checkVariant, type TrunkReadStep, type TrunkSource } from './trunk-source.js';
import { cachedVariants, dihedralVariant, variantOf } from './trunk-variants.js';

/**
 * Counts of a {@link LazyTrunkCache}: rows served from memory, trunk passes, and how much is filled.
 *
 * @example
 * ```ts
 * const s: LazyCacheStats = { hits: 835, misses: 835, filled: 835, slots: 6680 };
 * ```
 */
export interface LazyCacheStats {
  readonly hits: number;
  readonly misses: number;
  /** (image, variant) pairs computed so far. */
  readonly filled: number;
  /** Pairs the cache can hold: images × variants. */
  readonly slots: number;
}

/**
 * A trunk cache filled on demand.
 *
 * @example
 * ```ts
 * const cache = new LazyTrunkCache(inputs, trunk, parseAugment('dihedral'));
 * await fitFinetune(ft, { source: cache, items, labels });
 * cache.stats(); // { hits: 0, misses: 835, filled: 835, slots: 6680 } after one epoch
 * ```
 */
export class LazyTrunkCache implements TrunkSource {
  readonly mode = 'memory' as const;
  readonly size: number;
  readonly dims: readonly number[];
  readonly perItem: number;
  readonly variants: number;
  private readonly data: Float32Array;
  private readonly filled: Uint8Array;
  private hits = 0;
  private misses = 0;
  private filledCount = 0;

  constructor(private readonly inputs: TrunkInputs, private readonly trunk: TrunkRunner, private readonly augment: AugmentSpec) {
    this.size = inputs.size;
    this.dims = trunk.outputDims;
    this.perItem = trunk.perItem;
    this.variants = cachedVariants(augment);
    const slots = this.size * this.variants;
    if (slots * this.perItem > 2 ** 31 - 1) {
      throw new FinetuneError('learn/finetune-option', `a lazy trunk cache of ${this.size} images × ${this.variants} variants × ${this.perItem} values does not fit one array`, { hint: 'use the disk cache (buildTrunkStore)' });
    }
    // NOTE: reserved up front (zero pages cost nothing until written), so a run fails now, not mid-training.
    this.data = new Float32Array(slots * this.perItem);
    this.filled = new Uint8Array(slots);
  }

  /** Bytes reserved for the cache (every image and variant). */
  get bytes(): number {
    return this.data.byteLength;
  }

  /** Hits, misses and fill so far. */
  stats(): LazyCacheStats {
    return { hits: this.hits, misses: this.misses, filled: this.filledCount, slots: this.filled.length };
  }

  prefetch(items: ArrayLike<number>): void {
    // NOTE: only images with no variant computed yet are sure to be read from the inputs (which variant a read
    // wants is not known here); a prefetched input lives until it is taken, so a hit's would be kept for nothing.
    const fresh = Array.from(items).filter((item) => this.filled.subarray(item * this.variants, (item + 1) * this.variants).every((f) => f === 0));
    if (fresh.length > 0) this.inputs.prefetch?.(fresh);
  }

  async read(items: ArrayLike<number>, out: Float32Array, at?: TrunkReadStep): Promise<void> {
    const [, h, w] = this.inputs.dims;
    await this.serve(items, out, (item) => (at && this.variants > 1 ? variantOf(this.augment, at.seed, at.epoch, item, h, w) : 0));
  }

  async readVariant(items: ArrayLike<number>, out: Float32Array, variant: number): Promise<void> {
    checkVariant(variant, this.variants);
    await this.serve(items, out, () => variant);
  }

  async dispose(): Promise<void> {}

  private async serve(items: ArrayLike<number>, out: Float32Array, variantFor: (item: number) => number): Promise<void> {
    const per = this.perItem;
    const missing: { r: number; slot: number; item: number; variant: number }[] = [];
    for (let r = 0; r < items.length; r++) {
      const item = items[r]!, variant = variantFor(item), slot = item * this.variants + variant;
      if (this.filled[slot]) {
        out.set(this.data.subarray(slot * per, (slot + 1) * per), r * per);
        this.hits++;
      } else {
        missing.push({ r, slot, item, variant });
      }
    }
    if (missing.length === 0) return;
    // NOTE: the same pair twice in one batch is computed once (one miss; the repeat counts as a hit).
    const seen = new Set<number>();
    const unique = missing.filter((m) => !seen.has(m.slot) && seen.add(m.slot));
    const values = await this.inputs.take(unique.map((m) => m.item));
    const [c, h, w] = this.inputs.dims;
    const size = c * h * w;
    const batch = new Float32Array(unique.length * size);
    unique.forEach((m, k) => {
      const dst = batch.subarray(k * size, (k + 1) * size);
      if (this.variants > 1) dihedralVariant(values[k]!, c, h, w, m.variant, dst);
      else dst.set(values[k]!);
    });
    const computed = new Float32Array(unique.length * per);
    await this.trunk.run(batch, unique.length, computed);
    unique.forEach((m, k) => {
      this.data.set(computed.subarray(k * per, (k + 1) * per), m.slot * per);
      this.filled[m.slot] = 1;
    });
    this.filledCount += unique.length;
    this.misses += unique.length;
    this.hits += missing.length - unique.length;
    for (const m of missing) out.set(this.data.subarray(m.slot * per, (m.slot + 1) * per), m.r * per);
  }
}

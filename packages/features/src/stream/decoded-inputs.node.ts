/**
 * Node-only. Prepared model inputs of a dataset's items, decoded on demand in the decode workers (features'
 * `DecodePool`: the same reader, `prepareImage` and per-item limits as extraction) and kept in memory only
 * when the whole set fits a stated budget. Without the cache, an input lives from its prefetch to its read:
 * with one batch announced ahead, about two batches are in memory, never the whole set.
 */
import type { Dataset } from '../dataset/dataset.js';
import { FeaturesError } from '../features-error.js';
import type { DecodePool } from '../pipeline/decode-pool.node.js';
import { bandCountProblem, checkImagePreprocessing, type ImagePreprocessing } from '../pipeline/image-preprocessing.js';
import { formatFailure, type ItemFailure } from '../pipeline/item-failure.js';
import { floatInputs } from '../pipeline/prepare-batch.node.js';

/**
 * Options of {@link DecodedInputs}.
 *
 * @example
 * ```ts
 * const o: DecodedInputsOptions = { preprocessing, pool, cacheBytes: 1024 * 2 ** 20 };
 * ```
 */
export interface DecodedInputsOptions {
  /** How an item becomes model input (`tta` must be 'none'). */
  readonly preprocessing: ImagePreprocessing;
  readonly pool: DecodePool;
  /** Keep every input in memory after its first decode when all of them fit in this many bytes (default 0: never). */
  readonly cacheBytes?: number;
  /** What the inputs are for, as an unreadable image's error says it (default 'train'). */
  readonly purpose?: 'train' | 'evaluate';
}

/**
 * The inputs of one dataset, by item index.
 *
 * @example
 * ```ts
 * const inputs = new DecodedInputs(dataset, { preprocessing, pool, cacheBytes: 2 ** 30 });
 * inputs.prefetch([4, 9]);
 * const [a, b] = await inputs.take([4, 9]); // Float32Array(C × H × W) each
 * ```
 */
export class DecodedInputs {
  /** [channels, height, width] of one input. */
  readonly dims: readonly [number, number, number];
  /** Float32 values per input. */
  readonly perItem: number;
  /** True when every input is kept after its first decode (the set fits `cacheBytes`). */
  readonly cached: boolean;
  /** Bytes all inputs take (what the cache would hold). */
  readonly totalBytes: number;
  readonly #cache = new Map<number, Float32Array>();
  readonly #pending = new Map<number, Promise<Float32Array>>();
  #seq = 0;
  #decoded = 0;

  constructor(readonly dataset: Dataset, private readonly options: DecodedInputsOptions) {
    const p = options.preprocessing;
    checkImagePreprocessing(p);
    if (p.tta !== 'none') throw new FeaturesError('features/bad-option', `training inputs take no test-time augmentation (tta '${p.tta}')`);
    const bands = bandCountProblem(dataset.bandNames, p);
    if (bands) throw new FeaturesError('features/bad-option', `${dataset.source}: ${bands}`);
    const [h, w] = p.config.inputSize;
    const c = p.config.channels ?? p.config.mean.length;
    this.dims = [c, h, w];
    this.perItem = c * h * w;
    this.totalBytes = dataset.items.length * this.perItem * 4;
    this.cached = this.totalBytes <= (options.cacheBytes ?? 0);
  }

  /** Inputs decoded so far (a cached set decodes each item once). */
  get decodedCount(): number {
    return this.#decoded;
  }

  /** Inputs held right now (cache and in flight): the memory bound, in items. */
  get heldCount(): number {
    return this.#cache.size + this.#pending.size;
  }

  /**
   * Starts decoding the items not yet cached or in flight (one decode job for all of them: the pool spreads
   * it over its workers).
   */
  prefetch(items: ArrayLike<number>): void {
    const missing: number[] = [];
    for (let r = 0; r < items.length; r++) {
      const i = items[r]!;
      if (!this.#cache.has(i) && !this.#pending.has(i) && !missing.includes(i)) missing.push(i);
    }
    if (missing.length === 0) return;
    for (const i of missing) {
      if (!(Number.isInteger(i) && i >= 0 && i < this.dataset.items.length)) throw new FeaturesError('features/bad-option', `item index ${i} is outside [0, ${this.dataset.items.length})`);
    }
    const job = this.options.pool.submit({
      seq: this.#seq++, items: missing.map((i) => this.dataset.items[i]!), bandNames: this.dataset.bandNames, preprocessing: this.options.preprocessing,
    });
    missing.forEach((item, k) => {
      const one = job.then((b) => {
        const at = b.ok.indexOf(k);
        if (at < 0) throw unreadable(b.failures.find((f) => f.row === this.dataset.items[item]!.row) ?? b.failures[0]!, this.options.purpose ?? 'train');
        this.#decoded++;
        return floatInputs(b).subarray(at * this.perItem, (at + 1) * this.perItem);
      });
      one.catch(() => {}); // awaited by take(); this only keeps an early rejection from being "unhandled"
      this.#pending.set(item, one);
    });
  }

  /**
   * The inputs of `items`, in order (decoding those not prefetched). Not cached: each is released once
   * taken. `features/unreadable-item` names the row of an item that cannot be decoded.
   */
  async take(items: ArrayLike<number>): Promise<Float32Array[]> {
    this.prefetch(items);
    const list = Array.from(items);
    const values = await Promise.all(list.map((i) => this.#cache.get(i) ?? this.#pending.get(i)!));
    list.forEach((i, r) => {
      if (this.#pending.delete(i) && this.cached) this.#cache.set(i, values[r]!);
    });
    return values;
  }
}

function unreadable(f: ItemFailure, purpose: 'train' | 'evaluate'): FeaturesError {
  const hint = purpose === 'train'
    ? 'fix or remove that row (training needs every image of the set), or give kenobi train / finetune --skip-unreadable: each image is read once first and those that cannot be are left out and listed'
    : 'fix or remove that row (the metrics need every image of the set), or leave it out with --where; kenobi predict runs the others and lists those it cannot read';
  return new FeaturesError('features/unreadable-item', `cannot ${purpose} on ${formatFailure(f)}`, {
    hint, details: { row: f.row, id: f.id, path: f.path, ...(f.code ? { code: f.code } : {}) },
  });
}

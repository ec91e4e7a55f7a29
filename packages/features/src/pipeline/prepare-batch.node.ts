/**
 * Node-only. Decodes and preprocesses one batch of items into one contiguous float32 (or 8-bit pixel) buffer, catching each
 * item's failure with its row and reason so the caller can report it (or stop). The decode workers call it
 * with one item at a time; the pool with no workers calls it with the whole batch.
 */
import type { DatasetItem } from '../dataset/dataset.js';
import { FeaturesError } from '../features-error.js';
import { ItemReader } from './decode-item.node.js';
import { prepareImage, variantCount, type ImagePreprocessing } from './image-preprocessing.js';
import { itemFailure, type ItemFailure } from './item-failure.js';
import { joinItemInputs, preparePixels } from './pixel-input.js';

/**
 * One batch to prepare.
 *
 * @example
 * ```ts
 * const job: BatchJob = { seq: 0, items: ds.items.slice(0, 16), bandNames: [], preprocessing };
 * ```
 */
export interface BatchJob {
  readonly seq: number;
  readonly items: readonly DatasetItem[];
  readonly bandNames: readonly string[];
  readonly preprocessing: ImagePreprocessing;
  /** Send 8-bit images as their fitted pixels ([H, W, 3] uint8; see `pixel-input.ts`). Default false. */
  readonly pixels?: boolean;
}

/**
 * A prepared batch: `data` holds the inputs of the items at positions `ok` (in order), `variants` inputs each:
 * float32 NCHW, or with `pixels` and only 8-bit images, uint8 [ok, H, W, 3].
 *
 * @example
 * ```ts
 * const b = await prepareBatch(job, reader); b.ok; // [0, 1, 2, 4] when item 3 failed
 * ```
 */
export interface PreparedBatch {
  readonly seq: number;
  readonly data: Float32Array | Uint8Array;
  readonly ok: readonly number[];
  readonly failures: readonly ItemFailure[];
}

/**
 * Prepares a batch in the calling thread.
 *
 * @example
 * ```ts
 * const batch = await prepareBatch(job, new ItemReader());
 * batch.data.length; // ok.length × variants × C × H × W
 * ```
 */
export async function prepareBatch(job: BatchJob, reader: Pick<ItemReader, 'read'>): Promise<PreparedBatch> {
  const p = job.preprocessing;
  if (job.pixels) {
    const results: (Float32Array | Uint8Array | ItemFailure)[] = [];
    for (const item of job.items) {
      try {
        const image = await reader.read(item);
        results.push(preparePixels(image, p) ?? prepareImage(image, job.bandNames, p));
      } catch (e) {
        results.push(itemFailure(item, e));
      }
    }
    return { seq: job.seq, ...joinItemInputs(results, p) };
  }
  const [h, w] = p.config.inputSize;
  const per = variantCount(p) * (p.config.channels ?? p.config.mean.length) * h * w;
  const data = new Float32Array(job.items.length * per);
  const ok: number[] = [];
  const failures: ItemFailure[] = [];
  for (let k = 0; k < job.items.length; k++) {
    const item = job.items[k]!;
    try {
      prepareImage(await reader.read(item), job.bandNames, p, data.subarray(ok.length * per, (ok.length + 1) * per));
      ok.push(k);
    } catch (e) {
      failures.push(itemFailure(item, e));
    }
  }
  return { seq: job.seq, data: ok.length === job.items.length ? data : data.slice(0, ok.length * per), ok, failures };
}

/**
 * The float32 input of a batch whose job did not ask for `pixels` (predict, the fine-tuning trunk): never 8-bit.
 *
 * @example
 * ```ts
 * const x = floatInputs(await pool.submit(job)); // Float32Array, ok.length × variants × C × H × W
 * ```
 */
export function floatInputs(batch: PreparedBatch): Float32Array {
  if (!(batch.data instanceof Float32Array)) throw new FeaturesError('features/worker-failed', `batch ${batch.seq} came as 8-bit pixels, but its job asked for float32 inputs`);
  return batch.data;
}

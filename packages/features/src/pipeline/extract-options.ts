/**
 * The options of `extractFeatures` and what it returns. Pure types.
 */
import type { ProgressCallback } from '@kenobi/core';
import type { PreprocessingConfig } from '@kenobi/imaging';
import type { PoolMode } from '@kenobi/onnx';
import type { Device, PassThroughSessionOptions } from '@kenobi/runtime';
import type { ShardSpec } from '../store/shard-spec.js';
import type { FeatureStoreMeta } from '../store/store-meta.js';
import type { DecodeLimits } from './decode-limits.js';
import type { DecodeStats } from './decode-messages.js';
import type { TtaMode } from './dihedral-tta.js';
import type { ItemFailure } from './item-failure.js';

/**
 * What to do with an item that cannot be read: `skip` it (reported in the result, `meta.json` and
 * `failures.json`) or `stop` the run (finished parts are kept; fix the file and `--resume`).
 *
 * @example
 * ```ts
 * ON_ERROR_POLICIES; // ['skip', 'stop']
 * ```
 */
export const ON_ERROR_POLICIES = Object.freeze(['skip', 'stop'] as const);
/** One of {@link ON_ERROR_POLICIES}. @example `const p: OnErrorPolicy = 'stop';` */
export type OnErrorPolicy = (typeof ON_ERROR_POLICIES)[number];

/**
 * Options of `extractFeatures`.
 *
 * @example
 * ```ts
 * const o: ExtractOptions = { model: 'densenet121-keras', tensor: 'auto', out: 'feats', batchSize: 16, device: 'auto' };
 * ```
 */
export interface ExtractOptions extends DecodeLimits {
  /** Zoo id, user id, path, URL, or `{ bytes, id }`. */
  readonly model: string | { readonly bytes: Uint8Array; readonly id?: string };
  /** Feature tensor name, or 'auto' (default). */
  readonly tensor?: string;
  /** Global pooling of a feature map (default: what the tensor needs). */
  readonly pool?: PoolMode;
  readonly device?: Device;
  /** Images per inference run (default 32; models with a batch fixed at 1 that cannot be repaired loop). */
  readonly batchSize?: number;
  /** Overrides of the zoo's preprocessing config (required in full for a model the zoo does not know). */
  readonly preprocessing?: Partial<PreprocessingConfig>;
  /** Interval for float images: 'minmax' (default), 'zscale', 'percentile:99.5', 'manual:a,b'. */
  readonly interval?: string;
  /** Stretch after the interval: 'linear' (default), 'sqrt', 'log', 'asinh', ... */
  readonly stretch?: string;
  /** Band → channel order (RGB), by band name or index; default SDSS i, r, g for g, r, i bands. */
  readonly bandOrder?: readonly (string | number)[];
  /** Dihedral test-time augmentation (default 'none'). */
  readonly tta?: TtaMode;
  /** Where the store goes. */
  readonly out: string;
  readonly shard?: ShardSpec;
  readonly resume?: boolean;
  readonly overwrite?: boolean;
  readonly onError?: OnErrorPolicy;
  /**
   * Decode worker threads (default: cores − 1, at least 1, at most 4). They run under `itemTimeoutMs` and
   * `workerMemoryMb` (see {@link DecodeLimits}): an item that hangs or exhausts memory fails with its reason
   * and the run goes on. 0 decodes in the main thread, without those limits.
   */
  readonly workers?: number;
  /** Rows per `.npy` part (default 4096): the unit of resume. */
  readonly rowsPerPart?: number;
  /** Passed to ORT (threads, ...). */
  readonly sessionOptions?: PassThroughSessionOptions;
  /**
   * Send PNG/JPEG images to the model as 8-bit pixels, scaled in its graph (default true where the
   * preprocessing allows it: see `pixel-input.ts`): the same model input, a quarter of the bytes. False
   * makes every input float32 in the decode workers, as before.
   */
  readonly pixelInput?: boolean;
  /** Progress: phase 'extract', unit 'images' (counts include parts done before a resume). */
  readonly onProgress?: ProgressCallback;
}

/**
 * What `extractFeatures` returns.
 *
 * @example
 * ```ts
 * const r = await extractFeatures(ds, opts);
 * r.meta.rows; r.meta.dim; r.failures.length; r.resumedParts; // 1221, 1024, 0, 0
 * ```
 */
export interface ExtractResult {
  readonly meta: FeatureStoreMeta;
  readonly failures: readonly ItemFailure[];
  /** Parts found done in the journal and not recomputed. */
  readonly resumedParts: number;
  /** Images run in this call (not counting resumed parts), and the seconds it took. */
  readonly imagesThisRun: number;
  readonly seconds: number;
  /** What the decode workers' supervisor had to do in this call (workers stopped for time or memory, respawns). */
  readonly decode: DecodeStats;
  /** Whether 8-bit images went to the model as pixels (`pixelInput`), and why not when they did not. */
  readonly pixelInput: { readonly used: boolean; readonly reason?: string };
}

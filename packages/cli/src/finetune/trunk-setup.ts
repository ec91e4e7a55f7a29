/**
 * Where `kenobi finetune` gets the frozen trunk's output, decided before training and said up front with its
 * size and why: a cache in memory (it fits `--cache-mb`; dihedral variants computed as epochs draw them), a cache on disk (a feature store under `--cache`,
 * journalled and resumable; refused if it was made from another model, cut, preprocessing or dataset), or
 * recompute mode (random rotations, shifts and zooms cannot be cached: the trunk runs on every step).
 */
import type { ProgressCallback } from '@kenobi/core';
import { DecodedInputs, DecodePool } from '@kenobi/features/node';
import { augmentReason, buildTrunkStore, cacheableAugment, cachedVariants, LazyTrunkCache, MemoryTrunkCache, RecomputeTrunk, TrunkRunner, type BackboneSplit, type TrunkMode, type TrunkSource } from '@kenobi/learn/node';
import type { FinetuneRunConfig } from './finetune-config.js';

/** An opened trunk source and what it holds. @example `(await openTrunk(config, split, bar)).mode; // 'memory'` */
export interface OpenedTrunk {
  readonly source: TrunkSource;
  readonly mode: TrunkMode;
  /** The line that says the mode, its size and why. */
  readonly line: string;
  dispose(): Promise<void>;
}

const mb = (bytes: number): string => (bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(2)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`);

/**
 * The trunk mode `config` calls for and its size, in words, before anything runs.
 *
 * @example
 * ```ts
 * trunkPlan(config, split.cutDims); // { mode: 'memory', bytes: 980_418_560, line: 'frozen trunk cache: 1221 images × 8 ...' }
 * ```
 */
export function trunkPlan(config: FinetuneRunConfig, cutDims: readonly number[], identity = false): { mode: TrunkMode; bytes: number; line: string } {
  const n = config.dataset.items.length;
  const per = cutDims.reduce((a, b) => a * b, 1);
  const why = augmentReason(config.augment);
  if (identity) {
    // NOTE: with nothing frozen there is no trunk output to keep (buildTrunkStore refuses an input cut), so --cache
    // is said to be unused rather than silently ignored; --cache-mb still bounds the decoded images kept in memory.
    const unused = config.cacheDir !== undefined ? `; --cache ${config.cacheDir} is not used: there is no frozen trunk to cache` : '';
    return { mode: 'recompute', bytes: 0, line: `nothing is frozen (every block unfrozen): the images, augmented as they are read, go straight to the trained blocks${unused}` };
  }
  if (!cacheableAugment(config.augment)) {
    return { mode: 'recompute', bytes: 0, line: `frozen trunk: recompute mode, ${why} (${n} trunk passes per epoch, [${cutDims.join(', ')}] each)` };
  }
  const variants = cachedVariants(config.augment);
  const bytes = n * variants * per * 4;
  const size = `${n} images × ${variants} variant${variants > 1 ? 's' : ''} × [${cutDims.join(', ')}] float32 = ${mb(bytes)}`;
  if (bytes <= config.cacheBytes && config.cacheDir === undefined) {
    const lazy = variants > 1 ? '; filled as training draws the variants: one trunk pass per image in epoch 1, then only variants not drawn before' : '';
    return { mode: 'memory', bytes, line: `frozen trunk cache: ${size} in memory (${why}; within --cache-mb ${mb(config.cacheBytes)})${lazy}` };
  }
  const dir = config.cacheDir ?? `${config.out}.trunk`;
  const reason = config.cacheDir !== undefined ? '--cache given' : `over --cache-mb ${mb(config.cacheBytes)}`;
  return { mode: 'disk', bytes, line: `frozen trunk cache: ${size} on disk in ${dir} (${reason}; ${why})` };
}

/**
 * Opens the trunk source: fills the cache (progress: 'trunk' or 'extract', images) or prepares recompute mode.
 *
 * @example
 * ```ts
 * const trunk = await openTrunk(config, ft.split, bar);
 * await trunk.dispose();
 * ```
 */
export async function openTrunk(config: FinetuneRunConfig, split: BackboneSplit, onProgress: ProgressCallback): Promise<OpenedTrunk> {
  const plan = trunkPlan(config, split.cutDims, isIdentityTrunk(split));
  const device = config.options.device ?? 'cpu';
  const { inputSize, channels, mean } = config.preprocessing.config;
  const inputDims = [channels ?? mean.length, inputSize[0], inputSize[1]];
  if (plan.mode === 'disk') {
    const source = await buildTrunkStore(config.dataset, {
      backbone: { bytes: config.backboneBytes, id: config.backboneId }, cut: split.cut, cutDims: split.cutDims, preprocessing: config.preprocessing,
      augment: config.augment, dir: config.cacheDir ?? `${config.out}.trunk`, device, workers: config.workers, onProgress,
    });
    return { source, mode: 'disk', line: plan.line, dispose: () => source.dispose() };
  }
  const pool = new DecodePool(config.workers);
  const runner = await TrunkRunner.open(split.trunk, inputDims, split.cutDims, device, { ...(config.options.threads ? { threads: config.options.threads } : {}) });
  const dispose = async (): Promise<void> => {
    await runner.dispose();
    await pool.dispose();
  };
  try {
    const decoded = new DecodedInputs(config.dataset, { preprocessing: config.preprocessing, pool, cacheBytes: plan.mode === 'recompute' ? config.cacheBytes : 0 });
    const inputs = { dims: decoded.dims, size: config.dataset.items.length, take: (i: ArrayLike<number>) => decoded.take(i), prefetch: (i: ArrayLike<number>) => decoded.prefetch(i) };
    // NOTE: the 8 dihedral variants are computed as epochs draw them (LazyTrunkCache: the same values), so a
    // first epoch costs one trunk pass per image rather than eight; the images as they are fill up front.
    const source = plan.mode === 'recompute' ? new RecomputeTrunk(inputs, runner, config.augment)
      : cachedVariants(config.augment) > 1 ? new LazyTrunkCache(inputs, runner, config.augment) : await MemoryTrunkCache.fill(inputs, runner, config.augment, onProgress);
    return { source, mode: plan.mode, line: plan.line, dispose };
  } catch (e) {
    await dispose();
    throw e;
  }
}

/**
 * True when the trunk is the Identity of an everything-unfrozen split (nothing to cache).
 *
 * @example
 * ```ts
 * isIdentityTrunk(splitBackbone(model, { cut: 'input', feature: 'pooled' })); // true
 * ```
 */
export function isIdentityTrunk(split: BackboneSplit): boolean {
  const nodes = split.trunk.graph?.node ?? [];
  return nodes.length === 1 && nodes[0]!.op_type === 'Identity';
}

/**
 * Node-only. The frozen-trunk cache on disk: a `@kenobi/features` feature store of the cut tensor (pool
 * 'none'; the 8 dihedral variants of each image side by side, tta 'kept', when the augmentation is dihedral),
 * written by `extractFeatures` (decode workers, journalled parts, resumable) and read back one row at a time
 * with positioned reads, so a cache larger than memory costs one page-cached read per image and step. A store
 * of another model, cut, preprocessing, variant set or dataset is refused, never mixed.
 */
import { createHash } from 'node:crypto';
import { existsSync, openSync, closeSync, readSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isKenobiError, type ProgressCallback } from '@kenobi/core';
import { canonicalJson, partFile, partRowsFile, type Dataset, type FeatureStoreMeta, type ImagePreprocessing, type AugmentSpec } from '@kenobi/features';
import { datasetFingerprint, extractFeatures, readNpyHeader, readStoreMeta } from '@kenobi/features/node';
import { decodeModel, IDENTITY_SUFFIX } from '@kenobi/onnx';
import type { TrainerDevice } from '../cnn/trainer-options.js';
import { FinetuneError } from './finetune-error.js';
import { checkVariant, type TrunkReadStep, type TrunkSource } from './trunk-source.js';
import { cachedVariants, variantOf } from './trunk-variants.js';

/** What a trunk store must have been made from. @example `const k: TrunkStoreKey = { modelSha256, cut: 'pool4_pool', preprocessing, datasetFingerprint };` */
export interface TrunkStoreKey {
  /** sha256 of the backbone's bytes. */
  readonly modelSha256: string;
  readonly cut: string;
  /** The preprocessing with `tta` 'kept' (8 variants) or 'none'. */
  readonly preprocessing: ImagePreprocessing;
  readonly datasetFingerprint: string;
}

/** Options of {@link buildTrunkStore}. @example `buildTrunkStore(ds, { backbone: { bytes, id }, cut, cutDims, preprocessing, augment, dir: 'gz1.trunk' });` */
export interface BuildTrunkStoreOptions {
  /** The backbone's bytes (the store records their sha256) and the id to record. */
  readonly backbone: { readonly bytes: Uint8Array; readonly id: string };
  readonly cut: string;
  /** Per-image dims of the cut tensor (the store keeps flat rows). */
  readonly cutDims: readonly number[];
  /** The preprocessing of training images (`tta` 'none'; the store's is set from `augment`). */
  readonly preprocessing: ImagePreprocessing;
  readonly augment: AugmentSpec;
  readonly dir: string;
  readonly batchSize?: number;
  readonly device?: TrainerDevice;
  readonly workers?: number;
  readonly onProgress?: ProgressCallback;
}

/**
 * The preprocessing a trunk store of `augment` records (tta 'kept' for the 8 dihedral variants).
 *
 * @example
 * ```ts
 * storePreprocessing(prep, parseAugment('dihedral')).tta; // 'kept'
 * ```
 */
export function storePreprocessing(preprocessing: ImagePreprocessing, augment: AugmentSpec): ImagePreprocessing {
  return { ...preprocessing, tta: cachedVariants(augment) === 8 ? 'kept' : 'none' };
}

/**
 * Throws `learn/finetune-cache-mismatch` naming the first field of `meta` that differs from `key`.
 *
 * @example
 * ```ts
 * checkTrunkStore(readStoreMeta('cache'), key, 'cache'); // ok, or throws naming e.g. 'preprocessing'
 * ```
 */
export function checkTrunkStore(meta: FeatureStoreMeta, key: TrunkStoreKey, dir: string): void {
  const fields: [string, unknown, unknown][] = [
    ['model (sha256)', meta.model.sha256, key.modelSha256],
    ['cut tensor', meta.tensor, key.cut],
    ['pooling', meta.pool, 'none'],
    ['preprocessing (incl. augmentation variants)', meta.preprocessing, key.preprocessing],
    ['dataset (fingerprint)', meta.dataset.fingerprint, key.datasetFingerprint],
  ];
  for (const [name, got, want] of fields) {
    if (canonicalJson(got) !== canonicalJson(want)) {
      const [path, a, b] = firstDifference(got, want, '');
      throw new FinetuneError('learn/finetune-cache-mismatch', `the trunk cache ${resolve(dir)} was made with another ${name}: ${path ? `${path} ` : ''}${short(a)}, this run needs ${short(b)}`, {
        hint: 'a cache of another model or preprocessing is never mixed in: point --cache at a new folder (or delete this one)', details: { field: name },
      });
    }
  }
}

/**
 * Fills (or resumes, or reuses when complete and matching) the trunk store `options.dir` for `dataset`, and
 * opens it. Progress: extraction's ('extract', images).
 *
 * @example
 * ```ts
 * const cache = await buildTrunkStore(dataset, { backbone: { bytes, id: 'densenet121-keras' }, cut: 'pool4_pool', preprocessing, augment, dir: 'gz1.trunk' });
 * ```
 */
export async function buildTrunkStore(dataset: Dataset, options: BuildTrunkStoreOptions): Promise<StoreTrunkCache> {
  refuseInputCut(options.backbone.bytes, options.cut);
  const preprocessing = storePreprocessing(options.preprocessing, options.augment);
  const key: TrunkStoreKey = {
    modelSha256: createHash('sha256').update(options.backbone.bytes).digest('hex'), cut: options.cut, preprocessing, datasetFingerprint: datasetFingerprint(dataset),
  };
  const metaPath = join(options.dir, 'meta.json');
  const exists = existsSync(metaPath);
  if (exists) checkTrunkStore(readStoreMeta(options.dir), key, options.dir);
  if (!exists || readStoreMeta(options.dir).status !== 'complete') {
    try {
      await extractFeatures(dataset, {
        model: options.backbone, tensor: options.cut, pool: 'none', preprocessing: preprocessing.config, tta: preprocessing.tta, out: options.dir,
        ...(preprocessing.interval !== undefined ? { interval: preprocessing.interval } : {}),
        ...(preprocessing.stretch !== undefined ? { stretch: preprocessing.stretch } : {}),
        ...(preprocessing.bandOrder !== undefined ? { bandOrder: preprocessing.bandOrder } : {}),
        batchSize: options.batchSize ?? 16, device: options.device ?? 'cpu', onError: 'stop', rowsPerPart: 256,
        ...(options.workers !== undefined ? { workers: options.workers } : {}),
        ...(exists ? { resume: true } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
    } catch (e) {
      if (isKenobiError(e, 'features/store-mismatch')) throw new FinetuneError('learn/finetune-cache-mismatch', e.message, { cause: e, hint: 'point --cache at a new folder' });
      throw e;
    }
  }
  return StoreTrunkCache.open(options.dir, dataset, key, options.augment, options.cutDims);
}

/**
 * `learn/finetune-cut` when `cut` is the model's input (or the Identity copy of it an everything-unfrozen
 * split names): nothing is frozen, so there is no trunk output to store.
 */
function refuseInputCut(bytes: Uint8Array, cut: string): void {
  const graph = decodeModel(bytes).graph;
  const init = new Set((graph?.initializer ?? []).map((t) => t.name));
  const inputs = (graph?.input ?? []).map((i) => i.name ?? '').filter((n) => !init.has(n));
  if (inputs.includes(cut) || inputs.some((n) => cut === `${n}${IDENTITY_SUFFIX}`)) {
    throw new FinetuneError('learn/finetune-cut', `nothing is frozen before '${cut}' (the model's input): there is no trunk output to cache`, {
      hint: 'with every block unfrozen, train from the images (a RecomputeTrunk over the decoded inputs, as kenobi finetune does), or cut later (unfreeze fewer blocks)', details: { cut },
    });
  }
}

/**
 * Reads a complete trunk store row by row (positioned reads of its `.npy` parts).
 *
 * @example
 * ```ts
 * const cache = await StoreTrunkCache.open('gz1.trunk', dataset, key, parseAugment('dihedral'));
 * ```
 */
export class StoreTrunkCache implements TrunkSource {
  readonly mode = 'disk' as const;
  readonly size: number;
  readonly dims: readonly number[];
  readonly perItem: number;
  readonly bytes: number;
  readonly variants: number;
  private readonly hw: readonly [number, number];

  private constructor(
    private readonly files: readonly { readonly fd: number; readonly offset: number }[],
    private readonly rows: Int32Array,
    private readonly parts: Int32Array,
    meta: FeatureStoreMeta,
    dims: readonly number[],
    private readonly augment: AugmentSpec,
  ) {
    this.size = rows.length;
    this.variants = meta.preprocessing.tta === 'kept' ? 8 : 1;
    this.perItem = meta.dim / this.variants;
    this.dims = dims;
    this.bytes = meta.rows * meta.dim * 4;
    this.hw = [meta.preprocessing.config.inputSize[0], meta.preprocessing.config.inputSize[1]];
  }

  /** Opens `dir` for `dataset` (every item must be in it), after checking it against `key` and `cutDims`. */
  static async open(dir: string, dataset: Dataset, key: TrunkStoreKey, augment: AugmentSpec, cutDims: readonly number[]): Promise<StoreTrunkCache> {
    const meta = readStoreMeta(dir);
    checkTrunkStore(meta, key, dir);
    if (meta.status !== 'complete') throw new FinetuneError('learn/finetune-cache-mismatch', `the trunk cache ${resolve(dir)} is not complete`, { hint: 'rerun to resume filling it' });
    const variants = meta.preprocessing.tta === 'kept' ? 8 : 1;
    const per = cutDims.reduce((a, b) => a * b, 1);
    if (meta.dim !== per * variants) {
      throw new FinetuneError('learn/finetune-cache-mismatch', `the trunk cache ${resolve(dir)} holds rows of ${meta.dim} values; this cut needs ${variants} × ${per}`, { hint: 'point --cache at a new folder' });
    }
    const at = new Map<string, [number, number]>();
    for (let p = 0; p < meta.parts; p++) {
      const ids = (JSON.parse(readFileSync(join(dir, partRowsFile(p)), 'utf8')) as { ids: string[] }).ids;
      ids.forEach((id, r) => at.set(id, [p, r]));
    }
    const rows = new Int32Array(dataset.items.length), parts = new Int32Array(dataset.items.length);
    dataset.items.forEach((it, i) => {
      const found = at.get(it.id);
      if (!found) throw new FinetuneError('learn/finetune-cache-mismatch', `the trunk cache ${resolve(dir)} has no row for item '${it.id}' (row ${it.row})`, { hint: 'the image could not be read when the cache was filled: fix or remove it' });
      [parts[i], rows[i]] = found;
    });
    const files = [];
    for (let p = 0; p < meta.parts; p++) {
      const path = join(dir, partFile(p));
      const h = await readNpyHeader(path);
      files.push({ fd: openSync(path, 'r'), offset: h.dataOffset });
    }
    return new StoreTrunkCache(files, rows, parts, meta, cutDims, augment);
  }

  async read(items: ArrayLike<number>, out: Float32Array, at?: TrunkReadStep): Promise<void> {
    this.readRows(items, out, (item) => (at && this.variants > 1 ? variantOf(this.augment, at.seed, at.epoch, item, this.hw[0], this.hw[1]) : 0));
  }

  private readRows(items: ArrayLike<number>, out: Float32Array, variantFor: (item: number) => number): void {
    const per = this.perItem;
    const bytes = new Uint8Array(out.buffer, out.byteOffset, items.length * per * 4);
    for (let r = 0; r < items.length; r++) {
      const item = items[r]!;
      const f = this.files[this.parts[item]!]!;
      const position = f.offset + ((this.rows[item]! * this.variants + variantFor(item)) * per) * 4;
      const got = readSync(f.fd, bytes, r * per * 4, per * 4, position);
      if (got !== per * 4) throw new FinetuneError('learn/finetune-cache-mismatch', `the trunk cache part ${this.parts[item]} is truncated`, { hint: 'delete the cache folder and rerun' });
    }
  }

  async readVariant(items: ArrayLike<number>, out: Float32Array, variant: number): Promise<void> {
    checkVariant(variant, this.variants);
    this.readRows(items, out, () => variant);
  }

  async dispose(): Promise<void> {
    for (const f of this.files) closeSync(f.fd);
  }
}

/** The first differing field of two JSON values: its dotted path and the two values. */
function firstDifference(a: unknown, b: unknown, path: string): [string, unknown, unknown] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (canonicalJson(a[k]) !== canonicalJson(b[k])) return firstDifference(a[k], b[k], path ? `${path}.${k}` : k);
    }
  }
  return [path, a, b];
}

function short(v: unknown): string {
  const s = canonicalJson(v) ?? 'nothing';
  return s.length > 100 ? `${s.slice(0, 97)}...` : s;
}

/**
 * Test support: the GZ1 × DenseNet-121 frozen trunk up to `pool4_pool` ([512, 7, 7], 1,221 images, no
 * augmentation variants: 122 MB), filled once and cached under `<repo>/.kenobi-cache/test-feature-stores/`
 * keyed by the model, the dataset and the code that decides feature values, as the GZ1 feature store is.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAugment, type Dataset, type ImagePreprocessing } from '@kenobi/features';
import { datasetFingerprint } from '@kenobi/features/node';
import type { PreprocessingConfig } from '@kenobi/imaging';
import { decodeModel, type ModelProto } from '@kenobi/onnx';
import { resolveModelArg } from '@kenobi/zoo/node';
import { DENSENET_FILE, featureCodeFingerprint, loadGz1, sharedRoot } from '../../../../features/src/test-support/gz1-feature-store.js';
import { buildTrunkStore, type StoreTrunkCache } from '../store-trunk-cache.node.js';

const repoRoot = resolve(import.meta.dirname, '../../../../..');

/** The dataset, the backbone and its opened trunk store. */
export interface Gz1Trunk {
  readonly dataset: Dataset;
  readonly backbone: ModelProto;
  readonly store: StoreTrunkCache;
}

/**
 * Opens (filling it first when absent) the GZ1 trunk store cut at `cut` ([512, 7, 7] for `pool4_pool`).
 *
 * @example
 * ```ts
 * const { store, backbone } = await gz1TrunkStore('pool4_pool', [512, 7, 7]);
 * ```
 */
export async function gz1TrunkStore(cut: string, cutDims: readonly number[]): Promise<Gz1Trunk> {
  process.env['KENOBI_MIRROR'] ??= join(sharedRoot, 'models');
  const dataset = await loadGz1();
  const bytes = new Uint8Array(readFileSync(DENSENET_FILE));
  const resolved = await resolveModelArg('densenet121-keras');
  const preprocessing: ImagePreprocessing = { config: Object.assign({ layout: 'NCHW' }, resolved.entry!.preprocessing) as PreprocessingConfig, tta: 'none' };
  const key = createHash('sha256').update(`${createHash('sha256').update(bytes).digest('hex')}\n${datasetFingerprint(dataset)}\n${featureCodeFingerprint()}\n${cut}\n`).digest('hex').slice(0, 16);
  const dir = join(repoRoot, '.kenobi-cache', 'test-feature-stores', `gz1-densenet121-trunk-${cut}-${key}`);
  const store = await buildTrunkStore(dataset, { backbone: { bytes, id: 'densenet121-keras' }, cut, cutDims, preprocessing, augment: parseAugment('none'), dir, batchSize: 16, workers: 1 });
  return { dataset, backbone: decodeModel(bytes), store };
}

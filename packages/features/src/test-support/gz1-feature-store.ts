/**
 * Test support: the full GZ1 × DenseNet-121 feature store (1,221 × 1,024), extracted once and cached under
 * `<repo>/.kenobi-cache/test-feature-stores/` keyed by its inputs, so later tests (learn, cluster) reuse it
 * instead of paying ~3 minutes on 2 cores each time.
 *
 * @example
 * ```ts
 * import { gz1FeatureStore } from '@kenobi/features/test-support/gz1-feature-store'; // or a relative import
 * const dir = await gz1FeatureStore(); // complete store; readFeatures(dir).X is [1221, 1024]
 * ```
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProgressCallback } from '@kenobi/core';
import type { Dataset } from '../dataset/dataset.js';
import { datasetFingerprint } from '../dataset/dataset-fingerprint.node.js';
import { loadDataset } from '../dataset/load-dataset.node.js';
import { extractFeatures } from '../pipeline/extract-features.node.js';
import { kenobiVersion } from '../store/kenobi-version.node.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Where `../shared` is (KENOBI_SHARED overrides). */
export const sharedRoot = resolve(process.env.KENOBI_SHARED ?? resolve(repoRoot, '../shared'));

/** The GZ1 catalog and how to read it. */
export const GZ1_CATALOG = join(sharedRoot, 'data/labeled/gz1_sdss/labels.csv');
export const GZ1_COLUMNS = Object.freeze({ id: 'objid', path: 'file', label: 'gz1_class_name', targets: [] as string[] });
export const DENSENET_FILE = join(sharedRoot, 'models/densenet121-keras-imagenet.onnx');

/** Loads the GZ1 dataset (1,221 SDSS gri JPEG cutouts, 6 Galaxy Zoo classes). */
export function loadGz1(): Promise<Dataset> {
  return loadDataset(GZ1_CATALOG, { columns: GZ1_COLUMNS });
}

/**
 * A hash of the sources that decide feature values (FITS/raster decode, preprocessing, the pipeline, ONNX
 * surgery, the runtime) and of those packages' package.json (dependency versions), so a cached store is rebuilt whenever that code changes, not only the version.
 *
 * @example
 * ```ts
 * const key = featureCodeFingerprint(); // 'a3f9…' (16 hex digits)
 * ```
 */
export function featureCodeFingerprint(): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) { if (entry.name !== 'test-support') walk(path); }
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) hash.update(path.slice(repoRoot.length)).update(readFileSync(path));
    }
  };
  for (const pkg of ['fits', 'imaging', 'features', 'onnx', 'runtime']) {
    // package.json too: a dependency's version (e.g. the JPEG decoder's) decides feature values as well
    hash.update(readFileSync(join(repoRoot, 'packages', pkg, 'package.json')));
    walk(join(repoRoot, 'packages', pkg, 'src'));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The cached store's folder for the current inputs (model sha256, dataset fingerprint, Kenobi version, code),
 * extracting it first when absent or incomplete. The model is resolved through the zoo id
 * `densenet121-keras` (KENOBI_MIRROR must hold it).
 */
export async function gz1FeatureStore(options: { onProgress?: ProgressCallback; batchSize?: number } = {}): Promise<string> {
  const ds = await loadGz1();
  const modelSha = createHash('sha256').update(readFileSync(DENSENET_FILE)).digest('hex');
  const key = createHash('sha256').update(`${modelSha}\n${datasetFingerprint(ds)}\n${kenobiVersion()}\n${featureCodeFingerprint()}\nauto\n`).digest('hex').slice(0, 16);
  const dir = join(repoRoot, '.kenobi-cache', 'test-feature-stores', `gz1-densenet121-${key}`);
  const meta = join(dir, 'meta.json');
  if (existsSync(meta) && (JSON.parse(readFileSync(meta, 'utf8')) as { status: string }).status === 'complete') return dir;
  const resume = existsSync(meta);
  try {
    await extractFeatures(ds, { model: 'densenet121-keras', out: dir, batchSize: options.batchSize ?? 16, device: 'cpu', rowsPerPart: 256, ...(resume ? { resume: true } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  } catch (e) {
    if (resume) rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return dir;
}

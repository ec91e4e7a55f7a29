/**
 * Test support: the GZ1 feature store's rows split as `labels.csv` says (train/test by crc32(objid)), with the
 * 6-class labels and the elliptical-vs-spiral labels (`morph_binary`; 'other' rows left out), and a cached
 * store of the TEST images extracted with dihedral test-time augmentation (8 variants averaged).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFeatures, readFeatures, subsetDataset, type FeatureTable } from '@kenobi/features/node';
import { DENSENET_FILE, GZ1_CATALOG, featureCodeFingerprint, loadGz1, sharedRoot } from '../../../features/src/test-support/gz1-feature-store.js';
import { matrix, type Matrix } from '../backend/matrix.js';

/** One split of one task. */
export interface Gz1Split {
  readonly x: Matrix;
  readonly y: Int32Array;
  readonly ids: readonly string[];
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** A row of GZ1's `labels.csv`: its fixed split and its elliptical/spiral/other label. */
export interface Gz1CatalogRow { readonly split: string; readonly morph: string }

/**
 * `labels.csv` by objid: each row's split ('train' | 'test') and `morph_binary` ('elliptical' | 'spiral' | 'other').
 *
 * @example
 * ```ts
 * gz1Catalog().get('587722952767439450'); // { split: 'train', morph: 'spiral' }
 * ```
 */
export function gz1Catalog(): Map<string, Gz1CatalogRow> {
  const lines = readFileSync(GZ1_CATALOG, 'utf8').trim().split('\n');
  const head = lines[0]!.split(',');
  const at = (n: string): number => head.indexOf(n);
  return new Map(lines.slice(1).map((l) => {
    const c = l.split(',');
    return [c[at('objid')]!, { split: c[at('split')]!, morph: c[at('morph_binary')]! }];
  }));
}

/**
 * Rows of `table` for `split` and `task` ('binary': elliptical 0 / spiral 1; 'six': the store's classes).
 *
 * @example
 * ```ts
 * const train = gz1Rows(await readFeatures(dir), 'train', 'binary');
 * ```
 */
export function gz1Rows(table: FeatureTable, split: 'train' | 'test', task: 'binary' | 'six'): Gz1Split {
  const rows = gz1Catalog();
  const keep: number[] = [];
  const y: number[] = [];
  table.ids.forEach((id, r) => {
    const c = rows.get(id);
    if (!c || c.split !== split) return;
    if (task === 'binary') {
      if (c.morph === 'other') return;
      y.push(c.morph === 'spiral' ? 1 : 0);
    } else {
      y.push(table.labels[r]!);
    }
    keep.push(r);
  });
  const x = new Float32Array(keep.length * table.dim);
  keep.forEach((r, i) => x.set(table.X.subarray(r * table.dim, (r + 1) * table.dim), i * table.dim));
  return { x: matrix(keep.length, table.dim, x), y: Int32Array.from(y), ids: keep.map((r) => table.ids[r]!) };
}

/**
 * The test images' features with dihedral TTA (the 8 flips/rotations averaged in feature space), extracted
 * once and cached under `<repo>/.kenobi-cache/test-feature-stores/`.
 *
 * @example
 * ```ts
 * const tta = await readFeatures(await gz1TestTtaStore());
 * ```
 */
export async function gz1TestTtaStore(): Promise<string> {
  process.env['KENOBI_MIRROR'] ??= join(sharedRoot, 'models'); // the zoo resolves densenet121-keras from ../shared
  const ds = await loadGz1();
  const rows = gz1Catalog();
  const idx = ds.items.flatMap((item, i) => (rows.get(item.id)?.split === 'test' ? [i] : []));
  const modelSha = createHash('sha256').update(readFileSync(DENSENET_FILE)).digest('hex');
  const key = createHash('sha256').update(`${modelSha}\n${idx.length}\n${featureCodeFingerprint()}\ntta-averaged\n`).digest('hex').slice(0, 16);
  const dir = join(repoRoot, '.kenobi-cache', 'test-feature-stores', `gz1-test-tta-densenet121-${key}`);
  const meta = join(dir, 'meta.json');
  if (existsSync(meta) && (JSON.parse(readFileSync(meta, 'utf8')) as { status: string }).status === 'complete') return dir;
  await extractFeatures(subsetDataset(ds, idx), { model: 'densenet121-keras', out: dir, batchSize: 8, device: 'cpu', tta: 'averaged', rowsPerPart: 128, ...(existsSync(meta) ? { resume: true } : {}) });
  return dir;
}

export { readFeatures };

/**
 * Test support: a small feature store with three well-separated blobs whose rows come from a real PNG
 * catalog (one coloured cutout per row, the colour telling the blob), so `kenobi cluster` can draw montages.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SeededRandom } from '@kenobi/core';
import { FEATURE_STORE_FORMAT, type FeatureStoreMeta } from '@kenobi/features';
import { openStoreWriter } from '@kenobi/features/node';
import { encodePng } from '@kenobi/imaging';

const COLOURS = [[220, 60, 60], [60, 200, 80], [70, 90, 230]] as const;

/**
 * Writes `root/catalog.csv` + `root/img/*.png` and the store `root/store` (rows × dim, labels 'a', 'b', 'c'
 * = the blob, ids `obj<i>`); returns the store folder. `empty` writes a complete store with no rows.
 *
 * @example
 * ```ts
 * const store = writeClusterStore(tmp, { rows: 90, dim: 6 });
 * ```
 */
export function writeClusterStore(root: string, o: { rows: number; dim: number; seed?: number; empty?: boolean }): string {
  const rng = new SeededRandom(o.seed ?? 5);
  mkdirSync(join(root, 'img'), { recursive: true });
  const lines = ['id,path,label'];
  const X = new Float32Array(o.rows * o.dim);
  const ids: string[] = [], labels: number[] = [];
  for (let r = 0; r < o.rows; r++) {
    const blob = r % 3;
    for (let j = 0; j < o.dim; j++) X[r * o.dim + j] = (j % 3 === blob ? 6 : 0) + rng.normal();
    const size = 20 + (r % 5) * 3;
    const px = new Uint8Array(size * size * 3);
    for (let p = 0; p < size * size; p++) for (let c = 0; c < 3; c++) px[p * 3 + c] = Math.min(255, COLOURS[blob]![c]! + rng.int(30));
    writeFileSync(join(root, 'img', `obj${r}.png`), encodePng({ width: size, height: size, channels: 3, data: px }));
    lines.push(`obj${r},img/obj${r}.png,${'abc'[blob]}`);
    ids.push(`obj${r}`);
    labels.push(blob);
  }
  writeFileSync(join(root, 'catalog.csv'), `${lines.join('\n')}\n`);
  const store = join(root, o.empty ? 'empty-store' : 'store');
  const n = o.empty ? 0 : o.rows;
  const meta = {
    format: FEATURE_STORE_FORMAT, formatVersion: 1, status: 'running',
    model: { id: 'synthetic', sha256: 'f'.repeat(64), batchMode: 'dynamic' },
    tensor: 'features', pool: 'none',
    preprocessing: { config: { inputSize: [8, 8], mean: [0, 0, 0], std: [1, 1, 1], scale: '0-1', channelOrder: 'RGB', resize: 'exact', crop: 'none' }, tta: 'none' },
    dataset: { source: join(root, 'catalog.csv'), kind: 'catalog', fingerprint: `sha256:${'0'.repeat(64)}`, items: o.rows, classNames: ['a', 'b', 'c'], targetNames: [] },
    shard: { index: 0, count: 1, start: 0, end: n },
    rowsPerPart: Math.max(1, Math.ceil(n / 2)), parts: n === 0 ? 1 : 2, dim: 0, rows: 0, batchSize: 32,
    device: { requested: 'cpu', device: 'cpu', provider: 'cpu', ortVersion: '1.30.0', report: '', attempts: [] },
    failures: [], kenobiVersion: '0.1.0', createdAt: new Date(0).toISOString(),
  } as unknown as FeatureStoreMeta;
  const w = openStoreWriter(store, meta, { overwrite: true });
  if (n === 0) {
    w.writePart(0, new Float32Array(0), o.dim, { ids: [], labels: [], targets: [] }, []);
  } else {
    const half = Math.ceil(n / 2);
    for (const [p, [a, b]] of [[0, half], [half, n]].entries()) {
      w.writePart(p, X.slice(a! * o.dim, b! * o.dim), o.dim, { ids: ids.slice(a, b), labels: labels.slice(a, b), targets: ids.slice(a, b).map(() => []) }, []);
    }
  }
  w.finish();
  return store;
}

/**
 * Test support: a small feature store written with `@kenobi/features`' store writer (synthetic features
 * with a known class structure or redshift), for the train/evaluate command tests.
 */
import { createHash } from 'node:crypto';
import { SeededRandom } from '@kenobi/core';
import { FEATURE_STORE_FORMAT, type FeatureStoreMeta } from '@kenobi/features';
import { openStoreWriter } from '@kenobi/features/node';

/** Options of {@link writeSyntheticStore}. */
export interface SyntheticStoreOptions {
  readonly rows: number;
  readonly dim: number;
  /** Seeds the task (the class weights) and, without `rowSeed`, the rows too. Default 1. */
  readonly seed?: number;
  /**
   * Seeds the rows (features and label noise) apart from the task: a held-out store is the same problem as
   * the training store (same `seed`) with rows of its own (another `rowSeed`).
   */
  readonly rowSeed?: number;
  /** Class names (labels from a linear score); [] for none. Default ['non-lens', 'lens']. */
  readonly classes?: readonly string[];
  /** Add a regression target 'z' = a smooth function of the features. */
  readonly redshift?: boolean;
  /** Leave 'z' empty (NaN, as an empty catalog cell) in every k-th row, from row 0. */
  readonly missingZEvery?: number;
  /** Put a NaN in the features of row 3. */
  readonly nan?: boolean;
  /** Every row gets class 0. */
  readonly oneClass?: boolean;
  readonly tensor?: string;
}

/** Writes the store to `dir` and returns its meta. @example `writeSyntheticStore(dir, { rows: 200, dim: 16, seed: 1, rowSeed: 2 })` */
export function writeSyntheticStore(dir: string, o: SyntheticStoreOptions): FeatureStoreMeta {
  const classes = o.classes ?? ['non-lens', 'lens'];
  const rng = new SeededRandom(o.seed ?? 1);
  const w = Array.from({ length: classes.length * o.dim }, () => rng.normal());
  // NOTE: without rowSeed the rows continue the task's stream, so existing stores stay byte-identical.
  const rowRng = o.rowSeed === undefined ? rng : new SeededRandom(o.rowSeed);
  const X = new Float32Array(o.rows * o.dim);
  const labels: number[] = [], targets: number[][] = [], ids: string[] = [];
  for (let r = 0; r < o.rows; r++) {
    for (let j = 0; j < o.dim; j++) X[r * o.dim + j] = rowRng.normal();
    let best = 0, bestScore = -Infinity;
    for (let c = 0; c < classes.length; c++) {
      let s = 0.6 * rowRng.normal();
      for (let j = 0; j < o.dim; j++) s += X[r * o.dim + j]! * w[c * o.dim + j]!;
      if (s > bestScore) { bestScore = s; best = c; }
    }
    labels.push(classes.length === 0 ? -1 : o.oneClass ? 0 : best);
    if (o.redshift) {
      const z = Math.max(0.01, 0.5 + 0.1 * X[r * o.dim]! + 0.05 * X[r * o.dim + 1]! + 0.01 * rowRng.normal());
      targets.push([o.missingZEvery !== undefined && r % o.missingZEvery === 0 ? Number.NaN : z]);
    }
    else targets.push([]);
    ids.push(`obj${r}`);
  }
  if (o.nan) X[3 * o.dim] = NaN;
  const meta = {
    format: FEATURE_STORE_FORMAT, formatVersion: 1, status: 'running',
    model: { id: 'synthetic', sha256: 'f'.repeat(64), batchMode: 'dynamic' },
    tensor: o.tensor ?? 'features', pool: 'none',
    preprocessing: { config: { inputSize: [8, 8], mean: [0, 0, 0], std: [1, 1, 1], scale: 1, channelOrder: 'rgb', resize: 'bilinear', crop: 'none' }, tta: 'none' },
    dataset: { source: dir, kind: 'synthetic', fingerprint: `sha256:${createHash('sha256').update(JSON.stringify(o)).digest('hex')}`, items: o.rows, classNames: classes, targetNames: o.redshift ? ['z'] : [] },
    shard: { index: 0, count: 1, start: 0, end: o.rows },
    rowsPerPart: o.rows, parts: 1, dim: 0, rows: 0, batchSize: 32,
    device: { requested: 'cpu', device: 'cpu', provider: 'cpu', ortVersion: '1.30.0', report: '', attempts: [] },
    failures: [], kenobiVersion: '0.1.0', createdAt: new Date(0).toISOString(),
  } as unknown as FeatureStoreMeta;
  const writer = openStoreWriter(dir, meta, { overwrite: true });
  writer.writePart(0, X, o.dim, { ids, labels, targets }, []);
  return writer.finish();
}

/**
 * Node-only. The valid feature stores the store fuzzer starts from, written by the package's own
 * StoreWriter (several parts, labels, targets, an empty part) and held in memory as file name → bytes, with
 * the table each must read back as. Not shipped.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeededRandom } from '@kenobi/core';
import { FEATURE_STORE_FORMAT, type FeatureStoreMeta } from '../store/store-meta.js';
import { openStoreWriter } from '../store/store-writer.node.js';
import type { PartRows } from '../store/store-layout.js';

/** A seed store: its files, its meta (as the run that made it had it) and the rows it holds. */
export interface StoreSeed {
  readonly name: string;
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly runMeta: FeatureStoreMeta;
  readonly X: Float32Array;
  readonly ids: readonly string[];
  readonly labels: readonly number[];
  readonly targets: readonly number[];
  /** Per part: the rows and the features, to redo a part on resume. */
  readonly parts: readonly { readonly rows: PartRows; readonly X: Float32Array }[];
}

interface SeedSpec { name: string; rows: number; dim: number; rowsPerPart: number; classes: string[]; targets: string[]; emptyPart?: number }

const SPECS: readonly SeedSpec[] = [
  { name: 'labels-3parts', rows: 10, dim: 4, rowsPerPart: 4, classes: ['a', 'b'], targets: [] },
  { name: 'targets-1part', rows: 5, dim: 3, rowsPerPart: 8, classes: [], targets: ['z', 'm'] },
  { name: 'empty-part', rows: 6, dim: 2, rowsPerPart: 3, classes: ['x', 'y', 'z'], targets: ['z'], emptyPart: 1 },
];

/**
 * Writes every seed store once (in a temporary folder, then removed) and returns them in memory.
 *
 * @example
 * ```ts
 * storeSeeds().map((s) => s.name); // ['labels-3parts', 'targets-1part', 'empty-part']
 * ```
 */
export function storeSeeds(): StoreSeed[] {
  return SPECS.map((spec) => {
    const dir = mkdtempSync(join(tmpdir(), 'kenobi-store-seed-'));
    try {
      return writeSeed(dir, spec);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

function writeSeed(dir: string, spec: SeedSpec): StoreSeed {
  const rng = new SeededRandom(spec.rows * 31 + spec.dim);
  const partCount = Math.ceil(spec.rows / spec.rowsPerPart) + (spec.emptyPart === undefined ? 0 : 1);
  const runMeta: FeatureStoreMeta = {
    format: FEATURE_STORE_FORMAT, formatVersion: 1, status: 'running',
    model: { id: 'fuzz', sha256: 'a'.repeat(64), batchMode: 'dynamic' }, tensor: 'features', pool: 'avg',
    preprocessing: { config: { inputSize: [8, 8], mean: [0, 0, 0], std: [1, 1, 1], scale: 1, channelOrder: 'rgb', resize: 'bilinear', crop: 'none' }, tta: 'none' } as unknown as FeatureStoreMeta['preprocessing'],
    dataset: { source: 'fuzz', kind: 'synthetic', fingerprint: `sha256:${'0'.repeat(64)}`, items: spec.rows, classNames: spec.classes, targetNames: spec.targets },
    shard: { index: 0, count: 1, start: 0, end: spec.rows },
    rowsPerPart: spec.rowsPerPart, parts: partCount, dim: 0, rows: 0, batchSize: 4,
    device: { requested: 'cpu', device: 'cpu', provider: 'cpu', ortVersion: '0', report: '', attempts: [] },
    failures: [], kenobiVersion: '0.0.0', createdAt: '2025-01-01T00:00:00.000Z',
  };
  const w = openStoreWriter(dir, runMeta);
  const parts: { rows: PartRows; X: Float32Array }[] = [];
  let row = 0;
  for (let p = 0; p < partCount; p++) {
    const n = p === spec.emptyPart ? 0 : Math.min(spec.rowsPerPart, spec.rows - row);
    const X = Float32Array.from({ length: n * spec.dim }, () => Math.round(rng.normal() * 100) / 100);
    const rows: PartRows = {
      ids: Array.from({ length: n }, (_, i) => `obj${row + i}`),
      labels: Array.from({ length: n }, () => (spec.classes.length === 0 ? -1 : rng.int(spec.classes.length))),
      targets: Array.from({ length: n }, () => spec.targets.map(() => Math.round(rng.uniform() * 1000) / 1000)),
    };
    w.writePart(p, X, spec.dim, rows, []);
    parts.push({ rows, X });
    row += n;
  }
  w.finish({ seconds: 1 });
  const files = new Map(readdirSync(dir).map((f) => [f, new Uint8Array(readFileSync(join(dir, f)))] as const));
  const X = new Float32Array(parts.reduce((a, p) => a + p.X.length, 0));
  let o = 0;
  for (const p of parts) {
    X.set(p.X, o);
    o += p.X.length;
  }
  return {
    name: spec.name, files, runMeta, X, parts,
    ids: parts.flatMap((p) => p.rows.ids), labels: parts.flatMap((p) => p.rows.labels), targets: parts.flatMap((p) => p.rows.targets.flat()),
  };
}

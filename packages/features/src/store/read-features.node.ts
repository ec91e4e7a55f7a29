/**
 * Node-only. Reads a feature store: all at once (`readFeatures`) or one part at a time (`streamFeatures`,
 * for data larger than memory, e.g. mini-batch k-means).
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readNpy } from '@kenobi/core';
import { FeaturesError } from '../features-error.js';
import { partFile, partRowsFile, STORE_FILES, type PartRows } from './store-layout.js';
import type { FeatureStoreMeta } from './store-meta.js';

/**
 * Features and their rows: `X` is row-major `[rows, dim]`.
 *
 * @example
 * ```ts
 * const { X, ids, labels, meta } = await readFeatures('feats');
 * X.length === ids.length * meta.dim; // true
 * meta.dataset.classNames[labels[0]]; // 'elliptical'
 * ```
 */
export interface FeatureTable {
  readonly X: Float32Array;
  readonly rows: number;
  readonly dim: number;
  readonly ids: readonly string[];
  /** Index into `meta.dataset.classNames`, -1 for none. */
  readonly labels: Int32Array;
  /** `[rows, targetNames.length]`, row-major (empty when there are no targets). */
  readonly targets: Float32Array;
  readonly meta: FeatureStoreMeta;
}

/** One part of a store, as {@link streamFeatures} yields it; `start` is its first row. @example `{ start: 4096, rows: 4096, ... }` */
export interface FeaturePart extends Omit<FeatureTable, 'meta'> {
  readonly part: number;
  readonly start: number;
}

/**
 * A store's meta; throws `features/store-corrupt` when the folder is not a store.
 *
 * @example
 * ```ts
 * readStoreMeta('feats').status; // 'complete'
 * ```
 */
export function readStoreMeta(dir: string): FeatureStoreMeta {
  const path = join(resolve(dir), STORE_FILES.meta);
  if (!existsSync(path)) throw new FeaturesError('features/store-corrupt', `${resolve(dir)} is not a feature store (no meta.json)`);
  return JSON.parse(readFileSync(path, 'utf8')) as FeatureStoreMeta;
}

/**
 * Yields the parts of a complete store in order, reading one at a time.
 *
 * @example
 * ```ts
 * for await (const part of streamFeatures('feats')) kmeans.partialFit(part.X, part.rows);
 * ```
 */
export async function* streamFeatures(dir: string): AsyncGenerator<FeaturePart> {
  const root = resolve(dir);
  const meta = readStoreMeta(root);
  if (meta.status !== 'complete') {
    throw new FeaturesError('features/store-incomplete', `${root} is not complete (the run stopped)`, { hint: 'rerun the same kenobi extract with --resume' });
  }
  const t = meta.dataset.targetNames.length;
  let start = 0;
  for (let p = 0; p < meta.parts; p++) {
    const a = readNpy(new Uint8Array(await readFile(join(root, partFile(p)))));
    const r = JSON.parse(await readFile(join(root, partRowsFile(p)), 'utf8')) as PartRows;
    const rows = r.ids.length;
    if (a.dtype !== 'float32' || a.shape[0] !== rows || (rows > 0 && a.shape[1] !== meta.dim)) {
      throw new FeaturesError('features/store-corrupt', `${partFile(p)} holds ${a.dtype} [${a.shape.join(', ')}], expected float32 [${rows}, ${meta.dim}]`);
    }
    const targets = new Float32Array(rows * t);
    r.targets.forEach((row, i) => targets.set(row, i * t));
    yield { part: p, start, X: a.data as Float32Array, rows, dim: meta.dim, ids: r.ids, labels: Int32Array.from(r.labels), targets };
    start += rows;
  }
}

/**
 * Reads a whole complete store into memory.
 *
 * @example
 * ```ts
 * const { X, rows, dim } = await readFeatures('feats'); // Float32Array(1221 * 1024), 1221, 1024
 * ```
 */
export async function readFeatures(dir: string): Promise<FeatureTable> {
  const meta = readStoreMeta(dir);
  const t = meta.dataset.targetNames.length;
  const X = new Float32Array(meta.rows * meta.dim);
  const labels = new Int32Array(meta.rows);
  const targets = new Float32Array(meta.rows * t);
  const ids: string[] = [];
  for await (const part of streamFeatures(dir)) {
    X.set(part.X, part.start * meta.dim);
    labels.set(part.labels, part.start);
    targets.set(part.targets, part.start * t);
    ids.push(...part.ids);
  }
  if (ids.length !== meta.rows) throw new FeaturesError('features/store-corrupt', `meta.json says ${meta.rows} rows, the parts hold ${ids.length}`);
  return { X, rows: meta.rows, dim: meta.dim, ids, labels, targets, meta };
}

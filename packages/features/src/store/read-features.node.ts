/**
 * Node-only. Reads a feature store: all at once (`readFeatures`) or one part at a time (`streamFeatures`,
 * for data larger than memory, e.g. mini-batch k-means).
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FeaturesError } from '../features-error.js';
import { readMetaFile, readPartFeatures, readPartRows } from './store-files.node.js';
import { partFile, STORE_FILES } from './store-layout.js';
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
 * A store's meta, checked; throws `features/store-corrupt` when the folder is not a store or its meta.json is
 * not valid (naming the file and the field).
 *
 * @example
 * ```ts
 * readStoreMeta('feats').status; // 'complete'
 * ```
 */
export function readStoreMeta(dir: string): FeatureStoreMeta {
  return readMetaFile(dir);
}

/**
 * Yields the parts of a complete store in order, reading one at a time. Every file is checked (see
 * `store-files.node.ts`); a bad one is `features/store-corrupt` naming it.
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
    const r = await readPartRows(root, p, meta);
    const rows = r.ids.length;
    const X = await readPartFeatures(root, p, meta, rows);
    const targets = new Float32Array(rows * t);
    r.targets.forEach((row, i) => targets.set(row, i * t));
    yield { part: p, start, X, rows, dim: meta.dim, ids: r.ids, labels: Int32Array.from(r.labels), targets };
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
  const root = resolve(dir);
  const meta = readStoreMeta(root);
  const t = meta.dataset.targetNames.length;
  if (meta.status !== 'complete') {
    throw new FeaturesError('features/store-incomplete', `${root} is not complete (the run stopped)`, { hint: 'rerun the same kenobi extract with --resume' });
  }
  // NOTE: X is sized from meta.json, so its claim is first checked against the bytes the parts really hold
  // (a meta.json saying 10^12 rows allocated, or threw a RangeError, before any part was read: fuzzer).
  let partBytes = 0;
  for (let p = 0; p < meta.parts; p++) partBytes += existsSync(join(root, partFile(p))) ? statSync(join(root, partFile(p))).size : 0;
  const metaPath = join(root, STORE_FILES.meta);
  if (meta.rows * meta.dim * 4 > partBytes) {
    throw new FeaturesError('features/store-corrupt', `${metaPath} says ${meta.rows} rows of ${meta.dim} features, the ${meta.parts} parts hold only ${partBytes} bytes`);
  }
  const X = new Float32Array(meta.rows * meta.dim);
  const labels: Int32Array[] = [];
  const targets: Float32Array[] = [];
  const ids: string[] = [];
  for await (const part of streamFeatures(root)) {
    if (part.start + part.rows > meta.rows) throw new FeaturesError('features/store-corrupt', `${metaPath} says ${meta.rows} rows, the parts hold more`);
    X.set(part.X, part.start * meta.dim);
    labels.push(part.labels);
    targets.push(part.targets);
    for (const id of part.ids) ids.push(id); // NOTE: not push(...ids): a large part overflowed the call stack
  }
  if (ids.length !== meta.rows) throw new FeaturesError('features/store-corrupt', `${metaPath} says ${meta.rows} rows, the parts hold ${ids.length}`);
  return { X, rows: meta.rows, dim: meta.dim, ids, labels: concatInt32(labels, meta.rows), targets: concatFloat32(targets, meta.rows * t), meta };
}

function concatInt32(parts: readonly Int32Array[], n: number): Int32Array {
  const out = new Int32Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function concatFloat32(parts: readonly Float32Array[], n: number): Float32Array {
  const out = new Float32Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

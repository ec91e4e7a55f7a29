/**
 * Node-only. Reads the files of a feature store one by one, checked: `meta.json`, a part's rows file and a
 * part's `.npy`. Each bad file is `features/store-corrupt` naming it, found before anything the size of
 * what it claims is allocated, so a damaged store never yields rows out of line with their ids.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isKenobiError, readNpy } from '@kenobi/core';
import { FeaturesError } from '../features-error.js';
import { partFile, partRowsFile, STORE_FILES, type PartRows } from './store-layout.js';
import { checkStoreMeta, type FeatureStoreMeta } from './store-meta.js';

function corrupt(message: string, cause?: unknown): FeaturesError {
  return new FeaturesError('features/store-corrupt', message, cause === undefined ? {} : { cause });
}

/**
 * A store's `meta.json`, parsed and checked.
 *
 * @example
 * ```ts
 * readMetaFile('feats').rows; // 1221
 * ```
 */
export function readMetaFile(dir: string): FeatureStoreMeta {
  const path = join(resolve(dir), STORE_FILES.meta);
  if (!existsSync(path)) throw corrupt(`${resolve(dir)} is not a feature store (no meta.json)`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw corrupt(`${path} is not valid JSON (${(e as Error).message})`, e);
  }
  return checkStoreMeta(value, path);
}

/**
 * Part `p`'s rows file, checked against the meta: as many ids, labels (−1 or a class index) and target rows
 * (one number per target name; null where JSON could not hold NaN) as each other.
 *
 * @example
 * ```ts
 * (await readPartRows('feats', 0, meta)).ids.length; // 4096
 * ```
 */
export async function readPartRows(dir: string, p: number, meta: FeatureStoreMeta): Promise<PartRows> {
  const path = join(resolve(dir), partRowsFile(p));
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw corrupt(`${path} cannot be read as JSON (${(e as Error).message})`, e);
  }
  return checkPartRows(value, path, meta);
}

/**
 * {@link readPartRows} for a rows file already parsed (`value`), named `path` in errors.
 *
 * @example
 * ```ts
 * checkPartRows({ ids: ['a'], labels: [0], targets: [[]] }, 'part-00000.rows.json', meta);
 * ```
 */
export function checkPartRows(value: unknown, path: string, meta: FeatureStoreMeta): PartRows {
  const r = value as Partial<Record<keyof PartRows, unknown>> | null;
  const t = meta.dataset.targetNames.length;
  const classes = meta.dataset.classNames.length;
  if (typeof r !== 'object' || r === null || !Array.isArray(r.ids) || !Array.isArray(r.labels) || !Array.isArray(r.targets)) {
    throw corrupt(`${path} should hold { ids, labels, targets }`);
  }
  const n = r.ids.length;
  if (!r.ids.every((id) => typeof id === 'string')) throw corrupt(`${path}: an id is not a string`);
  if (r.labels.length !== n || r.targets.length !== n) throw corrupt(`${path}: ${n} ids, ${r.labels.length} labels, ${r.targets.length} target rows`);
  if (!r.labels.every((l) => Number.isInteger(l) && (l as number) >= -1 && (l as number) < classes)) throw corrupt(`${path}: a label is not -1 or a class index below ${classes}`);
  if (!r.targets.every((row) => Array.isArray(row) && row.length === t && row.every((v) => v === null || typeof v === 'number'))) {
    throw corrupt(`${path}: a target row is not ${t} numbers`);
  }
  // NOTE: a missing target (an empty catalog cell) is NaN, which JSON writes as null; read back as NaN, not as
  // the 0 that Float32Array.from and TypedArray.set would make of null (rows without a target are then left
  // out of regression heads, instead of training on 0)
  const targets = (r.targets as (number | null)[][]).map((row) => (row.includes(null) ? row.map((v) => v ?? Number.NaN) : row) as number[]);
  return { ...(r as PartRows), targets };
}

/**
 * Part `p`'s features as row-major float32 `[rows, meta.dim]` (a Fortran-order file is transposed).
 *
 * @example
 * ```ts
 * (await readPartFeatures('feats', 0, meta, 4096)).length; // 4096 * 1024
 * ```
 */
export async function readPartFeatures(dir: string, p: number, meta: FeatureStoreMeta, rows: number): Promise<Float32Array> {
  const path = join(resolve(dir), partFile(p));
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw corrupt(`${path} cannot be read (${(e as Error).message})`, e);
  }
  let a: ReturnType<typeof readNpy>;
  try {
    // NOTE: a view over the file's bytes (readFile gives a buffer of its own): no copy of the part's data,
    // which mini-batch k-means streams part by part (docs/benchmarks/cluster.md).
    a = readNpy(bytes, { source: path, copy: false });
  } catch (e) {
    if (isKenobiError(e)) throw corrupt(e.message, e);
    throw e;
  }
  // NOTE: exactly [rows, dim]: a part [rows, dim, k] passed the old check on its first two dims (found by the
  // fuzzer) and was copied in whole, overwriting the rows after it when k > 1.
  const shapeOk = rows === 0 ? a.data.length === 0 : a.shape.length === 2 && a.shape[0] === rows && a.shape[1] === meta.dim;
  if (a.dtype !== 'float32' || !shapeOk) {
    throw corrupt(`${path} holds ${a.dtype} [${a.shape.join(', ')}], expected float32 [${rows}, ${meta.dim}]`);
  }
  const x = a.data as Float32Array;
  return a.fortranOrder && rows > 1 && meta.dim > 1 ? toRowMajor(x, rows, meta.dim) : x;
}

/** Column-major [rows, cols] values as row-major. */
function toRowMajor(x: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = x[c * rows + r]!;
  return out;
}

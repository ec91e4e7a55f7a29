/**
 * `meta.json` of a feature store: everything needed to trust, resume, merge and reproduce it. Pure types and
 * the comparisons that resume and merge make.
 */
import type { ImagePreprocessing } from '../pipeline/image-preprocessing.js';
import type { ItemFailure } from '../pipeline/item-failure.js';
import { FeaturesError } from '../features-error.js';
import type { ShardSpec } from './shard-spec.js';

/** The format tag of `meta.json`. @example `FEATURE_STORE_FORMAT; // 'kenobi-feature-store'` */
export const FEATURE_STORE_FORMAT = 'kenobi-feature-store';

/**
 * A store's `meta.json`.
 *
 * @example
 * ```ts
 * const meta = JSON.parse(readFileSync('feats/meta.json', 'utf8')) as FeatureStoreMeta;
 * meta.rows; meta.dim; meta.model.sha256; // 1221, 1024, '5505…'
 * ```
 */
export interface FeatureStoreMeta {
  readonly format: typeof FEATURE_STORE_FORMAT;
  readonly formatVersion: 1;
  readonly status: 'running' | 'complete';
  readonly model: { readonly id: string; readonly path?: string; readonly sha256: string; readonly batchMode: string };
  readonly tensor: string;
  readonly pool: string;
  readonly preprocessing: ImagePreprocessing;
  readonly dataset: {
    readonly source: string;
    readonly kind: string;
    /** Fingerprint of the whole dataset (all shards). */
    readonly fingerprint: string;
    readonly items: number;
    readonly classNames: readonly string[];
    readonly targetNames: readonly string[];
  };
  readonly shard: ShardSpec & { readonly start: number; readonly end: number };
  readonly rowsPerPart: number;
  readonly parts: number;
  /** Feature columns (0 until the first batch ran). */
  readonly dim: number;
  /** Rows stored (items minus failures); final when complete. */
  readonly rows: number;
  readonly batchSize: number;
  readonly device: { readonly requested: string; readonly device: string; readonly provider: string; readonly ortVersion: string; readonly report: string; readonly attempts: readonly unknown[] };
  readonly failures: readonly ItemFailure[];
  readonly kenobiVersion: string;
  readonly createdAt: string;
  readonly completedAt?: string;
  readonly seconds?: number;
}

/**
 * JSON with object keys sorted, so two equal configurations compare equal as text.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }); // '{"a":[2,{"c":4,"d":3}],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v);
}

/**
 * Throws `features/store-mismatch` naming the first of model, tensor, pooling, preprocessing or dataset
 * (and, with `sameShard`, shard and part size) that differs.
 *
 * @example
 * ```ts
 * assertCompatible(shard0.meta, shard1.meta, { sameShard: false }); // ok, or throws naming e.g. 'tensor'
 * ```
 */
export function assertCompatible(a: FeatureStoreMeta, b: FeatureStoreMeta, options: { sameShard: boolean; what?: string }): void {
  const fields: [string, unknown, unknown][] = [
    ['model (sha256)', a.model.sha256, b.model.sha256],
    ['tensor', a.tensor, b.tensor],
    ['pooling', a.pool, b.pool],
    ['preprocessing', a.preprocessing, b.preprocessing],
    ['dataset (fingerprint)', a.dataset.fingerprint, b.dataset.fingerprint],
  ];
  if (options.sameShard) fields.push(['shard', a.shard, b.shard], ['rows per part', a.rowsPerPart, b.rowsPerPart]);
  else fields.push(['shard count', a.shard.count, b.shard.count]);
  for (const [name, x, y] of fields) {
    if (canonicalJson(x) !== canonicalJson(y)) {
      throw new FeaturesError('features/store-mismatch', `${options.what ?? 'the stores'} differ in ${name}: ${short(x)} vs ${short(y)}`, {
        hint: 'features from different models, tensors or preprocessing cannot be mixed; re-extract with the same settings',
        details: { field: name },
      });
    }
  }
}

function short(v: unknown): string {
  const s = canonicalJson(v) ?? 'nothing'; // NOTE: undefined (a field missing from meta.json) has no JSON text
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/**
 * `value` (a parsed `meta.json`) as a {@link FeatureStoreMeta}, after checking every field the readers,
 * resume and merge rely on; anything else throws `features/store-corrupt` naming `path` and the field.
 *
 * @example
 * ```ts
 * const meta = checkStoreMeta(JSON.parse(readFileSync(path, 'utf8')), path);
 * ```
 */
export function checkStoreMeta(value: unknown, path: string): FeatureStoreMeta {
  const bad = (field: string, v: unknown): never => {
    throw new FeaturesError('features/store-corrupt', `${path}: ${field} is ${JSON.stringify(v)?.slice(0, 80) ?? 'missing'}`, { hint: 'meta.json was edited or damaged: re-extract, or restore it from a backup' });
  };
  if (!isRecord(value)) return bad('the document', value);
  if (value.format !== FEATURE_STORE_FORMAT) bad('format', value.format);
  if (value.formatVersion !== 1) bad('formatVersion', value.formatVersion);
  if (value.status !== 'running' && value.status !== 'complete') bad('status', value.status);
  for (const k of ['parts', 'rows', 'dim', 'rowsPerPart', 'batchSize'] as const) if (!isCount(value[k])) bad(k, value[k]);
  if (!isRecord(value.model) || typeof value.model.sha256 !== 'string') bad('model', value.model);
  if (typeof value.tensor !== 'string') bad('tensor', value.tensor);
  if (typeof value.pool !== 'string') bad('pool', value.pool);
  if (!isRecord(value.preprocessing)) bad('preprocessing', value.preprocessing);
  const d = value.dataset;
  if (!isRecord(d) || !isStrings(d.classNames) || !isStrings(d.targetNames) || !isCount(d.items) || typeof d.fingerprint !== 'string') bad('dataset', d);
  const s = value.shard;
  if (!isRecord(s) || !isCount(s.index) || !isCount(s.count) || s.count < 1 || s.index >= s.count || !isCount(s.start) || !isCount(s.end) || s.start > s.end) bad('shard', s);
  if (!Array.isArray(value.failures)) bad('failures', value.failures);
  if (value.seconds !== undefined && typeof value.seconds !== 'number') bad('seconds', value.seconds);
  if (value.status === 'complete' && (value.rows as number) > 0 && (value.dim as number) < 1) bad('dim of a store with rows', value.dim);
  return value as unknown as FeatureStoreMeta;
}

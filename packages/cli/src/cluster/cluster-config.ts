/**
 * The options of `kenobi cluster`, parsed and checked: which method, which k (or a k sweep), PCA, the 2-D
 * embedding and the montage sizes.
 */
import { COVARIANCE_TYPES, type CovarianceType } from '@kenobi/cluster';
import { UsageError } from '../usage-error.js';

/** The methods of `kenobi cluster`. @example `CLUSTER_METHODS; // ['kmeans', 'minibatch', 'gmm', 'dbscan']` */
export const CLUSTER_METHODS = Object.freeze(['kmeans', 'minibatch', 'gmm', 'dbscan'] as const);
/** One of {@link CLUSTER_METHODS}. @example `const m: ClusterMethod = 'gmm';` */
export type ClusterMethod = (typeof CLUSTER_METHODS)[number];

/** The 2-D embeddings of the scatter plot. @example `EMBEDDINGS; // ['pca', 'umap']` */
export const EMBEDDINGS = Object.freeze(['pca', 'umap'] as const);
/** One of {@link EMBEDDINGS}. @example `const e: Embedding = 'umap';` */
export type Embedding = (typeof EMBEDDINGS)[number];

/**
 * A checked `kenobi cluster` configuration.
 *
 * @example
 * ```ts
 * const c: ClusterConfig = { method: 'kmeans', ks: [10], sweep: false, seed: 0, embedding: 'pca', nInit: 1, covariance: 'diag', minSamples: 5, nearest: 16, farthest: 8, thumb: 64 };
 * ```
 */
export interface ClusterConfig {
  readonly method: ClusterMethod;
  /** The k to fit: one value, or the sweep's range. */
  readonly ks: readonly number[];
  readonly sweep: boolean;
  /** Reduce the features to this many principal components before clustering. */
  readonly pca?: number;
  readonly seed: number;
  readonly embedding: Embedding;
  readonly nInit: number;
  /** GMM covariance; default full up to 50 features, else diag. */
  readonly covariance?: CovarianceType;
  readonly eps?: number;
  readonly minSamples: number;
  /** Montage: cutouts nearest each centre, farthest (outliers), thumbnail size in pixels. */
  readonly nearest: number;
  readonly farthest: number;
  readonly thumb: number;
}

const int = (name: string, v: unknown, min: number, fallback?: number): number => {
  if (v === undefined) {
    if (fallback === undefined) throw new UsageError(`kenobi cluster: --${name} is required`);
    return fallback;
  }
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`kenobi cluster: --${name} must be an integer >= ${min}, got '${String(v)}'`);
  return n;
};

/**
 * Parses `2..20` (or `2-20`, `2:20`) into [2, 3, ..., 20].
 *
 * @example
 * ```ts
 * parseKRange('2..5'); // [2, 3, 4, 5]
 * ```
 */
export function parseKRange(text: string): number[] {
  const m = /^\s*(\d+)\s*(?:\.\.|-|:)\s*(\d+)\s*$/.exec(text);
  const lo = m ? Number(m[1]) : NaN, hi = m ? Number(m[2]) : NaN;
  if (!m || lo < 1 || hi <= lo || hi - lo > 200) throw new UsageError(`kenobi cluster: --k-range must look like 2..20 (low < high, at most 200 values), got '${text}'`);
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

/**
 * Checks the parsed command-line values.
 *
 * @example
 * ```ts
 * clusterConfigFromArgs({ method: 'kmeans', k: '10' }).ks; // [10]
 * ```
 */
export function clusterConfigFromArgs(v: Record<string, unknown>): ClusterConfig {
  const method = String(v['method'] ?? 'kmeans');
  if (!(CLUSTER_METHODS as readonly string[]).includes(method)) throw new UsageError(`kenobi cluster: --method must be one of ${CLUSTER_METHODS.join(', ')}, got '${method}'`);
  const embedding = String(v['embedding'] ?? 'pca');
  if (!(EMBEDDINGS as readonly string[]).includes(embedding)) throw new UsageError(`kenobi cluster: --embedding must be one of ${EMBEDDINGS.join(', ')}, got '${embedding}'`);
  const covariance = v['covariance'];
  if (covariance !== undefined && !(COVARIANCE_TYPES as readonly string[]).includes(String(covariance))) {
    throw new UsageError(`kenobi cluster: --covariance must be one of ${COVARIANCE_TYPES.join(', ')}, got '${String(covariance)}'`);
  }
  if (v['k'] !== undefined && v['k-range'] !== undefined) throw new UsageError('kenobi cluster: give --k or --k-range, not both');
  let ks: number[] = [];
  if (method !== 'dbscan') ks = v['k-range'] !== undefined ? parseKRange(String(v['k-range'])) : [int('k', v['k'], 1, 10)];
  else if (v['k'] !== undefined || v['k-range'] !== undefined) throw new UsageError('kenobi cluster: dbscan finds k itself; drop --k/--k-range and give --eps');
  let eps: number | undefined;
  if (method === 'dbscan') {
    eps = Number(v['eps']);
    if (v['eps'] === undefined || !(eps > 0)) throw new UsageError(`kenobi cluster: dbscan needs --eps > 0 (the neighbourhood radius in feature units${v['eps'] === undefined ? '' : `, got '${String(v['eps'])}'`}); try --pca 20 and an eps near the typical nearest-neighbour distance`);
  }
  return {
    method: method as ClusterMethod,
    ks,
    sweep: v['k-range'] !== undefined,
    ...(v['pca'] === undefined ? {} : { pca: int('pca', v['pca'], 1) }),
    seed: int('seed', v['seed'], 0, 0),
    embedding: embedding as Embedding,
    nInit: int('n-init', v['n-init'], 1, 1),
    ...(covariance === undefined ? {} : { covariance: covariance as CovarianceType }),
    ...(eps === undefined ? {} : { eps }),
    minSamples: int('min-samples', v['min-samples'], 1, 5),
    nearest: int('nearest', v['nearest'], 1, 16),
    farthest: int('farthest', v['farthest'], 0, 8),
    thumb: int('thumb', v['thumb'], 8, 64),
  };
}

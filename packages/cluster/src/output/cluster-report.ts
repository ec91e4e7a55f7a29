/** The `metrics.json` object of `kenobi cluster`: sizes, internal scores and, with labels, external ones. */
import { adjustedRandIndex } from '../metrics/adjusted-rand.js';
import { calinskiHarabaszScore } from '../metrics/calinski-harabasz.js';
import { contingencyTable, type Contingency } from '../metrics/contingency.js';
import { daviesBouldinScore } from '../metrics/davies-bouldin.js';
import { normalizedMutualInfo } from '../metrics/mutual-info.js';
import { purity } from '../metrics/purity.js';
import { silhouetteScore } from '../metrics/silhouette.js';
import type { Matrix } from '../matrix.js';

/**
 * What `metrics.json` holds (JSON-safe).
 *
 * @example
 * ```ts
 * const r: ClusterReport = clusterReport(x, labels, { inertia: km.inertia });
 * r.silhouette; // e.g. 0.41
 * ```
 */
export interface ClusterReport {
  readonly n: number;
  readonly k: number;
  readonly sizes: Record<string, number>;
  readonly inertia?: number;
  readonly silhouette: number | null;
  /** How the silhouette was computed: 'exact' or 'sampled:<n>'. */
  readonly silhouetteMode: string;
  readonly daviesBouldin: number | null;
  readonly calinskiHarabasz: number | null;
  readonly external?: { readonly ari: number; readonly nmi: number; readonly purity: number; readonly contingency: Contingency };
  readonly extra?: Readonly<Record<string, unknown>>;
}

/**
 * Computes the report. Silhouette is exact up to `silhouetteExactMax` rows (default 10,000), sampled above.
 * Internal scores are null when there is one cluster (or one per row).
 *
 * @example
 * ```ts
 * writeFileSync('metrics.json', JSON.stringify(clusterReport(x, km.labels, { inertia: km.inertia, truth }), null, 2));
 * ```
 */
export function clusterReport(
  x: Matrix,
  labels: ArrayLike<number>,
  o: { inertia?: number; truth?: ArrayLike<number>; silhouetteExactMax?: number; seed?: number; extra?: Record<string, unknown> } = {},
): ClusterReport {
  const sizes: Record<string, number> = {};
  for (let i = 0; i < labels.length; i++) sizes[String(labels[i])] = (sizes[String(labels[i])] ?? 0) + 1;
  const k = Object.keys(sizes).length;
  const scorable = k >= 2 && k <= x.rows - 1;
  const exactMax = o.silhouetteExactMax ?? 10_000;
  const sampled = x.rows > exactMax;
  return {
    n: x.rows,
    k,
    sizes,
    ...(o.inertia === undefined ? {} : { inertia: o.inertia }),
    silhouette: scorable ? silhouetteScore(x, labels, sampled ? { sampleSize: exactMax, seed: o.seed ?? 0 } : {}) : null,
    silhouetteMode: sampled ? `sampled:${exactMax}` : 'exact',
    daviesBouldin: scorable ? daviesBouldinScore(x, labels) : null,
    calinskiHarabasz: scorable ? calinskiHarabaszScore(x, labels) : null,
    ...(o.truth === undefined ? {} : {
      external: {
        ari: adjustedRandIndex(o.truth, labels),
        nmi: normalizedMutualInfo(o.truth, labels),
        purity: purity(o.truth, labels),
        contingency: contingencyTable(o.truth, labels),
      },
    }),
    ...(o.extra === undefined ? {} : { extra: o.extra }),
  };
}

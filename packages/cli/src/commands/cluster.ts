/**
 * `kenobi cluster`: clusters a feature store (k-means, mini-batch k-means, Gaussian mixture, DBSCAN) and
 * writes assignments, centroids, metrics, an embedding plot, an elbow/BIC plot for a k sweep, and a cutout
 * montage per cluster.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { assignmentsTable, centroidsNpy, ClusterError, clusterReport, embeddingPlotSpec, kSweepPlotSpec, matrix, montageSelection, PCA, type Matrix } from '@kenobi/cluster';
import { parseTableFormats, readFeatures, readStoreMeta, streamFeatures, TABLE_EXTENSIONS, tableBytes } from '@kenobi/features/node';
import type { Command } from '../command.js';
import { clusterConfigFromArgs } from '../cluster/cluster-config.js';
import { embed2d } from '../cluster/cluster-embedding.js';
import { cutoutItems } from '../cluster/cutout-items.js';
import { fitClustering, type ClusterFit } from '../cluster/fit-clustering.js';
import { kSweep, type KSweep } from '../cluster/k-sweep.js';
import { writeMontages, type MontageOutput } from '../cluster/write-montages.js';
import { writePlot } from '../plots/render-plot.js';
import { progressBar } from '../progress-bar.js';
import { UsageError } from '../usage-error.js';

/**
 * The `cluster` command.
 *
 * @example
 * ```sh
 * kenobi cluster --features gz1-feats --method kmeans --k-range 2..12 --pca 50 --out gz1-clusters
 * ```
 */
export const clusterCommand: Command = {
  words: ['cluster'],
  summary: 'Cluster a feature store: assignments, centroids, metrics, embedding and elbow/BIC plots, cutout montages',
  usage: 'kenobi cluster --features <dir> --method kmeans|minibatch|gmm|dbscan [--k 10 | --k-range 2..20] [--pca 50] [--seed 0] [--embedding pca|umap] [--format csv,parquet,fits] --out <dir> [--json]',
  details: `
Clusters the rows of a feature store (kenobi extract --out) without labels; when the store has labels they
are used only to score the clusters (ARI, NMI, purity, contingency) and to colour the second scatter panel.

  --method        kmeans (k-means++ and Lloyd, sklearn's), minibatch (streams the store's parts),
                  gmm (Gaussian mixture; --covariance full|diag, default full up to 50 features), dbscan
                  (--eps radius, --min-samples 5; finds k itself)
  --k / --k-range one k (default 10) or a sweep, e.g. 2..20: every k is fitted, the elbow (k-means) or the
                  lowest BIC (gmm) is chosen, and elbow.png / bic.png is drawn
  --pca N         cluster in the first N principal components (centroids are then in that space)
  --embedding     the scatter plot's 2-D map: pca (default) or umap
  --n-init        restarts (k-means, gmm; default 1)
  --nearest, --farthest, --thumb   montage: cutouts nearest each centre (16), farthest (8), tile size (64)
  --id-col, --path-col             catalog columns, when they cannot be found from the data
  --format        the assignments table's format(s): csv (default), parquet, fits, or a list (csv,parquet)

Writes into --out: assignments.csv (id, cluster, distance or probability; .parquet / .fits with --format),
centroids.npy (k × D float32),
metrics.json, embedding.svg/.png, elbow.svg/.png or bic.svg/.png (with --k-range), montage-cluster-<c>.png.
Montages need the dataset the store was made from (meta.json's dataset.source); without it they are skipped
with a note.

Example: kenobi cluster --features gz1-feats --method kmeans --k 2 --out gz1-k2
`,
  options: {
    features: { type: 'string' },
    method: { type: 'string' },
    k: { type: 'string' },
    'k-range': { type: 'string' },
    pca: { type: 'string' },
    seed: { type: 'string' },
    embedding: { type: 'string' },
    'n-init': { type: 'string' },
    covariance: { type: 'string' },
    eps: { type: 'string' },
    'min-samples': { type: 'string' },
    nearest: { type: 'string' },
    farthest: { type: 'string' },
    thumb: { type: 'string' },
    'id-col': { type: 'string' },
    'path-col': { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
    if (typeof values['features'] !== 'string') throw new UsageError(`kenobi cluster: --features <dir> is required. Usage: ${clusterCommand.usage}`);
    if (typeof values['out'] !== 'string') throw new UsageError(`kenobi cluster: --out <dir> is required. Usage: ${clusterCommand.usage}`);
    const config = clusterConfigFromArgs(values);
    const formats = parseTableFormats(typeof values['format'] === 'string' ? values['format'] : 'csv');
    const storeDir = resolve(values['features']);
    const out = resolve(values['out']);
    const meta = readStoreMeta(storeDir);
    if (meta.status === 'complete' && (meta.rows === 0 || meta.dim === 0)) {
      throw new ClusterError('cluster/empty-input', `the feature store ${storeDir} holds no rows`, { hint: 'check that kenobi extract found images (see its failures.json)' });
    }
    const progress = progressBar(io.stderr);
    const table = await readFeatures(storeDir);
    const raw = matrix(table.X, table.rows, table.dim);
    let pca: PCA | undefined;
    let x: Matrix = raw;
    if (config.pca !== undefined) {
      pca = new PCA({ nComponents: Math.min(config.pca, raw.cols, raw.rows), seed: config.seed });
      x = pca.fitTransform(raw);
    }
    // Mini-batch k-means streams the store's parts when it clusters the raw features.
    const chunks = config.method === 'minibatch' && !pca
      ? async function* (): AsyncGenerator<Matrix> { for await (const p of streamFeatures(storeDir)) yield matrix(p.X, p.rows, p.dim); }
      : undefined;
    let sweep: KSweep | undefined;
    let fit: ClusterFit;
    if (config.sweep) {
      sweep = await kSweep(x, config, { ...(chunks ? { chunks } : {}), onProgress: progress });
      fit = sweep.fit;
    } else {
      fit = await fitClustering(x, config.ks[0] ?? 0, config, { ...(chunks ? { chunks } : {}), onProgress: progress });
    }
    progress.finish();

    mkdirSync(out, { recursive: true });
    const files: string[] = [];
    const write = (name: string, data: string | Uint8Array): void => { writeFileSync(join(out, name), data); files.push(join(out, name)); };
    const assignments = assignmentsTable(table.ids, fit.labels, fit.values, fit.valueName);
    for (const format of formats) write(`assignments${TABLE_EXTENSIONS[format]}`, tableBytes(assignments, format, { origin: 'kenobi cluster', method: config.method, k: fit.k }));
    write('centroids.npy', centroidsNpy(fit.centers, fit.k, x.cols));

    const classNames = meta.dataset.classNames;
    const labelled = classNames.length > 0 && table.labels.every((l) => l >= 0);
    if (sweep) files.push(...await writePlot(kSweepPlotSpec(sweep.points, { score: sweep.score, chosenK: sweep.chosenK }), join(out, sweep.score === 'BIC' ? 'bic' : 'elbow')));
    const xy = embed2d(x, config.embedding, config.seed);
    const colourings = [{ title: 'cluster', values: fit.labels }, ...(labelled ? [{ title: 'label', values: table.labels, names: classNames }] : [])];
    files.push(...await writePlot(embeddingPlotSpec(xy, colourings, { method: config.embedding.toUpperCase() }), join(out, 'embedding')));

    let montages: MontageOutput | { skipped: string };
    const found = await cutoutItems(meta, table.ids, columnsFromArgs(values));
    if ('reason' in found) {
      montages = { skipped: found.reason };
      io.stderr.write(`kenobi cluster: no montages: ${found.reason}\n`);
    } else {
      const selection = montageSelection(x, fit.labels, fit.centers, { nearest: config.nearest, farthest: config.farthest });
      montages = await writeMontages(selection, table.ids, found, out, { thumb: config.thumb });
      files.push(...montages.files);
    }

    const report = clusterReport(x, fit.labels, {
      ...(fit.inertia === undefined ? {} : { inertia: fit.inertia }),
      ...(labelled ? { truth: table.labels } : {}),
      seed: config.seed,
      extra: {
        method: config.method,
        k: fit.k,
        features: { store: storeDir, rows: table.rows, dim: table.dim, model: meta.model.id, tensor: meta.tensor },
        space: pca ? { pca: x.cols, explainedVarianceRatio: sum(pca.explainedVarianceRatio) } : { pca: null, dim: x.cols },
        ...(fit.bic === undefined ? {} : { bic: fit.bic }),
        fit: fit.details,
        ...(labelled ? { classNames } : {}),
        ...(sweep ? { sweep: { score: sweep.score, chosenK: sweep.chosenK, points: sweep.points } } : {}),
        embedding: config.embedding,
        montages: 'skipped' in montages ? montages : { clusters: montages.clusters, unreadable: montages.unreadable },
        seed: config.seed,
      },
    });
    write('metrics.json', `${JSON.stringify(report, null, 2)}\n`);

    if (values['json'] === true) {
      io.stdout.write(`${JSON.stringify({ out, k: fit.k, method: config.method, files, metrics: { inertia: report.inertia, silhouette: report.silhouette, external: report.external && { ari: report.external.ari, nmi: report.external.nmi, purity: report.external.purity } } })}\n`);
    } else {
      const ext = report.external ? `, purity ${report.external.purity.toFixed(3)}, NMI ${report.external.nmi.toFixed(3)}, ARI ${report.external.ari.toFixed(3)}` : '';
      io.stdout.write(`${config.method}: k = ${fit.k}${sweep ? ` (chosen from ${sweep.points.map((p) => p.k).join(',')} by ${sweep.score})` : ''} on ${table.rows} × ${x.cols}${pca ? ' (PCA)' : ''}; silhouette ${report.silhouette?.toFixed(3) ?? 'n/a'}${ext}\n`);
      io.stdout.write(`wrote ${files.length} files to ${out}\n`);
    }
    return 0;
  },
};

function columnsFromArgs(v: Record<string, unknown>): { id: string; path: string } | undefined {
  if (v['id-col'] === undefined && v['path-col'] === undefined) return undefined;
  return { id: String(v['id-col'] ?? 'id'), path: String(v['path-col'] ?? 'path') };
}

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}

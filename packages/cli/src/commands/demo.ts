/**
 * `kenobi demo`: lens finding end to end on simulated (or your) data: simulate → pretrained backbone →
 * features → 5-fold cross-validated MLP head → metrics, k-means montage → one exported ONNX.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hardwareConcurrency } from '@kenobi/core';
import { extractFeatures, readFeatures } from '@kenobi/features/node';
import { exportModel, matrix, probabilities } from '@kenobi/learn';
import { loadModelFile, saveModelFile } from '@kenobi/onnx/node';
import { isDevice, type Device } from '@kenobi/runtime';
import type { Command } from '../command.js';
import { progressBar } from '../progress-bar.js';
import { UsageError } from '../usage-error.js';
import { chooseDemoBackbone } from '../demo/demo-backbone.js';
import { binaryLabels, demoDataset } from '../demo/demo-data.js';
import { trainDemoHead } from '../demo/demo-head.js';
import { writeClusterMontage } from '../demo/demo-montage.js';
import { demoLuptonStretch } from '../demo/demo-lupton.js';
import { writeDemoPlots } from '../demo/demo-plots.js';
import { predictDataset } from './predict-run.js';
import { isLuptonStretch, subsetDataset } from '@kenobi/features';

/**
 * The `demo` command.
 *
 * @example
 * ```sh
 * kenobi demo                      # 1,000 simulated cutouts → demo-output/lens-finder.onnx in a few minutes
 * kenobi demo --smoke              # 120 cutouts, the same steps (CI)
 * kenobi demo --data ../shared/data/labeled/gz1_sdss/labels.csv --id-col objid --path-col file --label-col morph_binary
 * ```
 */
export const demoCommand: Command = {
  words: ['demo'],
  summary: 'Lens finding end to end: simulate, extract features, cross-validate a head, export one ONNX',
  usage: 'kenobi demo [--data <catalog.csv>] [--out demo-output] [--n 1000] [--smoke] [--model <id>] [--stretch lupton:…] [--device cpu] [--json]',
  details: `
Without --data it simulates --n g,r,i lens / non-lens cutouts (FITS + catalog) with @kenobi/sim. Then:
Lupton RGB of the g, r, i bands (astropy make_lupton_rgb(i, r, g), Q = 8, stretch = 30 × the sky noise of
the mean intensity measured on the data) → pretrained backbone (resnet50-v2-7 from the zoo; when it cannot
be had, the best pretrained ImageNet model found in the cache or KENOBI_MIRROR, saying so) → features
(progress bar) → 5-fold stratified cross-validated MLP head → demo-output/: metrics.json (AUC, TPR0,
TPR10, confusion, ROC points), losses.json, roc/confusion/loss .svg + .png, kmeans-montage.png,
lens-finder.onnx (preprocessing in the graph, MC-dropout, the Lupton stretch in its metadata), and the
kenobi serve line that opens it in a browser.

  --data       a catalog CSV instead of simulated data
  --classes    with --data: the two classes to keep, positive second (e.g. elliptical,spiral for GZ1)
  --id-col, --path-col, --label-col, --bands g,r,i   catalog columns (defaults id, path, label)
  --out        output folder (default demo-output)
  --n          simulated cutouts (default 1000)
  --smoke      120 cutouts and fewer epochs: the same path in under 2 minutes (CI)
  --model      use this backbone (zoo id or path) instead of the automatic choice
  --stretch    instead of the automatic Lupton RGB: lupton:stretch=…,Q=…,minimum=… or a per-band stretch
               (asinh, log, ...; with --interval, default percentile:99.5), as kenobi extract takes them
  --device     auto | cpu (default) | cuda | webgpu | wasm
  --json       print the summary as JSON`,
  options: {
    data: { type: 'string' }, classes: { type: 'string' }, out: { type: 'string' }, n: { type: 'string' }, smoke: { type: 'boolean' }, model: { type: 'string' }, stretch: { type: 'string' }, interval: { type: 'string' },
    device: { type: 'string' }, seed: { type: 'string' }, 'id-col': { type: 'string' }, 'path-col': { type: 'string' },
    'label-col': { type: 'string' }, bands: { type: 'string' }, json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const t0 = Date.now();
    const say = (line: string): void => void io.stderr.write(`${line}\n`);
    const smoke = values.smoke === true;
    const n = values.n !== undefined ? Number(values.n) : smoke ? 120 : 1000;
    if (!Number.isInteger(n) || n < 20) throw new UsageError(`kenobi demo: --n must be an integer ≥ 20, got '${String(values.n)}'`);
    const device = (values.device as string | undefined) ?? 'cpu';
    if (!isDevice(device)) throw new UsageError(`kenobi demo: unknown --device '${device}'`);
    const seed = Number(values.seed ?? 0);
    const out = (values.out as string | undefined) ?? 'demo-output';
    mkdirSync(out, { recursive: true });

    const bar = progressBar(io.stderr);
    const columns = {
      ...(typeof values['id-col'] === 'string' ? { id: values['id-col'] } : {}),
      ...(typeof values['path-col'] === 'string' ? { path: values['path-col'] } : {}),
      ...(typeof values['label-col'] === 'string' ? { label: values['label-col'] } : {}),
      ...(typeof values.bands === 'string' ? { bands: values.bands.split(',') } : {}),
    };
    const { dataset, bandOrder, simulated } = await demoDataset(out, { n, seed, ...(typeof values.data === 'string' ? { catalog: values.data } : {}), ...(typeof values.classes === 'string' ? { classes: values.classes.split(',').map((c) => c.trim()) } : {}), columns, onProgress: bar, say });
    bar.finish();

    const { resolved, misses } = await chooseDemoBackbone(say, bar, values.model as string | undefined);
    const backboneId = resolved.entry?.id ?? resolved.path;
    say(`demo: backbone ${backboneId} (${resolved.from})${misses.length ? ` — the default resnet50-v2-7 was not available` : ''}`);

    // three float bands → Lupton RGB (stretch from the data's noise); otherwise the images as they are
    const given = values.stretch as string | undefined;
    const lupton = given !== undefined ? (isLuptonStretch(given) ? given : undefined) : await demoLuptonStretch(dataset);
    const stretchOptions = lupton ? { stretch: lupton }
      : given !== undefined ? { stretch: given, interval: (values.interval as string | undefined) ?? 'percentile:99.5' }
      : simulated ? { interval: 'percentile:99.5', stretch: 'asinh' } : {};
    if (lupton) say(`demo: Lupton RGB of ${(bandOrder ?? dataset.bandNames).map((b) => b.replace(/^path_/, '')).join(', ')} → R, G, B with ${lupton.replace(/^lupton:/, '')}${given === undefined ? ' (stretch = 30 × the sky noise)' : ''}`);
    const featuresDir = join(out, 'features');
    const extracted = await extractFeatures(dataset, {
      model: resolved.entry ? resolved.entry.id : resolved.path, tensor: 'auto', device: device as Device, batchSize: 16,
      ...stretchOptions, ...(bandOrder ? { bandOrder } : {}),
      out: featuresDir, overwrite: true, onError: 'skip', workers: Math.max(1, Math.min(2, hardwareConcurrency() - 1)), onProgress: bar,
    });
    bar.finish();
    const table = await readFeatures(featuresDir);
    say(`demo: ${table.rows} × ${table.dim} features from '${table.meta.tensor}' on ${table.meta.device.device} in ${extracted.seconds.toFixed(1)} s (${(extracted.imagesThisRun / extracted.seconds).toFixed(1)} images/s)`);
    const { y, classes } = binaryLabels(table.labels, table.meta.dataset.classNames);

    const trained = await trainDemoHead(table.X, table.dim, y, { folds: 5, epochs: smoke ? 10 : 30, seed, say });
    const pre = table.meta.preprocessing;
    const imageStretch = { ...(pre.interval ? { interval: pre.interval } : {}), ...(pre.stretch ? { stretch: pre.stretch } : {}), ...(pre.bandOrder ? { bandOrder: pre.bandOrder } : {}) };
    const metrics = { backbone: backboneId, backboneFrom: resolved.from, fallbackReasons: misses, tensor: table.meta.tensor, imageStretch, classes, ...trained.metrics };
    writeFileSync(join(out, 'metrics.json'), `${JSON.stringify(metrics, null, 1)}\n`);
    writeFileSync(join(out, 'losses.json'), `${JSON.stringify(trained.losses, null, 1)}\n`);
    const plots = await writeDemoPlots(out, { y, scores: trained.scores, classes, losses: trained.losses });

    const montage = await writeClusterMontage(join(out, 'kmeans-montage.png'), table.X, table.dim, subsetDataset(dataset, table.ids.map((id) => dataset.items.findIndex((it) => it.id === id))), y, { k: 6, seed, ...(lupton ? { lupton } : {}) });

    const merged = exportModel({
      backbone: loadModelFile(resolved.path), tensor: table.meta.tensor, pool: table.meta.pool as 'avg' | 'max' | 'none', head: trained.head, classes,
      preprocessing: pre.config, mcDropout: true, imageStretch,
      backboneId, ...(resolved.entry ? { backboneSha256: resolved.entry.file.sha256 } : {}),
    });
    const onnxPath = join(out, 'lens-finder.onnx');
    saveModelFile(onnxPath, merged);

    // self-check: the exported file on a few images equals the TS head on their extracted features
    const check = Math.min(8, table.rows);
    const checkSet = subsetDataset(dataset, table.ids.slice(0, check).map((id) => dataset.items.findIndex((it) => it.id === id)));
    const deterministic = exportModel({ backbone: loadModelFile(resolved.path), tensor: table.meta.tensor, pool: table.meta.pool as 'avg' | 'max' | 'none', head: trained.head, classes, preprocessing: pre.config, imageStretch });
    const viaOnnx = await predictDataset(deterministic, checkSet, { device: 'cpu' });
    const ts = probabilities(trained.head.predict(matrix(check, table.dim, table.X.subarray(0, check * table.dim))));
    const exportDiff = Math.max(...viaOnnx.rows.map((r, i) => Math.abs(r.values[1]! - ts.data[i]!)));

    const seconds = (Date.now() - t0) / 1000;
    const oof = trained.metrics.outOfFold as { auc: number; tpr0: number; tpr10: number; confusion: number[][] };
    const summary = {
      out, backbone: backboneId, rows: table.rows, dim: table.dim, auc: oof.auc, tpr0: oof.tpr0, tpr10: oof.tpr10, confusion: oof.confusion,
      montage: montage, exportMaxAbsDiff: exportDiff, seconds, plots: plots.files, imageStretch,
      serve: `kenobi serve --model ${onnxPath}`,
    };
    if (values.json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      io.stdout.write(`\nKenobi demo: ${table.rows} cutouts, ${backboneId} '${table.meta.tensor}' features (${table.dim}-d), 5-fold MLP head\n`);
      io.stdout.write(`  AUC ${oof.auc.toFixed(4)} (${classes[1] ?? 'positive'} as positive)   TPR0 ${oof.tpr0.toFixed(3)}   TPR10 ${oof.tpr10.toFixed(3)}   confusion (rows true ${classes.join('/')}) ${JSON.stringify(oof.confusion)}\n`);
      io.stdout.write(`  k-means (k=6) cluster sizes ${montage.sizes.join(', ')}; ${classes[1] ?? 'positive'} fraction ${montage.positiveFraction.map((f) => f.toFixed(2)).join(', ')}\n`);
      io.stdout.write(`  wrote ${out}/metrics.json, losses.json, roc.png, confusion.png, loss.png (+ .svg), kmeans-montage.png, lens-finder.onnx (export check: max |Δp| ${exportDiff.toExponential(1)})\n`);
      io.stdout.write(`  ${seconds.toFixed(0)} s in all. Open it in a browser:\n\n    ${summary.serve}\n\n`);
    }
    return 0;
  },
};

/**
 * `kenobi demo`: lens finding end to end on simulated (or your) data: simulate → a pretrained backbone
 * fine-tuned (its last k blocks and an MLP head, k-fold cross-validated), or, with no backbone to be had, a
 * CNN trained from scratch on the cutouts → metrics and plots, k-means montage → one exported ONNX.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isKenobiError } from '@kenobi/core';
import { isLuptonStretch, subsetDataset } from '@kenobi/features';
import type { Command } from '../command.js';
import { progressBar } from '../progress-bar.js';
import { UsageError } from '../usage-error.js';
import { commaList } from './comma-list.js';
import { chooseDemoBackbone } from '../demo/demo-backbone.js';
import { binaryLabels, demoDataset } from '../demo/demo-data.js';
import { DEMO_UNFREEZE, DEMO_UNFREEZE_WHY, finetuneDemo } from '../demo/demo-finetune.js';
import type { DemoTraining } from '../demo/demo-metrics.js';
import { writeClusterMontage } from '../demo/demo-montage.js';
import { demoLuptonStretch } from '../demo/demo-lupton.js';
import { writeDemoPlots } from '../demo/demo-plots.js';
import { DEMO_SCRATCH_ARCHS, trainDemoCnn, type DemoScratchArch } from '../demo/demo-scratch.js';
import { STOPPED_EXIT_CODE } from './train-images.js';

/**
 * The `demo` command.
 *
 * @example
 * ```sh
 * kenobi demo                      # 1,000 simulated cutouts → demo-output/lens-finder.onnx in a few minutes
 * kenobi demo --smoke              # 120 cutouts, the same steps (CI)
 * kenobi demo --arch seeds-cnn     # the seeds' CNN from scratch, backbone or not
 * kenobi demo --data ../shared/data/labeled/gz1_sdss/labels.csv --id-col objid --path-col file --label-col morph_binary --classes elliptical,spiral
 * ```
 */
export const demoCommand: Command = {
  words: ['demo'],
  summary: 'Lens finding end to end: simulate, fine-tune a pretrained backbone (or train a CNN from scratch), cross-validate, export one ONNX',
  usage: 'kenobi demo [--data <catalog.csv>] [--out demo-output] [--n 1000] [--smoke] [--model <id>] [--unfreeze k] [--arch seeds-cnn|lenet5] [--stretch lupton:…] [--device cpu|wasm] [--json]',
  details: `
Without --data it simulates --n g,r,i lens / non-lens cutouts (FITS + catalog) with @kenobi/sim. Then
Lupton RGB of the g, r, i bands (astropy make_lupton_rgb(i, r, g), Q = 8, stretch = 30 × the sky noise of
the mean intensity measured on the data), and one of two paths:

  with a pretrained backbone (resnet50-v2-7 from the zoo; when it cannot be had, the best pretrained ImageNet
  model found in the cache or KENOBI_MIRROR, e.g. DenseNet-121, saying so): its last --unfreeze k blocks
  fine-tuned with an MLP head as kenobi finetune does (frozen trunk cached once per cutout), 5-fold stratified
  cross-validation, then the final model. Default k = ${DEMO_UNFREEZE}: ${DEMO_UNFREEZE_WHY};
  with none (offline, nothing cached or mirrored): it says so and trains the seeds' CNN (Dominguez-Sánchez+18)
  from scratch on the cutouts as kenobi train --arch does (32×32, dihedral augmentation, 30 epochs, 5-fold;
  the best fold's model is kept; about 5 minutes on 2 cores); --arch lenet5 trains LeNet-5 at 64×64 instead.

Either way: demo-output/ gets metrics.json (out-of-fold AUC, TPR0, TPR10, confusion, ROC points; per fold),
losses.json, roc/confusion/loss .svg + .png, kmeans-montage.png (k-means on the trained model's features),
lens-finder.onnx (preprocessing in the graph, the Lupton stretch in its metadata; MC-dropout for the
fine-tuned model), and the kenobi serve line that opens it in a browser.

  --data       a catalog CSV instead of simulated data
  --classes    with --data: the two classes to keep, positive second (e.g. elliptical,spiral for GZ1)
  --id-col, --path-col, --label-col, --bands g,r,i   catalog columns (defaults id, path, label)
  --out        output folder (default demo-output)
  --n          simulated cutouts (default 1000)
  --smoke      120 cutouts, 2 folds, 2 (fine-tuning) or 10 (from scratch) epochs: the same path in about a minute (CI)
  --model      use this backbone (zoo id or path) instead of the automatic choice
  --unfreeze   blocks of the backbone to fine-tune (0 = a head on frozen features)
  --arch       train this CNN from scratch even when a backbone can be had: ${DEMO_SCRATCH_ARCHS.join(' | ')}
  --stretch    instead of the automatic Lupton RGB: lupton:stretch=…,Q=…,minimum=… or a per-band stretch
               (asinh, log, ...; with --interval, default percentile:99.5), as kenobi extract takes them
  --device     cpu (default) | wasm: where training runs
  --json       print the summary as JSON`,
  options: {
    data: { type: 'string' }, classes: { type: 'string' }, out: { type: 'string' }, n: { type: 'string' }, smoke: { type: 'boolean' }, model: { type: 'string' }, stretch: { type: 'string' }, interval: { type: 'string' },
    unfreeze: { type: 'string' }, arch: { type: 'string' },
    device: { type: 'string' }, seed: { type: 'string' }, 'id-col': { type: 'string' }, 'path-col': { type: 'string' },
    'label-col': { type: 'string' }, bands: { type: 'string' }, json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const t0 = Date.now();
    const say = (line: string): void => void io.stderr.write(`${line}\n`);
    const smoke = values.smoke === true;
    const n = values.n !== undefined ? Number(values.n) : smoke ? 120 : 1000;
    if (!Number.isInteger(n) || n < 20) throw new UsageError(`kenobi demo: --n must be an integer ≥ 20, got '${String(values.n)}'`);
    const unfreeze = values.unfreeze !== undefined ? Number(values.unfreeze) : DEMO_UNFREEZE;
    if (!Number.isInteger(unfreeze) || unfreeze < 0) throw new UsageError(`kenobi demo: --unfreeze must be a whole number of blocks ≥ 0, got '${String(values.unfreeze)}'`);
    const arch = values.arch as string | undefined;
    if (arch !== undefined && !(DEMO_SCRATCH_ARCHS as readonly string[]).includes(arch)) throw new UsageError(`kenobi demo: --arch must be one of ${DEMO_SCRATCH_ARCHS.join(', ')}, got '${arch}'`);
    if (arch !== undefined && (values.model !== undefined || values.unfreeze !== undefined)) throw new UsageError('kenobi demo: --arch trains a CNN from scratch; --model and --unfreeze are for the backbone path');
    const seed = Number(values.seed ?? 0);
    if (!Number.isInteger(seed)) throw new UsageError(`kenobi demo: --seed must be an integer, got '${String(values.seed)}'`);
    const out = (values.out as string | undefined) ?? 'demo-output';
    mkdirSync(out, { recursive: true });

    const bar = progressBar(io.stderr);
    const bands = commaList(values.bands), classes = commaList(values.classes);
    const columns = {
      ...(typeof values['id-col'] === 'string' ? { id: values['id-col'] } : {}),
      ...(typeof values['path-col'] === 'string' ? { path: values['path-col'] } : {}),
      ...(typeof values['label-col'] === 'string' ? { label: values['label-col'] } : {}),
      ...(bands ? { bands } : {}),
    };
    const { dataset, bandOrder, simulated } = await demoDataset(out, { n, seed, ...(typeof values.data === 'string' ? { catalog: values.data } : {}), ...(classes ? { classes } : {}), columns, onProgress: bar, say });
    bar.finish();
    const { classes: [, positive] } = binaryLabels(new Int32Array(0), dataset.classNames);

    // the backbone, unless a CNN from scratch was asked for; none to be had is not an error (unless --model named one)
    const backbone = arch !== undefined ? undefined : await chooseDemoBackbone(say, bar, values.model as string | undefined).catch((e: unknown) => {
      if (values.model === undefined && isKenobiError(e, 'cli/no-backbone')) return undefined;
      throw e;
    });
    const scratchArch: DemoScratchArch = (arch as DemoScratchArch | undefined) ?? 'seeds-cnn';
    if (!backbone && arch === undefined) say(`demo: no pretrained backbone here (none cached, in KENOBI_MIRROR or downloadable): training ${scratchArch} from scratch on the cutouts instead`);

    // three float bands → Lupton RGB (stretch from the data's noise); otherwise the images as they are
    const given = values.stretch as string | undefined;
    const lupton = given !== undefined ? (isLuptonStretch(given) ? given : undefined) : await demoLuptonStretch(dataset);
    const stretch = lupton ? { stretch: lupton }
      : given !== undefined ? { stretch: given, interval: (values.interval as string | undefined) ?? 'percentile:99.5' }
      : simulated ? { interval: 'percentile:99.5', stretch: 'asinh' } : {};
    if (lupton) say(`demo: Lupton RGB of ${(bandOrder ?? dataset.bandNames).map((b) => b.replace(/^path_/, '')).join(', ')} → R, G, B with ${lupton.replace(/^lupton:/, '')}${given === undefined ? ' (stretch = 30 × the sky noise)' : ''}`);
    const common = { out, smoke, seed, positive, stretch, say, ...(bandOrder ? { bandOrder } : {}) };

    let run: Awaited<ReturnType<typeof finetuneDemo>> | Awaited<ReturnType<typeof trainDemoCnn>>;
    if (backbone) {
      const model = backbone.resolved.entry?.id ?? backbone.resolved.path;
      const what = unfreeze === 0 ? 'an MLP head on its frozen features (--unfreeze 0' : `fine-tuning its last ${unfreeze} block${unfreeze === 1 ? '' : 's'} with an MLP head (--unfreeze ${unfreeze}`;
      say(`demo: backbone ${model} (${backbone.resolved.from}): ${what}${values.unfreeze === undefined ? `, the default: ${DEMO_UNFREEZE_WHY}; --unfreeze k fine-tunes its last k blocks)` : ')'}`);
      run = await finetuneDemo(dataset, { ...common, model, unfreeze, bar, ...(typeof values.device === 'string' ? { device: values.device } : {}) });
    } else {
      run = await trainDemoCnn(dataset, { ...common, arch: scratchArch, ...(typeof values.device === 'string' ? { device: values.device } : {}) }, io);
    }
    if (run.kind === 'stopped') {
      io.stderr.write(`kenobi demo: stopped by Ctrl-C (the training checkpoint is ${run.checkpoint}; the demo starts over when run again)\n`);
      return STOPPED_EXIT_CODE;
    }
    const t: DemoTraining = run.training;
    const path = backbone ? 'finetune' : 'scratch';
    const exportMaxAbsDiff = 'exportMaxAbsDiff' in run ? run.exportMaxAbsDiff : undefined;
    const metrics = {
      path, model: run.describe,
      ...(backbone ? { backbone: 'backboneId' in run ? run.backboneId : undefined, backboneFrom: backbone.resolved.from, fallbackReasons: backbone.misses, unfreeze }
        : { arch: scratchArch, backboneMisses: arch === undefined ? 'no pretrained backbone could be had' : 'not used (--arch)' }),
      embeddings: t.embeddings.tensor, imageStretch: { ...stretch, ...(bandOrder ? { bandOrder } : {}) }, classes: t.classes,
      ...(exportMaxAbsDiff !== undefined ? { exportMaxAbsDiff } : {}), ...t.metrics,
    };
    writeFileSync(join(out, 'metrics.json'), `${JSON.stringify(metrics, null, 1)}\n`);
    writeFileSync(join(out, 'losses.json'), `${JSON.stringify(t.losses, null, 1)}\n`);
    const plots = await writeDemoPlots(out, { y: t.y, scores: t.scores, classes: t.classes, losses: t.losses });

    const e = t.embeddings;
    const montage = await writeClusterMontage(join(out, 'kmeans-montage.png'), e.x, e.dim, subsetDataset(dataset, [...e.rows]), Int32Array.from(e.rows, (r) => t.y[r]!), { k: 6, seed, ...(lupton ? { lupton } : {}) });

    const onnxPath = join(out, 'lens-finder.onnx');
    const seconds = (Date.now() - t0) / 1000;
    const oof = t.metrics['outOfFold'] as { auc: number; tpr0: number; tpr10: number; confusion: number[][] };
    const summary = {
      out, path, model: run.describe, rows: t.y.length, embeddingDim: e.dim, auc: oof.auc, tpr0: oof.tpr0, tpr10: oof.tpr10, confusion: oof.confusion,
      montage, ...(exportMaxAbsDiff !== undefined ? { exportMaxAbsDiff } : {}), seconds, plots: plots.files, imageStretch: metrics.imageStretch,
      serve: `kenobi serve --model ${onnxPath}`,
    };
    if (values.json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      const [neg, pos] = t.classes;
      io.stdout.write(`\nKenobi demo: ${t.y.length} cutouts, ${run.describe}\n`);
      io.stdout.write(`  out-of-fold AUC ${oof.auc.toFixed(4)} (${pos} as positive)   TPR0 ${oof.tpr0.toFixed(3)}   TPR10 ${oof.tpr10.toFixed(3)}   confusion (rows true ${neg}/${pos}) ${JSON.stringify(oof.confusion)}\n`);
      io.stdout.write(`  k-means (k=6) on the trained model's features ('${e.tensor}', ${e.dim}-d): cluster sizes ${montage.sizes.join(', ')}; ${pos} fraction ${montage.positiveFraction.map((f) => f.toFixed(2)).join(', ')}\n`);
      io.stdout.write(`  wrote ${out}/metrics.json, losses.json, roc.png, confusion.png, loss.png (+ .svg), kmeans-montage.png, lens-finder.onnx${exportMaxAbsDiff !== undefined ? ` (export check: max |Δp| ${exportMaxAbsDiff.toExponential(1)})` : ''}\n`);
      io.stdout.write(`  ${seconds.toFixed(0)} s in all. Open it in a browser:\n\n    ${summary.serve}\n\n`);
    }
    return 0;
  },
};

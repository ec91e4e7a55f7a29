/**
 * `kenobi finetune --model <id|file> --data <catalog|folders> --unfreeze <k> ... --out model.kenobi`: fine-tunes
 * the last k blocks of a pretrained backbone with a head on labelled images. The frozen trunk runs once per
 * image (and dihedral variant, as epochs draw them in memory) into a cache (memory or disk, its size said up front), or on every step when
 * random augmentations need it (the mode and why are said); progress per step and epoch; checkpoints per
 * epoch, Ctrl-C or SIGTERM and `--resume`; the result as a `.kenobi` file and, with `--export`, one ONNX file.
 */
import { resolve } from 'node:path';
import { formatAugment } from '@kenobi/features';
import { datasetFingerprint, writeFileAtomic } from '@kenobi/features/node';
import { exportFinetuned, finetunedModel, foldMeanStd, saveFinetuned, splitBackbone } from '@kenobi/learn';
import { saveModelFile } from '@kenobi/onnx/node';
import type { Command } from '../command.js';
import { finetuneConfig } from '../finetune/finetune-config.js';
import { finetunedExportOptions } from '../finetune/finetuned-export-options.js';
import { runFinetune } from '../finetune/finetune-run.js';
import { interruptSignal } from '../finetune/interrupt-signal.js';
import { isIdentityTrunk, openTrunk, trunkPlan } from '../finetune/trunk-setup.js';
import { progressBar } from '../progress-bar.js';
import { STOPPED_EXIT_CODE } from './train-images.js';
import { CATALOG_COLUMN_OPTIONS } from './catalog-column-flags.js';

/**
 * The `finetune` command.
 *
 * @example
 * ```sh
 * kenobi finetune --model densenet121-keras --data gz1/labels.csv --unfreeze 17 --augment dihedral --out gz1.kenobi --export gz1.onnx
 * ```
 */
export const finetuneCommand: Command = {
  words: ['finetune'],
  summary: 'Fine-tune the last blocks of a pretrained backbone with a head on labelled images, into a .kenobi file (and one ONNX file)',
  usage: 'kenobi finetune --model <zoo id|file> --data <catalog.csv|dir> [--where C=v1,v2] [--skip-unreadable] (--unfreeze <k|all> | --cut-tensor <tensor>) [--feature auto|<tensor>] [--head linear|mlp|head.kenobi] [--hidden 256] [--dropout 0.5] [--augment dihedral,rotate,shift,zoom,flip] [--optimizer adamw|adam|sgd] [--lr 1e-4] [--lr-decay 0.75] [--weight-decay 0.05] [--schedule constant|cosine] [--warmup 2] [--epochs 10] [--batch 32] [--class-weight balanced] [--patience N] [--val-fraction 0.1] [--kfold 5] [--bn frozen|train] [--seed 0] [--input-size H,W] [--cache <dir>] [--cache-mb 1024] --out model.kenobi [--export model.onnx] [--with-preprocessing] [--mc-dropout] [--resume] [--json]',
  details: `
Fine-tunes a pretrained ONNX backbone on labelled images (a catalog CSV or a folder per class; prepared with the
backbone's zoo preprocessing, or --preset and --input-size for a model the zoo does not know, plus
--interval/--stretch/--band-order as kenobi extract takes them). --input-size H,W also runs a zoo model at
another size than it was exported for (e.g. the 32×32 CIFAR ResNet-20 on 64×64 cutouts; onnx/input-size
when the network cannot take it).

  --unfreeze k    train the last k blocks (kenobi summary --blocks lists them; 1 = the block nearest the head;
                  0 = a head on frozen features, the same data path; all = every block, from the input: nothing
                  frozen, no trunk cache); or --cut-tensor <tensor> to name the boundary yourself. Everything
                  before it is the frozen trunk, in inference mode.
  --feature       the tensor the head reads (default: the zoo's feature tensor); --pool avg|max for feature maps
  --head          linear (default) | mlp (--hidden 256, --dropout 0.5) | a head file from kenobi train on features
                  of this same backbone and tensor (refused otherwise)
  --augment       none | dihedral, flip (cached: the 8 dihedral variants of each image; in memory they are
                  computed as epochs draw them, so epoch 1 runs the trunk once per image) | rotate[:deg], shift[:f],
                  zoom[:z] (random: recompute mode, the trunk runs on every step; slower, and said so)
  --optimizer     adamw (default) | adam | sgd (--momentum 0.9); --lr (1e-4), --weight-decay (0.05 for adamw)
  --lr-decay      layer-wise decay as Zoobot: the head and block 1 get lr, block i gets lr · decay^(i−1) (0.75)
  --schedule      constant (default) | cosine, with --warmup N epochs of linear warm-up
  --bn            frozen (default: inference mode, scale and shift still trained) | train (batch statistics,
                  running statistics updated): for the unfrozen blocks only (the Keras trap: keras#9214)
  --class-weight  balanced; --patience N (early stopping on the validation loss, best weights kept);
                  --val-fraction (0.1, stratified); --kfold k (folds first, metrics mean ± std, then the final model)
  --cache         the trunk cache folder (a feature store, resumable); default: memory when it fits
                  --cache-mb (1024), else <out>.trunk
  --threads, --device cpu|wasm, --workers (decode threads, 1)
  --where         column=value[,value…]: train on the catalog rows that match only (repeatable), e.g.
                  --where split=train; kenobi evaluate --where split=test takes the others
  --skip-unreadable  decode every image once first and leave out those that cannot be read, listed in
                  <out>.unreadable.csv (without it the first one stops the run, its row named)
  --out           the .kenobi file (the fine-tuned blocks, the head, the backbone's sha256 and cut)
  --export        also write one ONNX file (backbone + fine-tuned blocks + head); --with-preprocessing puts the
                  scale/mean/std in the graph; --mc-dropout keeps the head's dropout random
  Ctrl-C, SIGTERM finishes the step, writes <out>.ckpt (or --checkpoint) and exits 130; --resume continues

Example: kenobi finetune --model densenet121-keras --data gz1/labels.csv --unfreeze 17 --augment dihedral \\
           --lr 1e-4 --schedule cosine --warmup 1 --epochs 8 --out gz1.kenobi --export gz1.onnx`,
  options: {
    model: { type: 'string' }, data: { type: 'string' }, unfreeze: { type: 'string' }, 'cut-tensor': { type: 'string' }, feature: { type: 'string' },
    pool: { type: 'string' }, head: { type: 'string' }, hidden: { type: 'string' }, dropout: { type: 'string' }, augment: { type: 'string' },
    optimizer: { type: 'string' }, lr: { type: 'string' }, 'lr-decay': { type: 'string' }, 'weight-decay': { type: 'string' }, momentum: { type: 'string' },
    schedule: { type: 'string' }, warmup: { type: 'string' }, epochs: { type: 'string' }, batch: { type: 'string' }, 'class-weight': { type: 'string' },
    patience: { type: 'string' }, 'val-fraction': { type: 'string' }, kfold: { type: 'string' }, bn: { type: 'string' }, seed: { type: 'string' },
    cache: { type: 'string' }, 'cache-mb': { type: 'string' }, threads: { type: 'string' }, device: { type: 'string' }, workers: { type: 'string' },
    bands: { type: 'string' }, ...CATALOG_COLUMN_OPTIONS, 'skip-unreadable': { type: 'boolean' }, 'labels-file': { type: 'string' },
    preset: { type: 'string' }, 'input-size': { type: 'string' },
    interval: { type: 'string' }, stretch: { type: 'string' }, 'band-order': { type: 'string' }, positive: { type: 'string' },
    out: { type: 'string' }, export: { type: 'string' }, 'with-preprocessing': { type: 'boolean' }, 'mc-dropout': { type: 'boolean' },
    checkpoint: { type: 'string' }, resume: { type: 'boolean' }, json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const quiet = values.json === true;
    const say = (line: string): void => {
      if (!quiet) io.stderr.write(`${line}\n`);
    };
    const config = await finetuneConfig(values, say);
    const split = splitBackbone(config.backbone, config.options);
    say(`${config.dataset.items.length} labelled images, classes ${config.classes.map((c, i) => `${c} ${config.labels.filter((l) => l === i).length}`).join(', ')}`);
    say(`${config.backboneId}: ${config.boundary}; cut [${split.cutDims.join(', ')}] → '${split.feature}' (${split.width} features), ${split.params.length} weight tensors in the unfrozen part, BN ${config.options.batchNorm}`);
    say(trunkPlan(config, split.cutDims, isIdentityTrunk(split)).line);
    const bar = quiet ? Object.assign(() => {}, { finish: () => {} }) : progressBar(io.stderr);
    const trunk = await openTrunk(config, split, bar);
    bar.finish();
    const interrupt = interruptSignal();
    try {
      const o = config.options;
      say(`training: ${o.optimizer?.name} lr ${o.optimizer?.lr} (layer-wise decay ${o.lrDecay}), ${o.schedule?.kind}${o.schedule?.kind === 'cosine' && o.schedule.warmup ? ` with ${o.schedule.warmup} warm-up epochs` : ''}, batch ${o.batchSize}, ${o.epochs} epochs, augment ${formatAugment(config.augment)}${config.kfold ? `, ${config.kfold}-fold` : ''}`);
      const r = await runFinetune(config, trunk.source, split.width, { say, bar, signal: interrupt.signal });
      if (r.kind === 'stopped') {
        io.stderr.write(`kenobi finetune: stopped in ${r.stage}; checkpoint written to ${resolve(r.checkpoint)}; resume with --resume\n`);
        return STOPPED_EXIT_CODE;
      }
      const ft = r.trainer;
      try {
        // NOTE: a metric's mean only where every fold has it (NaN kept), as the .kenobi metadata always had.
        const cv = foldMeanStd(r.folds, { keepNonFinite: true });
        const mean = (m: string): number | undefined => (cv.missing[m] === 0 ? cv.mean[m] : undefined);
        const metadata = JSON.parse(JSON.stringify({
          kind: 'kenobi-finetuned', task: 'classification', classes: config.classes, positive: config.classes[config.positive],
          preprocessing: config.preprocessing, augment: formatAugment(config.augment), trunk: { mode: trunk.mode, line: trunk.line },
          training: { options: config.options, history: ft.history, seconds: r.seconds, stoppedEarly: r.stoppedEarly },
          ...(r.folds.length > 0 ? { crossValidation: { folds: r.folds, mean: Object.fromEntries(Object.keys(r.folds[0]!).map((m) => [m, mean(m)])) } } : {}),
          data: { source: config.dataset.source, rows: config.dataset.items.length, bandNames: config.dataset.bandNames, fingerprint: datasetFingerprint(config.dataset) }, createdAt: new Date().toISOString(),
        })) as Record<string, unknown>;
        writeFileAtomic(config.out, saveFinetuned(ft, { id: config.backboneId, sha256: config.sha256 }, metadata));
        const files = [resolve(config.out)];
        if (config.exportPath) {
          const exportOptions = finetunedExportOptions({ ...config, bandNames: config.dataset.bandNames }, { inGraph: Boolean(values['with-preprocessing']), mcDropout: values['mc-dropout'] === true });
          saveModelFile(config.exportPath, exportFinetuned(finetunedModel(ft), exportOptions));
          files.push(resolve(config.exportPath));
        }
        const last = ft.history[ft.history.length - 1];
        const summary = { out: files, backbone: config.backboneId, cut: split.cut, feature: split.feature, trunk: trunk.mode, epochs: ft.history.length, seconds: r.seconds, last, ...(r.folds.length > 0 ? { folds: r.folds } : {}) };
        if (quiet) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        else io.stdout.write(`wrote ${files.join(', ')}: ${config.backboneId} fine-tuned ${isIdentityTrunk(split) ? 'from its input (every block)' : `from '${split.cut}'`}, ${ft.history.length} epochs, ${r.seconds.toFixed(0)} s${last?.metrics['val_auc'] !== undefined ? `, val_auc ${last.metrics['val_auc'].toFixed(4)}` : ''}${last?.metrics['val_accuracy'] !== undefined ? `, val_accuracy ${last.metrics['val_accuracy'].toFixed(4)}` : ''}\n`);
        return 0;
      } finally {
        await ft.dispose();
      }
    } finally {
      interrupt.release();
      await trunk.dispose();
    }
  },
};

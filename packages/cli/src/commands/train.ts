/**
 * `kenobi train`: a linear or MLP head on a feature store (`--features`), or a CNN on images (`--arch`, see
 * `train-images.ts`), optionally k-fold cross-validated, saved as `.kenobi`.
 */
import { resolve } from 'node:path';
import { readFeatures } from '@kenobi/features/node';
import { HEAD_KINDS, HEAD_OPTIMIZERS, type HeadKind, type HeadOptimizer, type HeadSpec } from '@kenobi/learn';
import { saveHeadFile } from '@kenobi/learn/node';
import type { Command } from '../command.js';
import { headData } from '../heads/head-data.js';
import { crossValidateHead, formatCrossValidation } from '../heads/cross-validate-head.js';
import { trainOnData } from '../heads/train-on-data.js';
import { progressBar } from '../progress-bar.js';
import { UsageError } from '../usage-error.js';
import { CATALOG_COLUMN_OPTIONS } from './catalog-column-flags.js';
import { trainImages } from './train-images.js';
import { positiveClass } from '../image-training/class-scores.js';

function num(name: string, v: unknown, check: (n: number) => boolean, what: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!check(n)) throw new UsageError(`kenobi train: --${name} must be ${what}, got '${String(v)}'`);
  return n;
}
const positiveInt = (n: number): boolean => Number.isInteger(n) && n > 0;

/**
 * Parses the head options shared by `kenobi train` into a {@link HeadSpec} (without task and classes).
 *
 * @example
 * ```ts
 * headSpecFromArgs({ head: 'mlp', hidden: '256', dropout: '0.5' }); // { head: 'mlp', hidden: [256], dropout: 0.5, ... }
 * ```
 */
export function headSpecFromArgs(values: Record<string, unknown>): Omit<HeadSpec, 'task' | 'classes'> {
  const head = values['head'];
  if (typeof head !== 'string' || !(HEAD_KINDS as readonly string[]).includes(head)) throw new UsageError(`kenobi train: --head must be one of ${HEAD_KINDS.join(', ')}${head === undefined ? '' : `, got '${String(head)}'`}`);
  const optimizer = values['optimizer'];
  if (optimizer !== undefined && !(HEAD_OPTIMIZERS as readonly string[]).includes(String(optimizer))) throw new UsageError(`kenobi train: --optimizer must be one of ${HEAD_OPTIMIZERS.join(', ')}, got '${String(optimizer)}'`);
  const classWeight = values['class-weight'];
  if (classWeight !== undefined && classWeight !== 'balanced') throw new UsageError(`kenobi train: --class-weight must be 'balanced', got '${String(classWeight)}'`);
  const hidden = values['hidden'] === undefined ? undefined : String(values['hidden']).split(',').map((h) => num('hidden', h, positiveInt, 'positive integers (256 or 512,128)')!);
  const spec = {
    head: head as HeadKind,
    hidden,
    dropout: num('dropout', values['dropout'], (n) => n >= 0 && n < 1, 'in [0, 1)'),
    bn: values['bn'] === true ? true : undefined,
    optimizer: optimizer as HeadOptimizer | undefined,
    lr: num('lr', values['lr'], (n) => n > 0, 'a positive number'),
    c: num('c', values['c'], (n) => n > 0, 'a positive number'),
    weightDecay: num('weight-decay', values['weight-decay'], (n) => n >= 0, 'a number >= 0'),
    epochs: num('epochs', values['epochs'], positiveInt, 'a positive integer'),
    batchSize: num('batch', values['batch'], positiveInt, 'a positive integer'),
    classWeight: classWeight as 'balanced' | undefined,
    validationSplit: num('val-split', values['val-split'], (n) => n >= 0 && n < 1, 'in [0, 1)'),
    patience: num('patience', values['patience'], positiveInt, 'a positive integer'),
    seed: num('seed', values['seed'], Number.isInteger, 'an integer'),
  };
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as unknown as Omit<HeadSpec, 'task' | 'classes'>;
}

/**
 * The `train` command.
 *
 * @example
 * ```sh
 * kenobi train --features gz1-train --head mlp --hidden 256 --dropout 0.5 --kfold 5 --out morph.kenobi
 * ```
 */
export const trainCommand: Command = {
  words: ['train'],
  summary: 'Train a head on a feature store, or a CNN on images (--arch), optionally k-fold cross-validated, into a .kenobi file',
  usage: 'kenobi train --features <dir> [--labels class|<target>[,...]] --head linear|mlp [--hidden 256] [--dropout 0.5] [--bn] [--optimizer lbfgs|adam|...] [--lr] [--epochs] [--batch] [--class-weight balanced] [--kfold 5] [--seed 0] --out head.kenobi [--json]\n'
    + '       kenobi train --arch <seeds-cnn|lenet5|alexnet-small|vgg11-small|vgg16-small|net.json> --data <catalog.csv|dir|stack> [--where C=v1,v2] [--skip-unreadable] [--input-size 64] [--bands g,r,i] [--stretch …] [--augment dihedral,flip,rotate,shift,zoom] [--epochs 30] [--batch 32] [--optimizer adam|sgd|adamw] [--lr 1e-3] [--kfold 5] [--val-fraction 0.1] [--patience N] [--seed 0] [--threads N] [--device cpu|wasm] --out model.kenobi [--resume] [--json]',
  details: `
Trains a head on features from kenobi extract. Classification on the store's class labels (2 classes: one
logit, binary cross-entropy; K: softmax, categorical cross-entropy), or regression (mean squared error) on
target columns with --labels z (or z,mass).

  --features      the feature store folder (kenobi extract --out)
  --labels        class (default when the store has classes) or regression target column(s)
  --head          linear (logistic/softmax/linear regression) | mlp
  --hidden        MLP hidden widths, e.g. 256 or 512,128 (default 256)
  --dropout       MLP dropout rate (default 0.5); --bn adds batch norm
  --optimizer     lbfgs (default for linear: scikit-learn's solver, L2 from --c, default C = 1) |
                  adam (default for mlp) | adamw | sgd | rmsprop | adagrad
  --lr, --weight-decay, --epochs (default 30; lbfgs: max iterations, 100), --batch (default 64)
  --val-split     fraction held out for the validation curves (default 0.1, seeded random rows)
  --patience      early stopping on the validation loss, restoring the best weights
  --class-weight  balanced: weights n / (k · count) as scikit-learn
  --kfold         k: stratified k-fold cross-validation first (metrics per fold, mean ± std), then the
                  final head on all rows
  --fold i        with --kfold k: fold i only (0-based): its held-out metrics in --json, no model written
                  (kenobi slurm train runs one fold per array task and aggregates them)
  --seed          seeds initial weights, shuffling and dropout (default 0): same seed, same head
  --out           the .kenobi file; its metadata records the features (model, tensor, pooling,
                  preprocessing, dim), classes, options and history; kenobi evaluate checks them

Example: kenobi train --features gz1-train --head linear --kfold 5 --out morph-linear.kenobi

Training a CNN on images (--arch): the images of --data (a catalog CSV, a folder per class, a FITS cube or an
.npy stack with --labels-file) are decoded in worker threads, prepared as kenobi extract does (--interval,
--stretch incl. lupton:..., --band-order; --input-size, default 64, resized exactly; pixels in [0, 1]) and
augmented per image from (seed, epoch, image); training runs in a worker thread (progress: epoch, images,
loss, the last validation AUC, images/s).

  --arch          seeds-cnn (Dominguez-Sánchez+18), lenet5, alexnet-small (1/8 width, no LRN),
                  vgg11-small, vgg16-small (1/8 width), or a JSON layer list file:
                  [{"type":"conv2d","filters":16,"kernelSize":3,"padding":"same"},{"type":"relu"},
                   {"type":"maxPooling2d"},{"type":"flatten"},{"type":"dense","units":1},{"type":"sigmoid"}]
                  (conv2d and dense also take Keras's "activation": "relu", sigmoid, tanh, softmax, ...;
                  built-ins end in dense(1) + sigmoid for two classes, dense(K) + softmax for K);
                  or a Keras model.to_json() file (Keras 2 or 3, or a TF.js model.json): a Sequential
                  or one-chain model of Conv2D, Dense, pooling, Flatten, Dropout, BatchNormalization and
                  activations, read with Keras's meanings; settings Kenobi cannot honour are refused;
                  --init glorot (Keras's default, glorot-uniform kernels) | he (he-uniform, for ReLU nets)
  --standardize   featurewise (default: per-channel mean/std of 256 images into the preprocessing, as
                  Keras's featurewise_center + featurewise_std_normalization) | none
  --augment       none (default) | a list of dihedral (one of the 8 symmetries), flip, rotate[:deg, 180],
                  shift[:f, 0.1], zoom[:z, 0.1], fill:nearest|reflect|wrap|constant (Keras ImageDataGenerator)
  --optimizer     adam (default, lr 1e-3) | adamw | sgd | rmsprop | adagrad; --lr, --weight-decay,
                  --momentum (sgd, rmsprop), --batch (32); --warmup N: the learning rate rises linearly,
                  step by step, from lr/steps to lr over the first N epochs
  --epochs        default 30; --patience N: early stopping on the validation loss, best weights restored
  --val-fraction  stratified seeded share of the training rows for validation (default 0.1; 0: none)
  --where         column=value[,value…]: train on the catalog rows that match only (repeatable), e.g.
                  --where split=train
  --skip-unreadable  decode every image once first and leave out those that cannot be read (missing,
                  truncated, corrupt, over --item-timeout), listed in <out>.unreadable.csv; without it the
                  first such image stops the run with its row named
  --kfold k       stratified folds (as --features --kfold: the same folds on the same rows), metrics per
                  fold and mean ± std (AUC, TPR0, TPR10 with --positive, default 'lens' or the 2nd class),
                  out-of-fold probabilities in <out>.oof.csv; then the final model: --final all-rows
                  (default; trained on every row but the validation share) | best-fold (the fold model
                  with the best held-out AUC)
  --seed          seeds the weights, shuffles, dropout, augmentation and splits: same seed, same weights
                  (at a fixed --threads)
  --threads, --device cpu|wasm   where ONNX Runtime trains; --workers (decode threads, default 1),
                  --cache-mb (default 1024: keep decoded inputs when all fit), --item-timeout, --worker-memory
  Ctrl-C, SIGTERM finishes the step, writes <out>.ckpt (or --checkpoint) and exits 130; --resume continues
                  bit-identically (the same command line plus --resume)

Example: kenobi train --arch seeds-cnn --data sim/catalog.csv --stretch lupton:stretch=330 --augment dihedral \\
           --kfold 5 --epochs 30 --warmup 2 --out lensnet.kenobi
(the seeds' CNN needs the warm-up: at a constant Adam 1e-3 its ReLUs die in the first epoch on mostly empty sky)`,
  options: {
    features: { type: 'string' }, labels: { type: 'string' }, head: { type: 'string' }, hidden: { type: 'string' },
    dropout: { type: 'string' }, bn: { type: 'boolean' }, optimizer: { type: 'string' }, lr: { type: 'string' },
    c: { type: 'string' }, 'weight-decay': { type: 'string' }, epochs: { type: 'string' }, batch: { type: 'string' },
    'val-split': { type: 'string' }, patience: { type: 'string' }, 'class-weight': { type: 'string' }, kfold: { type: 'string' },
    seed: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, positive: { type: 'string' },
    arch: { type: 'string' }, data: { type: 'string' }, 'input-size': { type: 'string' }, channels: { type: 'string' }, bands: { type: 'string' },
    ...CATALOG_COLUMN_OPTIONS, 'skip-unreadable': { type: 'boolean' }, 'labels-file': { type: 'string' },
    interval: { type: 'string' }, stretch: { type: 'string' }, 'band-order': { type: 'string' }, augment: { type: 'string' },
    'val-fraction': { type: 'string' }, threads: { type: 'string' }, device: { type: 'string' }, final: { type: 'string' },
    workers: { type: 'string' }, 'cache-mb': { type: 'string' }, 'item-timeout': { type: 'string' }, 'worker-memory': { type: 'string' },
    checkpoint: { type: 'string' }, resume: { type: 'boolean' }, standardize: { type: 'string' }, momentum: { type: 'string' }, warmup: { type: 'string' }, init: { type: 'string' },
    fold: { type: 'string' },
  },
  async run({ values }, io) {
    if (typeof values.arch === 'string') {
      if (values.fold !== undefined) throw new UsageError('kenobi train: --fold runs one fold of a head on features (--features); with --arch, use --kfold');
      if (values.features !== undefined || values.head !== undefined) throw new UsageError('kenobi train: --arch trains a CNN on images (--data); --features/--head train a head on features: choose one');
      if (typeof values.out !== 'string') throw new UsageError(`kenobi train: --out is required. Usage: ${trainCommand.usage}`);
      return trainImages(values, io);
    }
    if (typeof values.features !== 'string') throw new UsageError(`kenobi train: --features is required. Usage: ${trainCommand.usage}`);
    const kfold = num('kfold', values.kfold, (n) => Number.isInteger(n) && n >= 2, 'an integer >= 2');
    const fold = num('fold', values.fold, (n) => Number.isInteger(n) && n >= 0 && (kfold === undefined || n < kfold), `an integer in [0, ${kfold ?? 'k'}) with --kfold k`);
    if (fold !== undefined && kfold === undefined) throw new UsageError('kenobi train: --fold i needs --kfold k (it runs fold i of those k only)');
    if (typeof values.out !== 'string' && fold === undefined) throw new UsageError(`kenobi train: --out is required. Usage: ${trainCommand.usage}`);
    const base = headSpecFromArgs(values);
    const table = await readFeatures(values.features);
    const data = headData(table, typeof values.labels === 'string' ? values.labels : undefined);
    const spec: HeadSpec = { ...base, task: data.task, classes: data.outputs };
    const log = (line: string): void => {
      if (!values.json) io.stderr.write(`${line}\n`);
    };
    const leftOut = data.leftOut > 0 ? `; ${data.leftOut} row(s) without ${data.task === 'classification' ? 'a class label' : `a value of ${data.labels}`} left out` : '';
    log(`${data.x.rows} rows × ${data.x.cols} features, ${data.task} on ${data.labels}${data.task === 'classification' ? ` (${data.names.join(', ')})` : ''}${leftOut}`);
    const positive = data.task === 'classification' && data.outputs === 2 ? positiveClass(data.names, values.positive as string | undefined) : undefined;
    const cv = kfold === undefined ? undefined : await crossValidateHead(data, spec, kfold, log, positive, fold);
    if (cv) log(formatCrossValidation(cv));
    if (fold !== undefined) {
      // NOTE: one fold only (kenobi slurm train: a task per fold, aggregated from these outputs); no model is written.
      const one = { kfold, fold, task: data.task, rows: data.x.rows, dim: data.x.cols, crossValidation: cv };
      io.stdout.write(values.json ? `${JSON.stringify(one, null, 2)}\n` : `fold ${fold + 1}/${kfold}: ${Object.entries(cv!.perFold[0]!).map(([n, v]) => `${n} ${v.toFixed(4)}`).join(', ')}\n`);
      return 0;
    }
    const bar = values.json ? undefined : progressBar(io.stderr);
    const trained = await trainOnData(data, spec, bar);
    const meta = table.meta;
    const metadata = {
      kind: 'kenobi-head',
      task: data.task,
      loss: trained.loss.name,
      classes: data.task === 'classification' ? data.names : undefined,
      targets: data.task === 'regression' ? data.names : undefined,
      labels: data.labels,
      features: {
        store: resolve(values.features), dim: table.dim, model: meta.model, tensor: meta.tensor, pool: meta.pool,
        preprocessing: meta.preprocessing, fingerprint: meta.dataset.fingerprint, rows: data.x.rows,
      },
      training: {
        spec, seed: spec.seed ?? 0, engine: trained.engine,
        ...(trained.history ? { history: trained.history.epochs, stoppedEarly: trained.history.stoppedEarly } : {}),
        ...(trained.lbfgs ? { lbfgs: trained.lbfgs } : {}),
      },
      ...(cv ? { crossValidation: cv } : {}),
      createdAt: new Date().toISOString(),
    };
    const outPath = String(values.out);
    saveHeadFile(outPath, trained.model, JSON.parse(JSON.stringify(metadata)) as Record<string, unknown>);
    const summary = { out: resolve(outPath), task: data.task, rows: data.x.rows, dim: data.x.cols, params: trained.model.countParams(), engine: trained.engine, ...(cv ? { crossValidation: cv } : {}), ...(trained.lbfgs ? { lbfgs: trained.lbfgs } : {}), epochs: trained.history?.epochs.length };
    if (values.json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else io.stdout.write(`wrote ${summary.out}: ${spec.head} head, ${summary.params} params, trained on ${summary.rows} rows (${trained.engine} engine)\n`);
    return 0;
  },
};
